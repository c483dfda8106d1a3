/**
 * Japanese for the sale, tender and customer-display strings (en.ts `tender`, `lines`, `display`,
 * and what `customer` gained for them), composed into ja.ts.
 */

/**
 * What en.ts `customer` gained for confirming, the sale's lines, a QR that was not paid in time
 * or is being closed, and a decline of a QR payment.
 */
export const jaCustomerDisplay = {
  confirming: 'ウォレットアプリでお支払いを確定してください',
  declinedHintMpm: '新しいQRコードか別のお支払い方法について、係員にお声がけください',
  notPaidInTime: 'お支払いの時間が過ぎました',
  notPaidInTimeHint: 'お支払いは行われていません。係員にお声がけください',
  closing: 'このQRコードはご利用いただけなくなりました。少々お待ちください',
  total: '合計'
}

export const jaTender = {
  keyF3: 'F3',
  showQr: 'QRコードを表示',
  scanInstead: 'お客様のコードを読み取る',
  showQrInstead: 'QRコード表示に切り替え',
  walletHeading: 'お支払いに使うウォレットは？',
  walletHint: '番号を押すか、ウォレットをタップしてください。Escで会計を取り消します。',
  walletListLabel: 'QRコードを表示できるウォレット',
  noWallets:
    'このレジにはQRコードを表示できるウォレットがありません。お客様のコードを読み取ってください。',
  requestingQr: 'ゲートウェイにQRコードを依頼しています…',
  showingQr: 'お客様の読み取りを待っています',
  showingQrHint: (wallet: string): string =>
    `お客様がお客様用画面の${wallet}のQRコードを読み取ります。`,
  confirming: 'お客様がウォレットで確定しています',
  confirmingHint: 'お客様にお待ちいただいてください。ウォレットが支払いの確定を求めています。',
  timeLeft: (time: string): string => `残り ${time}`,
  timeUp: '時間切れです — 注文を取り消しています',
  cancelPayment: '決済を取り消す',
  cancelling: '決済を取り消しています…',
  cancellingHint:
    'ゲートウェイで注文を取り消しています。その間にお客様が支払った場合は「決済完了」と表示されます。',
  notPaidInTime: '時間内に支払われませんでした',
  declinedBecause: (detail: string): string => `ウォレットの理由: ${detail}`,
  declinedNextCpm: 'お客様に新しいコードを表示してもらうか、別の方法をお試しください。',
  declinedNextMpm: '新しいQRコードを表示するか、別の方法をお試しください。',
  showNewQr: '新しいQRコードを表示',
  wallet: 'ウォレット',
  attentionHint:
    'まだ商品をお渡しせず、この会計で別の決済も受けないでください。レジがゲートウェイに確認を続けます。'
}

export const jaDisplay = {
  idle: (shopName: string): string =>
    `会計がないときは、お客様用画面に「${shopName}」を表示します。`,
  placementHeading: 'セカンドディスプレイ',
  placementHint:
    'デスクトップアプリでは、お客様用画面はメイン以外のディスプレイに全画面で開き、再接続すると元のディスプレイに戻ります。セカンドディスプレイがないときはウィンドウで開きます。',
  lanHeading: '店内ネットワークのタブレット',
  lanHint:
    '店内ネットワークのタブレットをお客様用画面にできます。ここ（または settings.json の customerDisplay.lan）でオンにするまでは使えません。オンにすると、Webホストはこのパソコンの店内ネットワークのアドレスでも待ち受けます。',
  lanSwitch: '店内ネットワークのタブレットをお客様用画面にする',
  saveLan: '保存',
  lanSaved: '保存しました。',
  lanSavedRestart: '保存しました。レジを次に起動したときから有効になります。',
  pair: 'タブレットをペアリング',
  pairAgain: '新しいペアリングコード',
  pairing: 'ペアリングコードを取得しています…',
  unpairAll: 'すべてのタブレットのペアリングを解除',
  unpairHint:
    'タブレットを紛失・交換したとき：ペアリング済みのタブレットはすべて、すぐにお客様用画面を表示しなくなります。引き続き使うタブレットは、表示される新しいコードでペアリングし直してください。店長PINが必要です。',
  unpaired:
    'すべてのタブレットのペアリングを解除しました。引き続き使うタブレットは、この新しいコードでペアリングしてください。',
  code: 'ペアリングコード',
  address: 'タブレットで次のアドレスを開く',
  orScan: 'か、タブレットのカメラでこのQRコードを読み取ってください。',
  qrLabel: 'タブレットをお客様用画面としてペアリングするQRコード',
  expired: 'このコードは期限切れです。新しいコードを取得してください。',
  screenLabel: 'お客様用画面',
  screenAutomatic: '自動（メイン以外の最初のディスプレイ）',
  screenOption: (
    n: number,
    name: string,
    width: number,
    height: number,
    primary: boolean,
    customer: boolean
  ): string => {
    const marks = [primary ? 'メイン' : '', customer ? '現在のお客様用画面' : '']
      .filter((mark) => mark !== '')
      .join('、')
    return `ディスプレイ${n}${name === '' ? '' : `（${name}）`} — ${width}×${height}${marks === '' ? '' : `（${marks}）`}`
  },
  screenAway: '選んだディスプレイ（いまは接続されていません）',
  screenHint:
    '他の設定と一緒に保存します。保存するとお客様用画面はすぐに移動します。メインのディスプレイはレジ担当者用のままです。',
  screensLoading: 'ディスプレイを確認しています…',
  screenDesktopOnly:
    'お客様用画面をディスプレイに配置するのはデスクトップアプリの機能です。Webホストでは、店内ネットワークのタブレットがお客様用画面になります（下記）。'
}

export const jaLines = {
  heading: '商品（任意）',
  hint: '商品を入力すると、金額はその合計になります。',
  add: '商品を追加',
  description: '商品名',
  price: '単価',
  quantity: '数量',
  lineTotal: '小計',
  remove: (n: number): string => `商品${n}を削除`,
  itemLabel: (n: number): string => `商品${n}`,
  amountFromLines: '商品の合計',
  problem: {
    description: (n: number): string => `商品${n}: 商品名を1〜80文字で入力してください。`,
    price: (n: number): string => `商品${n}: 0より大きい単価を入力してください。`,
    quantity: (n: number): string => `商品${n}: 数量は1〜9999の整数です。`,
    'too-large': (n: number): string => `商品${n}で合計がレジの上限を超えました。`
  },
  customerLine: (quantity: number, description: string): string =>
    quantity === 1 ? description : `${description} × ${quantity}`,
  customerListLabel: 'ご購入商品',
  customerMore: (count: number): string => `ほか${count}点`
}
