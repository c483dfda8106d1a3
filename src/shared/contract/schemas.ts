import { z } from 'zod'
import { isCurrencyCode, isValidMinor, type CurrencyCode } from '../money'

export const currencySchema = z
  .string()
  .refine(isCurrencyCode, { message: 'unsupported currency' })
  .transform((code) => code as CurrencyCode)

export const moneySchema = z.strictObject({
  minor: z
    .number()
    .refine(isValidMinor, { message: 'amount must be a positive whole number of minor units' }),
  currency: currencySchema
})

export const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)

/** A wallet payment code as a scanner delivers it: printable ASCII, no spaces. */
export const authCodeSchema = z
  .string()
  .min(6)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, { message: 'a payment code is printable ASCII without spaces' })

/** PayCloud's `pay_method_id` values are short identifiers such as `WeChatPay` or `Alipay+`. */
export const payMethodIdSchema = z.string().regex(/^[A-Za-z0-9+_-]{1,32}$/)

export const noArgs = z.strictObject({})

/** PayCloud's order numbers: at most 32 letters and digits (API.md §5.1). */
export const merchantOrderNoSchema = z.string().regex(/^[A-Za-z0-9]{1,32}$/)

/** The most days one report covers. */
export const maxReportDays = 366

/**
 * The longest report range in epoch ms: 366 days of 24 hours, and the hour a daylight-saving
 * change adds to a range of local days that crosses it (a screen asks for local midnights).
 */
export const maxReportMs = (maxReportDays * 24 + 1) * 3_600_000

/** A report's range: epoch milliseconds, `from` inclusive, `to` exclusive, at most 366 days. */
export const rangeSchema = z
  .strictObject({
    from: z.number().int().nonnegative(),
    to: z.number().int().nonnegative()
  })
  .refine((range) => range.to > range.from, { message: 'to must be after from' })
  .refine((range) => range.to - range.from <= maxReportMs, {
    message: 'a report covers at most 366 days'
  })
