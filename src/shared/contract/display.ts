import { z } from 'zod'
import type { Money } from '../money'
import type { PaymentMode, SaleLine } from '../order'
import { managerPinSchema } from './manager'
import { command, event } from './spec'
import { noArgs } from './schemas'

/** The sale's lines, when the cashier keyed any: what the customer is paying for. */
interface Lines {
  readonly lines?: readonly SaleLine[]
}

/** Everything the customer-facing display shows. It renders this and nothing else. */
export type DisplayState =
  | { readonly screen: 'idle'; readonly shopName: string }
  | ({
      readonly screen: 'awaiting-code'
      readonly shopName: string
      readonly amount: Money
    } & Lines)
  /**
   * The cashier chose to show a QR and the gateway has not issued it yet: the customer waits
   * (rather than being asked for their own code, which MPM does not use).
   */
  | ({
      readonly screen: 'preparing-qr'
      readonly shopName: string
      readonly amount: Money
    } & Lines)
  | ({ readonly screen: 'processing'; readonly shopName: string; readonly amount: Money } & Lines)
  /** The customer has the payment open in their wallet app and is asked to confirm it. */
  | ({ readonly screen: 'confirming'; readonly shopName: string; readonly amount: Money } & Lines)
  | { readonly screen: 'paid'; readonly shopName: string; readonly amount: Money }
  /**
   * The wallet refused the payment. `mode` says what the customer can try next: another code of
   * theirs (CPM), or a new QR from the till (MPM), since they never showed a code of their own.
   */
  | {
      readonly screen: 'declined'
      readonly shopName: string
      readonly amount: Money
      readonly mode: PaymentMode
    }
  /**
   * The till is closing an MPM order on the gateway (API.md §10 MPM 3): the cashier cancelled it,
   * or its time ran out. The QR is gone: nobody should start paying an order being closed. A
   * payment the customer's wallet had already started may still land; then the screen says Paid.
   */
  | { readonly screen: 'closing'; readonly shopName: string; readonly amount: Money }
  /** Nobody paid in time and the gateway closed the order unpaid: nothing was taken. */
  | { readonly screen: 'expired'; readonly shopName: string; readonly amount: Money }
  | ({
      readonly screen: 'show-qr'
      readonly shopName: string
      readonly amount: Money
      readonly payMethodId: string
      /** The `qrcode_url` to render as a QR code, as the gateway issued it. */
      readonly qrContent: string
      /** When the code stops working (epoch ms, the till's clock); null when unknown. */
      readonly expiresAt: number | null
      /**
       * The till's clock (epoch ms) when it sent this state. The page counts `expiresAt − sentAt`
       * down from when it received it, on its own monotonic clock: a LAN tablet whose clock is
       * off by minutes still shows the time the customer really has.
       */
      readonly sentAt: number
    } & Lines)
  /** A refund of the sale on the counter is on its way: `amount` is what is being returned. */
  | { readonly screen: 'refunding'; readonly shopName: string; readonly amount: Money }
  | { readonly screen: 'refunded'; readonly shopName: string; readonly amount: Money }
  /** The last refund of the sale on the counter failed: `amount` did not go back. */
  | { readonly screen: 'refund-failed'; readonly shopName: string; readonly amount: Money }

/** The LAN customer display's port unless settings say otherwise: a tablet's bookmark keeps it. */
export const defaultLanPort = 8790

/** 0.0.0.0 or :: (in any spelling): "every address", which no browser can open. */
export function isUnspecifiedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '')
  return bare === '0.0.0.0' || /^[0:]+$/.test(bare)
}

/**
 * settings.json `customerDisplay`: which display the Electron customer window goes to (an
 * Electron display id; absent or null: the first display that is not the primary), and whether
 * a tablet on the shop LAN may be the customer display (off unless switched on).
 */
export const customerDisplaySettingsSchema = z.strictObject({
  displayId: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  lan: z.boolean().optional(),
  /**
   * The LAN address to listen on; default: this machine's first non-loopback IPv4 address. Not
   * 0.0.0.0 or ::: the pairing QR carries this address, and a tablet cannot open "0.0.0.0".
   */
  lanHost: z
    .union([z.ipv4(), z.ipv6()])
    .refine((address) => !isUnspecifiedAddress(address), {
      message:
        "needs this machine's own LAN address (e.g. 192.168.1.20), not one that means every " +
        'address: the tablet opens the address the pairing QR code carries'
    })
    .optional(),
  /** Default 8790, so the address printed on a tablet's bookmark stays the same. */
  lanPort: z.number().int().min(0).max(65535).optional()
})

/** A code that pairs a tablet on the shop LAN as the customer display (web host only). */
export interface LanPairingView {
  /** The tablet opens this (typed, or scanned from a QR code): it carries the code. */
  readonly url: string
  /** Where the tablet can type the code instead. */
  readonly pairAddress: string
  readonly code: string
  /** The code stops working then (epoch ms); it is single-use before that. */
  readonly expiresAt: number
}

/** A screen the desktop app can put the customer display on (`display:list`). */
export interface DisplayChoice {
  /** Electron's display id: what settings.json `customerDisplay.displayId` holds. */
  readonly id: number
  /** The name the OS gives the screen (a monitor's model, say); empty when it gives none. */
  readonly label: string
  /** Its resolution in physical pixels, as a person reads it on the monitor's box. */
  readonly width: number
  readonly height: number
  /** The main screen: the cashier's, never covered by the customer display. */
  readonly primary: boolean
  /** Where the customer display is now. */
  readonly customer: boolean
}

/** The screens plugged in now, left to right, and the one the shop chose. */
export interface DisplayList {
  /** False where no screens can be placed on (the web host): `message` says why. */
  readonly available: boolean
  readonly displays: readonly DisplayChoice[]
  /** settings.json `customerDisplay.displayId`; null: automatic. It may be unplugged now. */
  readonly chosenId: number | null
  readonly message: string | null
}

export const displayCommands = {
  'display:get': command<DisplayState>()(noArgs, ['cashier', 'customer']),
  /** The screens to choose the customer display's from; the choice is saved by `settings:update`. */
  'display:list': command<DisplayList>()(noArgs, ['cashier']),
  /**
   * A fresh pairing code for a LAN tablet. Refused (CONFLICT) unless the web host runs with
   * settings.json `customerDisplay.lan` on; never offered to the customer role.
   */
  'display:pairLan': command<LanPairingView>()(noArgs, ['cashier']),
  /**
   * Unpairs every LAN tablet at once (one lost or replaced): every token pairing gave out and the
   * code on show stop working, every LAN customer display connection is closed, and a fresh code
   * comes back to pair the tablets the shop keeps. The cashier's own screens are untouched. Needs
   * `managerPin` once a manager PIN is set, exactly as `settings:update` does; refused (CONFLICT)
   * unless the web host runs with settings.json `customerDisplay.lan` on.
   */
  'display:unpairLan': command<LanPairingView>()(
    z.strictObject({ managerPin: managerPinSchema.optional() }),
    ['cashier']
  )
}

export const displayEvents = {
  'display:changed': event<DisplayState>()(['cashier', 'customer'])
}
