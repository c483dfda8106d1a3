/** Japanese for the `manualCode` section of en.ts (same shape), for the i18n merge. */
export const jaManualCode = {
  open: 'コードを手入力',
  heading: 'お客様の支払いコードを入力してください',
  label: '支払いコード',
  hint: (min: number, max: number): string =>
    `お客様のウォレットアプリのバーコードの下に表示された番号です（英数字${min}〜${max}文字）。入力中もスキャナーで読み取れます。`,
  submit: 'このコードで決済',
  cancel: '読み取りに戻る',
  empty: 'お客様のウォレットアプリに表示されたコードを入力してください。',
  characters:
    '支払いコードは英数字だけで、記号やかなは入りません。入力内容を確認し、日本語入力がオンなら半角英数に切り替えてください。',
  tooShort: (min: number): string =>
    `支払いコードとしては短すぎます（${min}文字以上）。入力内容を確認してください。`,
  tooLong: (max: number): string =>
    `支払いコードとしては長すぎます（${max}文字以下）。入力内容を確認してください。`,
  disconnected: 'レジサービスに接続されていません。再接続してから決済してください。'
}
