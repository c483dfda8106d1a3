/** Japanese for the `digitsOnly` section of en.ts (same shape), for the i18n merge. */
export const jaDigitsOnly = {
  amount: (dropped: string, decimals: number): string =>
    `金額には数字${decimals === 0 ? '' : 'と小数点'}だけを入力できます。「${dropped}」は入力されませんでした。`,
  price: (n: number, dropped: string, decimals: number): string =>
    `商品${n}: 単価には数字${decimals === 0 ? '' : 'と小数点'}だけを入力できます。「${dropped}」は入力されませんでした。`,
  quantity: (n: number, dropped: string): string =>
    `商品${n}: 数量には数字だけを入力できます。「${dropped}」は入力されませんでした。`
}
