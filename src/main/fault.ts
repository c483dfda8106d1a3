import { createLogger } from './log'

const log = createLogger('fault')

/**
 * What a till does with a fault nobody caught: a promise rejected with no handler (which ends a
 * Node 24 process on the spot) or an exception thrown out of an event. Neither is expected, so
 * the till cannot know what it left half done: a poll loop that died, a refund no longer watched.
 * Carrying on would show the cashier a state nothing is looking after any more. Stopping is safe
 * instead: every money state is journaled before it leaves, and the next start resumes every
 * unfinished attempt and refund by asking the gateway. So the fault is logged with its stack (the
 * logger redacts customer codes and keys from it), and `stop` closes the till in order, the
 * journal last, and ends the process with a failure for its supervisor to start it again.
 *
 * `stop` is called once, for the first fault; a second one while stopping is only logged.
 */
export function stopOnFault(stop: (cause: string) => void): () => void {
  let stopping = false
  const onFault =
    (cause: string) =>
    (reason: unknown): void => {
      log.error(`${cause}: stopping the till, to resume from the journal when it starts again`, {
        error: faultOf(reason)
      })
      if (stopping) return
      stopping = true
      stop(cause)
    }
  const rejection = onFault('unhandled rejection')
  const exception = onFault('uncaught exception')
  process.on('unhandledRejection', rejection)
  process.on('uncaughtException', exception)
  for (const output of [process.stdout, process.stderr]) output.on('error', outputLost)
  return () => {
    process.off('unhandledRejection', rejection)
    process.off('uncaughtException', exception)
    for (const output of [process.stdout, process.stderr]) output.off('error', outputLost)
  }
}

/**
 * A log or a printout nobody reads any more (the terminal the till was started from closed, the
 * reader of its pipe ended) is no fault of the till: the money is in the journal, not the log.
 * Unheard, the stream's EPIPE is an uncaught exception; logging that fault writes to the same
 * pipe, which raises another, round and round until the stop's deadline ends the till uncleanly.
 * There is nowhere left to say it, so the error is dropped and the till carries on.
 */
function outputLost(): void {}

/**
 * The stack (which starts with the message) of an error; anything else as it is, so that the
 * logger's redaction sees its field names (an `auth_code` in a rejected gateway reply).
 */
export function faultOf(reason: unknown): unknown {
  if (reason instanceof Error) return reason.stack ?? `${reason.name}: ${reason.message}`
  return reason
}
