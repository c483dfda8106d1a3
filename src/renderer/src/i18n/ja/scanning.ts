/** Japanese for the `scanning` section of en.ts (same shape), for the i18n merge. */
export const jaScanning = {
  notWalletCode:
    '読み取ったコードは短すぎて、ウォレットの支払いコードではありません（商品のバーコードでは？）。お客様のウォレットアプリに表示されたコードを読み取ってください。'
}
