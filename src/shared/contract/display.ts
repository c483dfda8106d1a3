import type { Money } from '../money'
import { command, event } from './spec'
import { noArgs } from './schemas'

/** Everything the customer-facing display shows. It renders this and nothing else. */
export type DisplayState =
  | { readonly screen: 'idle'; readonly shopName: string }
  | { readonly screen: 'awaiting-code'; readonly shopName: string; readonly amount: Money }
  | { readonly screen: 'processing'; readonly shopName: string; readonly amount: Money }
  | { readonly screen: 'paid'; readonly shopName: string; readonly amount: Money }
  | { readonly screen: 'declined'; readonly shopName: string; readonly amount: Money }
  | {
      readonly screen: 'show-qr'
      readonly shopName: string
      readonly amount: Money
      readonly payMethodId: string
      /** The `qrcode_url` to render as a QR code, as the gateway issued it. */
      readonly qrContent: string
      /** When the code stops working (epoch ms), for the countdown; null when unknown. */
      readonly expiresAt: number | null
    }
  | { readonly screen: 'refunded'; readonly shopName: string; readonly amount: Money }

export const displayCommands = {
  'display:get': command<DisplayState>()(noArgs, ['cashier', 'customer'])
}

export const displayEvents = {
  'display:changed': event<DisplayState>()(['cashier', 'customer'])
}
