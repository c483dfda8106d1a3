import { asSentence, type ReasonWords } from '../../../../shared/order/reasons'

const noReason = '理由の説明はありません'

const needsAttention = (why: string): string =>
  `要確認: ${why}QR Till が引き続き確認しています。「今すぐ確認」も使えます。`

/**
 * The engine's reasons (src/shared/order/reasons.ts) in Japanese, in the words of the rest of the
 * cashier screen: 決済不可, 要確認, 取消, 返金. The wallet's or the gateway's own words are quoted
 * as they came.
 */
export const jaReasons: ReasonWords = {
  declined: ({ wallet }) =>
    `ウォレットが決済を断りました: ${asSentence(wallet ?? noReason, '。')}別のコードか別の支払い方法をお願いしてください。`,
  confirming: () =>
    'まだ確定していません: お客様がウォレットで確認中です。QR Till が確認しています。',
  'showing-qr': () =>
    'まだ確定していません: お客様が QR コードを読み取るのを待っています。QR Till が確認しています。',
  checking: ({ why, gatewayMessage }) => {
    const what =
      why === 'slow'
        ? 'ゲートウェイが時間内に応答しませんでした。'
        : why === 'rejected'
          ? `ゲートウェイの応答は「${gatewayMessage ?? ''}」でした。`
          : 'ゲートウェイの応答を信頼できませんでした。'
    return `まだ確定していません: ${what}決済が完了したかどうか QR Till が確認しています。`
  },
  unreachable: () =>
    'ゲートウェイに接続できません。決済が完了したかどうか QR Till が確認を続けています。' +
    'この会計で別の決済はまだ受けないでください。',
  closing: ({ cause, windowSeconds }) => {
    switch (cause) {
      case 'cashier':
        return 'まだ確定していません: レジ係の操作で、ゲートウェイの注文を取り消しています。'
      case 'timeout':
        return `まだ確定していません: ${windowSeconds} 秒以内に応答がなかったため、QR Till がゲートウェイの注文を閉じています。`
      case 'unclear':
        return 'まだ確定していません: ゲートウェイの応答が不明確なため、QR Till が注文を閉じています。'
    }
  },
  cancelled: ({ cause }) => {
    switch (cause) {
      case 'cashier':
        return '取消済み: ゲートウェイの注文を閉じました。お客様への請求はありません。'
      case 'timeout':
        return '取消済み: お客様が時間内にお支払いを終えなかったため、注文を閉じました。請求はありません。'
      default:
        return '取消済み: ゲートウェイの注文を閉じました。請求はありません。'
    }
  },
  'never-arrived': () => '取消済み: 注文はゲートウェイに届いていませんでした。請求はありません。',
  reversed: () =>
    '取消済み（返金）: 決済の完了後にゲートウェイが注文を取り消し、お客様に返金しました。',
  'paid-despite-cancel': () =>
    '支払い済み: 取消の途中でお客様が支払い、このウォレットは取り消せないため、QR Till が全額を返金しています。',
  'paid-late': () => '支払い済み: QR Till が注文を閉じている間に、お客様がお支払いを終えました。',
  'close-failed': ({ tries }) =>
    needsAttention(
      `${tries} 回試しても注文を閉じられず、お客様が支払ったかどうかはまだ分かりません。`
    ),
  'amount-mismatch': ({ merchantOrderNo }) =>
    needsAttention(`ゲートウェイは注文 ${merchantOrderNo} について異なる金額を報告しています。`),
  'refund-refused': ({ gatewayMessage }) =>
    `ゲートウェイが返金を断りました: ${asSentence(gatewayMessage ?? noReason, '。')}`,
  'refund-failed': ({ gatewayMessage }) =>
    `返金に失敗しました: ${asSentence(gatewayMessage ?? noReason, '。')}`,
  'refund-amount-mismatch': ({ merchantOrderNo }) =>
    needsAttention(`ゲートウェイは返金 ${merchantOrderNo} について異なる金額を報告しています。`),
  'refund-unreachable': () =>
    needsAttention('ゲートウェイに接続できず、この返金を確認できません。'),
  'refund-unconfirmed': ({ windowSeconds }) =>
    needsAttention(`${windowSeconds} 秒以内にゲートウェイがこの返金を確認しませんでした。`)
}
