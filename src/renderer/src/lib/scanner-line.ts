import type { ScannerStatus } from '../../../shared/contract'
import type { Messages } from '../i18n'

/** The words for a status; `attention` when the cashier has something to do. */
export function scannerLine(
  status: ScannerStatus,
  words: Messages['scanner']
): { text: string; attention: boolean } {
  const named = (state: string): string[] =>
    status.devices.filter((device) => device.state === state).map((device) => device.name)
  switch (status.kind) {
    case 'none':
      return { text: words.wedge, attention: false }
    case 'keyboard-mode':
      return { text: words.keyboardMode(named('keyboard-mode').join(', ')), attention: true }
    case 'hid-pos': {
      // A scanner that was in use went away: first, even with another one still ready.
      const unplugged = named('unplugged')
      if (unplugged.length > 0)
        return { text: words.unplugged(unplugged.join(', ')), attention: true }
      // Then one plugged in that the till cannot read: a cashier who picks it up scans for
      // nothing, even while another scanner works.
      const unavailable = named('unavailable')
      if (unavailable.length > 0)
        return { text: words.unavailable(unavailable.join(', ')), attention: true }
      const ready = named('ready')
      if (ready.length > 0) return { text: words.ready(ready.join(', ')), attention: false }
      const opening = named('opening')
      if (opening.length > 0) return { text: words.opening(opening.join(', ')), attention: false }
      return { text: words.unavailable(unavailable.join(', ')), attention: true }
    }
  }
}
