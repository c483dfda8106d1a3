export { openJournal, JournalUnavailableError, RefundRefusedError } from './journal'
export type {
  Journal,
  JournalEvent,
  NewAttempt,
  AttemptUpdate,
  CancelCause,
  CloseState,
  NewRefund,
  RefundUpdate
} from './journal'
export { migrate, migrations, latestVersion } from './migrations'
