import type { NotTaken } from '../../lib/amount'

/** Japanese for the `digitsOnly` section of en.ts (same shape), for the i18n merge. */
export const jaDigitsOnly = {
  amount: (dropped: string, decimals: number): string =>
    `金額には数字${decimals === 0 ? '' : 'と小数点'}だけを入力できます。「${dropped}」は入力されませんでした。`,
  price: (n: number, dropped: string, decimals: number): string =>
    `商品${n}: 単価には数字${decimals === 0 ? '' : 'と小数点'}だけを入力できます。「${dropped}」は入力されませんでした。`,
  quantity: (n: number, dropped: string): string =>
    `商品${n}: 数量には数字だけを入力できます。「${dropped}」は入力されませんでした。`,
  notTaken: {
    amount: (why: NotTaken): string =>
      `${why === 'negative' ? 'マイナスの金額は入力できません' : why === 'comma' ? 'カンマは1,200のような3桁区切りにだけ使えます' : 'この通貨の金額に小数点は使えません'}。この入力は受け付けず、金額は元のままです。`,
    price: (n: number, why: NotTaken): string =>
      `商品${n}: ${why === 'negative' ? 'マイナスの単価は入力できません' : why === 'comma' ? 'カンマは1,200のような3桁区切りにだけ使えます' : 'この通貨の単価に小数点は使えません'}。この入力は受け付けず、単価は元のままです。`,
    quantity: (n: number, why: NotTaken): string =>
      `商品${n}: ${why === 'negative' ? 'マイナスの数量は入力できません' : '数量は整数で入力してください'}。この入力は受け付けず、数量は元のままです。`
  }
}
