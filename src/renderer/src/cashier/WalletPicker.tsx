import type { ReactElement } from 'react'
import { useT } from '../i18n'
import { methodLabel } from '../lib/methods'

/**
 * The wallets that can show the customer a QR (MPM). Numbers 1-9 pick (handled with the payment
 * screen's other keys), Esc cancels the sale; touch and click work the same.
 */
export function WalletPicker({
  wallets,
  onPick
}: {
  wallets: readonly string[]
  onPick: (payMethodId: string) => void
}): ReactElement {
  const t = useT()
  if (wallets.length === 0) return <p className="notice notice--info">{t.tender.noWallets}</p>
  return (
    <div className="picker">
      <ul className="picker__list" aria-label={t.tender.walletListLabel}>
        {wallets.map((payMethodId, index) => {
          const shortcut = index < 9 ? String(index + 1) : null
          return (
            <li key={payMethodId}>
              <button
                type="button"
                className="picker__option"
                aria-keyshortcuts={shortcut ?? undefined}
                onClick={() => onPick(payMethodId)}
              >
                {shortcut && (
                  <span className="picker__number" aria-hidden="true">
                    {shortcut}
                  </span>
                )}
                <span className="picker__label">{methodLabel(payMethodId)}</span>
              </button>
            </li>
          )
        })}
      </ul>
    </div>
  )
}
