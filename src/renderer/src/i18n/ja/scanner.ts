/** Japanese for the `scanner` section of en.ts (same shape), for the i18n merge. */
export const jaScanner = {
  wedge: 'スキャナー: キーボード入力',
  ready: (name: string): string => `スキャナー: HID-POS 接続済み（${name}）`,
  opening: (name: string): string => `スキャナー: ${name} に接続中…`,
  unavailable: (name: string): string =>
    `スキャナー: ${name} は接続されていますが読み取れません — 設置担当者に連絡してください（README「HID-POS scanners」）`,
  unplugged: (name: string): string =>
    `スキャナー: ${name} が外れています — 接続し直してください。それまでこのスキャナーの読み取りはレジに届きません`,
  keyboardMode: (name: string): string =>
    `スキャナー: キーボードモード（${name}）— 切り替えるには、スキャナーのマニュアルにある「USB HID-POS」（または「HID POS」）設定バーコードを読み取ってください。それまではキーボード入力のスキャナーとして使えます`
}
