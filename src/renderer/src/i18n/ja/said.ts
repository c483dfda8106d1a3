import type { KeyRole, SaidWords } from '../../../../shared/contract/said'
import { formatMoney } from '../../../../shared/money/format'

const keyName = (which: KeyRole): string =>
  which === 'app-private' ? 'アプリの秘密鍵' : 'PayCloud の公開鍵'

/**
 * What the till's refusals say (src/shared/contract/said.ts), in Japanese, for the person setting
 * the till up. The PEM header lines and the settings' names stay as they are written.
 */
export const jaSaid: SaidWords = {
  'invalid-fields': ({ fields }) =>
    fields.length === 0
      ? 'レジはこの設定を受け付けませんでした。'
      : `レジは次の設定を受け付けませんでした: ${fields.join('、')}。`,
  'settings-file-broken': () =>
    'settings.json を読めないか、内容が正しくないため、レジは変更しません。ファイルを直すか削除してから、もう一度お試しください。',
  'settings-not-written': () =>
    'settings.json に書き込めませんでした（ディスクの空きがないか、読み取り専用ではありませんか）。何も変更されていません。',
  'keys-first': () =>
    'PayCloud に切り替える前に、アプリの秘密鍵と PayCloud の公開鍵をインポートしてください。',
  'currency-while-open': ({ saleIds }) =>
    `会計 ${saleIds.map((id) => `#${id}`).join('、')} が開いている間は通貨を変更できません。先に会計を終えるか取り消してください。`,
  'key-not-private-pem': () =>
    'アプリの秘密鍵は PEM 形式の秘密鍵（-----BEGIN PRIVATE KEY----- または -----BEGIN RSA PRIVATE KEY-----）にしてください。',
  'key-public-is-private': () =>
    'PayCloud の公開鍵の欄に秘密鍵が入っています。PayCloud から受け取った公開鍵を貼り付けてください。',
  'key-private-unreadable': () =>
    'アプリの秘密鍵を読み取れません（壊れているか、パスフレーズで保護されています。パスフレーズなしで書き出してください）。',
  'key-public-unreadable': () =>
    'PayCloud の公開鍵を読み取れません。PEM 形式の公開鍵（-----BEGIN PUBLIC KEY-----）にしてください。',
  'key-not-rsa': ({ which, type }) =>
    `${keyName(which)}は RSA 鍵ではありません（${type ?? '種類不明'}）。PayCloud は RSA（RSA2）で署名します。`,
  'key-too-short': ({ which, bits, minimum }) =>
    `${keyName(which)}は ${bits} ビットです。PayCloud には ${minimum} ビット以上の RSA 鍵が必要です。`,
  'key-same-pair': () =>
    'PayCloud の公開鍵として、アプリの鍵自身の公開鍵が入っています。PayCloud から受け取った鍵を貼り付けてください。',
  'key-store-no-encryption': () =>
    'OS が秘密情報の暗号化を提供していないため（Linux では gnome-keyring や kwallet などのキーリングが動いていません）、鍵は保存されませんでした。キーリングを起動してもう一度インポートするか、鍵ファイルを keys フォルダーに手動で置いてください。',
  'key-not-stored': () =>
    '鍵を保存できませんでした。何も変更されていません。理由はログにあります。',
  'lan-display-off': () =>
    'LAN のお客様用画面はオフです。設定で「customerDisplay.lan」をオンにして、Web ホストのレジを再起動してください。',
  'amount-above-gateway-max': ({ max }) =>
    `この金額は PayCloud が1回の支払いで受け付ける上限（${formatMoney(max, 'ja')}）を超えています。請求はしていません。会計を分けるか、別の方法でお支払いください。`,
  'currency-not-enabled': ({ currency }) =>
    `このレジの PayCloud は ${currency} で支払いを受けるように設定されていません。請求はしていません。設定の通貨を確認してください。`,
  'reply-too-large': () =>
    '結果が大きすぎて、この画面では一度に受け取れません。日数を減らして、もう一度お試しください。',
  'payment-sent-not-saved': () =>
    '支払いは PayCloud に届きましたが、レジは結果を保存できませんでした。お客様の支払いが済んでいる可能性があります。この会計で別の支払いを受けないでください。レジは確認を続け、保存できるようになったら結果を表示します。それまで支払いは受け付けません。店長を呼んでください。',
  'refund-not-saved': () =>
    '返金は記録しましたが、レジはその後の状況を保存できませんでした。返金はすでにお客様に向かっている可能性があります。この会計をほかの方法でもう一度返金しないでください。レジは PayCloud への確認を続け、保存できるようになったら結果を表示します。'
}
