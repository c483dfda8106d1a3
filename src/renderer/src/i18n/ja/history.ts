/**
 * Japanese for the history, refund, end-of-day and manager PIN strings (en.ts `history`,
 * `saleDetail`, `refund`, `endOfDay`, `managerPin`), composed into ja.ts.
 */

export const jaHistory = {
  heading: '取引履歴',
  filtersLabel: '取引を検索',
  from: '開始日',
  to: '終了日',
  status: '状態',
  anyStatus: 'すべての状態',
  statuses: {
    open: '未決済',
    paying: '決済中',
    paid: '支払済み',
    declined: '拒否',
    'needs-attention': '要確認',
    abandoned: '未払いで終了'
  },
  method: '決済方法',
  anyMethod: 'すべての決済方法',
  minAmount: '金額（下限）',
  maxAmount: '金額（上限）',
  orderNo: '注文番号',
  orderNoHint: '番号全体、または先頭の数文字。',
  search: '検索',
  clear: 'クリア',
  dateInvalid: '終了日は開始日より前にできません。',
  amountInvalid: (currency: string): string => `${currency}の金額として正しくありません。`,
  amountRangeInvalid: '上限の金額が下限より小さくなっています。',
  orderNoInvalid: '注文番号は英字と数字のみです。',
  resultsLabel: '見つかった取引',
  keyboardHint: '上下の矢印キーで移動し、Enterで取引を開きます。',
  columns: {
    time: '日時',
    sale: '取引',
    amount: '金額',
    status: '状態',
    method: '決済方法',
    orderNo: '注文番号',
    refunded: '返金額'
  },
  refundingCell: (amount: string): string => `処理中 ${amount}`,
  searching: '検索しています…',
  none: '条件に合う取引はありません。',
  newer: '新しい取引',
  older: '古い取引',
  pageOf: (page: number): string => `${page}ページ目`,
  noMethod: '—'
}

export const jaSaleDetail = {
  back: '一覧に戻る',
  heading: (saleId: number): string => `取引 ${saleId}`,
  opened: '開始',
  amount: '金額',
  paid: '支払額',
  refunded: '返金額',
  refunding: '返金処理中',
  refundable: '返金可能額',
  status: '状態',
  attempts: '決済の試行',
  noAttempts: 'この取引では決済は試みられていません。',
  attemptStatuses: {
    pending: '送信済み',
    processing: '処理中',
    cancelling: '取消処理中',
    paid: '支払済み',
    declined: '拒否',
    cancelled: '取消済み',
    reversed: '取消（返金済み）',
    'needs-attention': '要確認'
  },
  refundStatuses: {
    pending: '送信済み',
    processing: '返金処理中',
    refunded: '返金済み',
    failed: '失敗',
    'needs-attention': '要確認'
  },
  orderNo: '注文番号',
  transNo: 'ゲートウェイ番号',
  codeEnding: 'コード末尾',
  mode: '方式',
  modes: { CPM: 'コード読み取り', MPM: 'QR表示' },
  reason: '理由',
  refunds: '返金',
  noRefunds: '返金はありません。',
  checkNow: '今すぐ確認',
  checking: '確認しています…',
  checked: 'ゲートウェイに確認しました。',
  refund: '返金…',
  notRefundable: '返金できるのは、返金可能額が残っている支払済みの取引だけです。',
  timeline: '記録の経過',
  noTimeline: '記録はありません。',
  loading: '取引を読み込んでいます…',
  kinds: {
    'sale.opened': '取引開始',
    'sale.status': '取引の状態が変化',
    'attempt.created': '決済開始',
    'attempt.status': '決済の状態が変化',
    'gateway.request': 'ゲートウェイへ送信',
    'gateway.reply': 'ゲートウェイが応答',
    'refund.created': '返金開始',
    'refund.status': '返金の状態が変化',
    'notification.received': '通知を受信'
  } as Readonly<Record<string, string>>,
  transition: (from: string, to: string): string => `${from} → ${to}`,
  failedCall: '明確な応答なし'
}

export const jaRefund = {
  heading: (saleId: number): string => `取引 ${saleId} の返金`,
  remaining: '返金可能額',
  kind: '返金額',
  full: '残額をすべて返金',
  partial: '一部を返金',
  amount: '返金する金額',
  amountEmpty: '返金する金額を入力してください。',
  amountInvalid: 'レジで返金できる金額ではありません。小数点以下を確認してください。',
  amountTooHigh: (max: string): string => `返金できるのは最大 ${max} です。`,
  reason: '理由',
  reasonHint: '返金の理由を記録のために入力してください（例:「返品」）。',
  reasonEmpty: '返金の理由を入力してください。',
  pin: '店長PIN',
  pinHint: '店長がPINを入力します（4〜8桁の数字）。',
  pinInvalid: '店長PINは4〜8桁の数字です。',
  pinScanned: 'これはスキャンで、PINではありません。PINはキーボードで入力してください。',
  wrongPin: (left: number): string =>
    `PINが違います。あと${left}回間違えると入力がロックされます。`,
  locked: (time: string): string => `PINの誤入力が多すぎます。${time}まで入力できません。`,
  noPin: '店長PINが設定されていません。返金の前に設定画面で設定してください。',
  pinDamaged:
    '保存されている店長PINが読み取れないため、どのPINも受け付けられません。レジの端末で' +
    '「npm run admin -- reset-manager-pin」を実行してから、設定画面で新しいPINを設定してください。',
  submit: '返金する',
  submitting: '返金を送信しています…',
  cancel: 'キャンセル',
  close: '閉じる',
  progress: {
    pending: '返金を送信しました。ゲートウェイの応答を待っています…',
    processing: 'ゲートウェイが返金処理中です…',
    refunded: '返金しました。',
    failed: '返金に失敗しました。',
    'needs-attention': 'ゲートウェイが返金をまだ確認していません。レジが確認を続けます。'
  }
}

export const jaEndOfDay = {
  heading: '締め',
  days: (timeZone: string): string => `1日は${timeZone}の0時から翌0時までです。`,
  from: '開始日',
  to: '終了日',
  show: '表示',
  dateInvalid: '終了日は開始日より前にできません。',
  dateMissingFrom: '開始日を選んでください。',
  dateMissingTo: '終了日を選んでください。',
  dateTooLong: '1回の集計は366日までです。期間を短くしてください。',
  loading: '集計しています…',
  byMethod: '決済方法別',
  columns: {
    method: '決済方法',
    currency: '通貨',
    paidCount: '決済件数',
    paid: '売上',
    refundCount: '返金件数',
    refunded: '返金額',
    net: '差引'
  },
  total: (currency: string): string => `合計 ${currency}`,
  noPayments: 'この期間の決済はありません。',
  needsAttention: '要確認の決済',
  noneNeedAttention: '要確認の決済はありません。',
  openRefunds: '未確定の返金',
  noOpenRefunds: 'すべての返金が確定しています。',
  reconcile: 'ゲートウェイと照合',
  reconciling: 'すべての決済をゲートウェイに確認しています…',
  reconciled: (checked: number, matched: number): string =>
    `${checked.toLocaleString('ja')}件を確認し、${matched.toLocaleString('ja')}件がゲートウェイと一致しました。`,
  differences: '差異',
  noDifferences: 'すべての決済がゲートウェイと一致しています。',
  differenceColumns: { orderNo: '注文番号', kind: '差異', till: 'レジ', gateway: 'ゲートウェイ' },
  differenceKinds: {
    status: '状態',
    amount: '金額',
    'trans-no': 'ゲートウェイ取引番号',
    'unknown-at-gateway': 'ゲートウェイに記録なし',
    'query-failed': '確認できず'
  },
  tillSays: {
    paid: (amount: string): string => `支払済み ${amount}`,
    closed: (status: string): string => `${status}（請求なし）`,
    transNo: (transNo: string): string => `取引番号 ${transNo}`
  },
  gatewaySays: {
    transStatuses: {
      '9': '作成済み・未払い',
      '0': '処理中・未払い',
      '1': '未払いで終了',
      '2': '支払済み',
      '3': '取消済み'
    },
    unknownStatus: (status: number): string => `レジが知らない状態（${status}）`,
    withCode: (words: string, code: string): string => `${words}（${code}）`,
    asSent: (amount: string, currency: string): string =>
      `${currency} ${amount}（応答の記載のまま）`,
    noAmount: '読み取れる金額がありません',
    noSuchOrder: (code: string): string => `該当する注文なし（${code}）`,
    noAnswer: {
      skipped: '未確認（ゲートウェイが応答しなくなったため）',
      'not-sent': '問い合わせを送れませんでした',
      refused: 'ゲートウェイが問い合わせを拒否しました',
      timeout: '時間内に応答がありません',
      network: 'ゲートウェイに接続できません',
      'signature-invalid': '応答の署名を確認できません',
      malformed: '応答を読み取れません'
    }
  },
  exportSales: '売上をCSVで出力',
  exportRefunds: '返金をCSVで出力',
  exporting: 'ファイルを準備しています…',
  exported: (filename: string): string => `${filename} をダウンロードしました。`
}

export const jaManagerPin = {
  heading: '店長PIN',
  intro:
    '店長PINはすべての返金の承認と、この設定の変更に使います。QR TillはPINそのものを保存せず、scryptのハッシュだけを保存します。5回間違えると5分間入力できなくなり、繰り返すたびに長くなります。',
  isSet: '店長PINは設定済みです。',
  notSet: '店長PINが未設定です。設定するまで返金はできず、この設定は誰でも変更できます。',
  current: '現在のPIN',
  next: '新しいPIN',
  confirm: '新しいPIN（確認）',
  hint: '4〜8桁の数字。',
  invalid: '店長PINは4〜8桁の数字です。',
  mismatch: '新しいPINが一致しません。',
  set: 'PINを設定',
  change: 'PINを変更',
  saving: '保存しています…',
  saved: '店長PINを保存しました。'
}
