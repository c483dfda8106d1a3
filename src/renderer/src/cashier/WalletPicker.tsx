import type { ReactElement } from 'react'
import { useT } from '../i18n'
import { NumberedMethods } from './MethodPicker'

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
      <NumberedMethods methods={wallets} label={t.tender.walletListLabel} onPick={onPick} />
    </div>
  )
}
