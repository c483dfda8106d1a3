import {
  commands,
  fail,
  isCommandChannel,
  type CommandChannel,
  type CommandResult,
  type ParsedArgs,
  type Result,
  type Role
} from '../../shared/contract'
import { createLogger } from '../log'

const log = createLogger('dispatch')

/** One function per command; the adapters reach the service through nothing else. */
export type CommandHandlers = {
  readonly [K in CommandChannel]: (args: ParsedArgs<K>) => Promise<Result<CommandResult<K>>>
}

/**
 * Validates at the edge, once (CONVENTIONS.md §4): the channel exists, the caller's role may use
 * it, the arguments match its schema. Both adapters call this; a handler never sees raw input.
 */
export async function dispatch(
  handlers: CommandHandlers,
  role: Role,
  channel: string,
  rawArgs: unknown
): Promise<Result<unknown>> {
  if (!isCommandChannel(channel))
    return fail('NOT_FOUND', `Unknown command ${channel.slice(0, 64)}.`)
  const spec = commands[channel]
  if (!spec.roles.includes(role)) {
    log.warn(`refused ${channel} from the ${role} screen`)
    return fail('FORBIDDEN', `The ${role} screen may not use ${channel}.`)
  }
  const parsed = spec.args.safeParse(rawArgs ?? {})
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`)
      .join('; ')
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))]
      .filter((field) => field !== '')
      .slice(0, 50)
    return fail('INVALID_ARGUMENT', `Invalid arguments for ${channel}: ${problems}`, {
      key: 'invalid-fields',
      fields
    })
  }
  try {
    const handler = handlers[channel] as (args: unknown) => Promise<Result<unknown>>
    return await handler(parsed.data)
  } catch (error) {
    log.error(`${channel} failed`, { error: error instanceof Error ? error.stack : String(error) })
    return fail('INTERNAL', 'Something went wrong in QR Till. The details are in the log.')
  }
}
