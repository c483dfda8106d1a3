import { jaCustomerDisplay, jaDisplay, jaLines, jaTender } from './ja/display'
import { defineMessages } from './shape'
import { jaEndOfDay, jaHistory, jaManagerPin, jaRefund, jaSaleDetail } from './ja/history'
import { jaScanner } from './ja/scanner'
import { jaScanning } from './ja/scanning'
import { jaHealth, jaNav, jaSettings, jaWizard } from './ja/settings'
import { jaManualCode } from './ja/manual-code'
import { jaDigitsOnly } from './ja/digits-only'
import { jaMethodTester } from './ja/method-tester'
import { jaReasons } from './ja/reasons'
import { jaSaid } from './ja/said'

/**
 * Every string of en.ts in Japanese, for the first market: polite (です・ます) to the customer,
 * short and plain to the cashier, in the words Japanese tills use (会計, お支払い, 決済, 取消, 返金).
 * defineMessages makes a missing or extra key a compile error; a screen's section written by its
 * own author lives in ja/<feature>.ts and is composed here.
 */
export const ja = defineMessages({
  locale: 'ja',
  app: {
    cashierTitle: 'QR Till — レジ',
    customerTitle: 'QR Till — お客様用画面',
    product: 'QR Till'
  },
  sandbox: {
    banner: 'サンドボックス — 実際のお金は動きません',
    detail: '決済はこのレジに内蔵されたテスト用ゲートウェイに送られます。'
  },
  status: {
    region: 'レジの状態',
    serviceConnected: 'レジサービスに接続済み',
    serviceConnecting: 'レジサービスに接続しています…',
    serviceDisconnected: 'レジサービスとの接続が切れました — 再接続しています…',
    noToken:
      'このアドレスにはアクセストークンがありません。レジが表示したアドレスを #token=… まで含めて開いてください。',
    gatewaySandbox: 'ゲートウェイ: サンドボックス',
    gatewayLive: 'ゲートウェイ: PayCloud',
    gatewayUnknown: 'ゲートウェイ: —'
  },
  loading: 'レジの設定を読み込んでいます…',
  keys: { enter: 'Enter', esc: 'Esc', f2: 'F2' },
  entry: {
    heading: '新しい会計',
    amountLabel: '金額',
    amountHint: (decimals) =>
      decimals === 0 ? '整数で入力してください。' : `小数点以下${decimals}桁まで入力できます。`,
    total: '合計',
    scan: 'お客様のコードを読み取る',
    opening: '会計を開始しています…',
    keypad: 'テンキー',
    clear: 'クリア',
    backspace: '1文字削除',
    decimalPoint: '小数点',
    enterAmount: '先に金額を入力してください。',
    tooLarge: 'この金額はレジで扱える上限を超えています。',
    invalid: 'この金額では決済できません。小数点以下の桁数を確認してください。',
    scannedTooEarly:
      '会計を開始する前に支払いコードが読み取られました。金額を入力してから「お客様のコードを読み取る」を押してください。'
  },
  payment: {
    region: 'お支払い',
    saleNumber: (saleId) => `取引 ${saleId}`,
    awaitingHeading: 'お客様の支払いコードを読み取ってください',
    awaitingHint: 'ウォレットアプリのバーコードまたはQRコードにスキャナーを向けてください。',
    cancel: '取消',
    processing: 'ゲートウェイに確認しています…',
    processingHint: 'ゲートウェイから応答があるまで、お客様にお待ちいただいてください。',
    paid: '決済完了',
    declined: '決済不可',
    declinedFallbackReason: 'ウォレットまたはゲートウェイが決済を拒否しました。',
    declinedNext:
      'ウォレットアプリでコードを更新していただくか、別のお支払い方法をご案内してください。',
    askFreshCode: '新しいコードを提示してもらう',
    newSale: '新しい会計',
    needsAttention: '要確認 — ゲートウェイからの確認がまだありません',
    needsAttentionHint:
      'まだ商品をお渡ししないでください。レジはこの決済についてゲートウェイへの確認を続けています。',
    method: '決済方法',
    orderNumber: '注文番号',
    codeEnding: 'コード末尾',
    disconnected: 'レジサービスとの接続が切れています。再接続してから読み取ってください。'
  },
  picker: {
    heading: 'どのウォレットのコードですか？',
    reasonAmbiguous: 'このコードは複数のウォレットに当てはまります。',
    reasonUnknown: 'このコードはレジで判別できません。',
    hint: '番号を押すか、ウォレットをタップしてください。Esc で読み取りに戻ります。',
    listLabel: 'ウォレット',
    back: '読み取りに戻る',
    none: 'コード読み取りに対応したウォレットがこのレジに設定されていません。'
  },
  errors: {
    title: '処理できませんでした',
    dismiss: '閉じる',
    retry: '再試行',
    byCode: {
      INVALID_ARGUMENT:
        'レジサービスがこの操作を受け付けませんでした。金額を確認して、もう一度お試しください。',
      FORBIDDEN:
        'この画面ではこの操作はできません。レジがこの画面用に表示したアドレスを開いてください。',
      NOT_FOUND: 'この会計が見つかりません。新しい会計を始めてください。',
      CONFLICT: 'この間に会計の状態が変わりました。現在の状態を表示しています。',
      PIN_REJECTED: '店長PINが受け付けられませんでした。',
      DECLINED: '決済が拒否されました。',
      OUTCOME_UNKNOWN:
        'ゲートウェイからまだ明確な応答がありません。レジが確認中です — この会計で別の決済を受け付けないでください。',
      GATEWAY_UNREACHABLE:
        '決済ゲートウェイに接続できません。店舗のインターネット接続を確認してから、もう一度お試しください。',
      JOURNAL_UNAVAILABLE:
        '現在レジが決済を保存できないため、決済を受け付けていません。店長に連絡してください。',
      INTERNAL:
        'レジで問題が発生しました。もう一度お試しください。繰り返し発生する場合は店長に連絡してください。'
    },
    lostConnection: 'レジサービスとの接続が切れました。再接続すると画面が更新されます。'
  },
  customer: {
    welcome: 'いらっしゃいませ',
    pleaseShowCode: 'お支払い用のコードを係員にご提示ください',
    preparingQr: 'お支払い用のQRコードを準備しています。少々お待ちください',
    processing: 'お支払いを確認しています…',
    paid: 'お支払い完了',
    thankYou: 'ありがとうございました',
    declined: 'お支払いができませんでした',
    declinedHint: '別のコードをお試しいただくか、係員にお声がけください',
    amountDue: 'お支払い金額',
    connecting: '接続しています…',
    unpaired: 'ペアリング解除',
    unpairedHint:
      'この画面はレジとのペアリングが解除されました。レジの設定画面から、もう一度ペアリングしてください',
    scanWith: (wallet) => `${wallet}で読み取ってお支払いください`,
    qrLabel: (wallet) => `${wallet}のお支払い用QRコード`,
    timeLeft: (time) => `残り ${time}`,
    expired: 'このコードは有効期限が切れました',
    refunding: '返金しています…',
    refundingHint: 'ウォレットで返金を確認しています。少々お待ちください',
    refunded: '返金しました',
    refundedHint: 'お客様のウォレットに返金されます',
    refundFailed: '返金できませんでした',
    refundFailedHint: 'ウォレットへの返金は行われていません。係員にお声がけください',
    ...jaCustomerDisplay
  },
  tender: jaTender,
  display: jaDisplay,
  lines: jaLines,
  nav: jaNav,
  health: jaHealth,
  settings: jaSettings,
  wizard: jaWizard,
  history: jaHistory,
  saleDetail: jaSaleDetail,
  refund: jaRefund,
  endOfDay: jaEndOfDay,
  managerPin: jaManagerPin,
  scanner: jaScanner,
  scanning: jaScanning,
  manualCode: jaManualCode,
  digitsOnly: jaDigitsOnly,
  methodTester: jaMethodTester,
  reasons: jaReasons,
  said: jaSaid
})
