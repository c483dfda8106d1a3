export { openJournal, JournalUnavailableError } from './journal'
export type { Journal, JournalEvent, NewAttempt, AttemptUpdate } from './journal'
export { migrate, migrations, latestVersion } from './migrations'
