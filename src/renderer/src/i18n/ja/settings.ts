/**
 * Japanese for the navigation, the status bar's health items, the settings screen and the
 * scanner setup wizard (en.ts `nav`, `health`, `settings`, `wizard`), composed into ja.ts.
 */

export const jaNav = {
  region: '画面',
  sale: '会計',
  history: '履歴',
  endOfDay: '締め',
  settings: '設定',
  saleInProgress:
    '先に会計を終えてください。決済中はこの画面のままです（Enterで新しい会計、Escで取消）。',
  unsavedTitle: '未保存の設定',
  unsavedBody: '保存していない変更があります。破棄して移動しますか？',
  discard: '変更を破棄して移動',
  keepEditing: '編集を続ける',
  comingSoon: (view: string): string => `${view}はこのレジではまだ使えません。`
}

export const jaHealth = {
  gatewayReachable: 'ゲートウェイ接続可',
  gatewayUnreachable: 'ゲートウェイに接続できません',
  gatewayChecking: 'ゲートウェイ: 確認中…',
  journalHealthy: 'ジャーナル正常',
  journalFailing: 'ジャーナル異常 — 決済を停止中',
  scannerSlot: 'スキャナー'
}

export const jaSettings = {
  heading: '設定',
  notSaved: '設定は保存されませんでした。',
  keysNotImported: '鍵はインポートされませんでした。',
  detail: (message: string): string => `技術的な詳細（設置担当者向け）: ${message}`,
  detailLabel: '技術的な詳細（設置担当者向け）:',
  loading: '設定を読み込んでいます…',
  save: '設定を保存',
  saving: '保存しています…',
  cancel: '変更を取り消す',
  saved: '設定を保存しました。',
  savedNothing: '変更された設定はありません。',
  restartNeeded: (names: string): string =>
    `保存しました。${names}はQR Tillの再起動後に有効になります。それまでは以前の設定のまま動作します。`,
  fixErrors: (count: number): string => `${count}件の項目を確認してください。`,
  sections: {
    shop: '店舗',
    gateway: 'ゲートウェイ',
    methods: '決済方法',
    timeouts: 'タイムアウト',
    scanner: 'スキャナー',
    display: 'お客様用画面',
    language: '言語',
    managerPin: '店長PIN'
  },
  names: {
    shopName: '店舗名',
    currency: '通貨',
    language: '言語',
    gateway: 'ゲートウェイ',
    keys: '鍵',
    payments: 'タイムアウト',
    methodRules: '決済方法',
    wedge: 'スキャナー',
    customerDisplay: 'お客様用画面'
  },
  shopName: '店舗名',
  shopNameHint: '両方の画面に表示されます。1〜80文字。',
  currency: '通貨',
  currencyHint: '会計中でないときだけ変更できます。',
  timeZone: 'タイムゾーン',
  timeZoneHint:
    '締め・履歴・CSVの1日は、このタイムゾーンの0時から翌0時までです。settings.json の timeZone で設定し、次回の起動時に反映されます。',
  language: '両方の画面の言語',
  languageNames: { en: 'English', ja: '日本語' },
  required: '入力してください。',
  tooLong: (max: number): string => `${max}文字以内で入力してください。`,
  gateway: {
    mode: 'ゲートウェイ',
    sandbox: 'サンドボックス（内蔵・実際のお金は動きません）',
    paycloud: 'PayCloud',
    baseUrl: 'ベースURL',
    baseUrlHint: '例: https://open.n-age.co.jp',
    badUrl: 'https://open.n-age.co.jp のような http(s) のアドレスを入力してください。',
    appId: 'app_id',
    merchantNo: 'merchant_no',
    storeNo: 'store_no',
    restartHint:
      'ゲートウェイの変更はQR Tillの再起動後に有効になります。決済の途中でゲートウェイが変わることはありません。',
    keysHeading: '鍵',
    appKey: 'アプリ秘密鍵',
    gatewayKey: 'PayCloud公開鍵',
    present: (fingerprint: string, source: string): string =>
      `登録済み（${source}）: ${fingerprint}`,
    absent: '未登録',
    sourceSecretStore: 'インポート',
    sourceKeyFile: '鍵ファイル',
    storage: (kind: 'owner-only-files' | 'os-keychain', dir: string): string =>
      kind === 'os-keychain'
        ? `インポートした鍵は OS のキーチェーンで暗号化して ${dir} に保管します。`
        : `インポートした鍵は、このユーザーだけが読めるファイルとして ${dir} に保管します。`,
    pastePrivate: 'アプリ秘密鍵（PEM）',
    pastePublic: 'PayCloud公開鍵（PEM）',
    pasteHint: 'PEMのテキストを貼り付けるか、ファイルを選んでください。RSA 2048ビット以上。',
    chooseFile: (what: string): string => `${what}のファイルを選ぶ`,
    importKeys: '鍵をインポート',
    importing: '鍵を確認して保存しています…',
    imported: '鍵をインポートしました。鍵の内容は再表示されません。',
    bothNeeded: '両方の鍵が必要です。'
  },
  methods: {
    tableLabel: '決済方法のルール（上から順に適用）',
    hint: '読み取ったコードは、一致した最初の有効なルールのウォレットになります。ルールはコード全体に一致させます: ^…$。',
    order: '#',
    payMethodId: 'pay_method_id',
    pattern: 'パターン（正規表現）',
    aim: 'AIM（任意）',
    enabled: '有効',
    actions: '並べ替え・削除',
    moveUp: (row: number): string => `ルール${row}を上へ`,
    moveDown: (row: number): string => `ルール${row}を下へ`,
    remove: (row: number): string => `ルール${row}を削除`,
    add: 'ルールを追加',
    badPattern: '正しい正規表現ではありません。',
    unanchored: 'コード全体に一致させてください: ^で始まり$で終わる形にします。',
    badMethodId: '英数字と + _ -（32文字以内）。',
    badAim: ']C や ]Q1 のようなAIM識別子。',
    testLabel: 'コードを試す',
    testHint:
      'コードを入力するか読み取ってください。上のルール（未保存の変更を含む）で判定します。',
    testMatch: (method: string, rows: string): string => `${method}（ルール${rows}）`,
    testAmbiguous: (methods: string): string =>
      `複数が一致: ${methods}。レジ担当者に選択を求めます。`,
    testNone: '一致するルールはありません。レジ担当者にウォレットの選択を求めます。',
    testEmpty: 'コードを入力すると、一致するルールを表示します。'
  },
  timeouts: {
    hint: 'レジが待つ時間と、ゲートウェイに問い合わせる間隔です。既定値はPayCloudの推奨に従っています。',
    range: (min: number, max: number, unit: string): string => `${min}〜${max} ${unit}`,
    outOfRange: (min: number, max: number): string => `${min}〜${max}の範囲で入力してください。`,
    wholeNumber: '整数で入力してください。',
    ms: 'ミリ秒',
    seconds: '秒',
    tries: '回',
    fields: {
      pollIntervalMs: 'ゲートウェイへの問い合わせ間隔',
      pollWindowMs: '読み取り決済（CPM）の最大待ち時間',
      mpmWindowMs: 'QRコード表示（MPM）の最大時間',
      reconcileIntervalMs: '不明な決済の再確認間隔',
      orderExpiresSeconds: 'CPM注文の有効期限',
      mpmExpiresSeconds: 'MPM QRコードの有効期限',
      unclearQueryDelayMs: '不明な応答のあとの再問い合わせまで',
      minCancelDelayMs: '取消を送るまでの最短時間',
      cancelTries: '取消の試行回数',
      cancelRetryIntervalMs: '取消の再試行間隔',
      refundPollIntervalMs: '返金の問い合わせ間隔',
      refundPollWindowMs: '返金の最大待ち時間',
      refundSubmitTries: '返金送信の試行回数'
    }
  },
  scanner: {
    maxGap: 'スキャナーのキー間隔の上限',
    maxGapHint: 'これより短い間隔のキーはスキャナーの入力とみなします。5〜500ミリ秒。',
    minLength: '最短のコード長',
    minLengthHint: '文字数。1〜256。',
    terminator: 'コードの終わりにスキャナーが送るキー',
    terminatorNames: { Enter: 'Enter', Tab: 'Tab', none: 'なし（入力の途切れ）' },
    openWizard: 'スキャナー設定…',
    closeWizard: 'スキャナー設定を閉じる'
  },
  pin: {
    label: '変更を保存する店長PIN',
    hint: '言語だけの変更を除き、ここでの変更にはすべて必要です。4〜8桁の数字。',
    needed: '設定を変更するには店長PINが必要です。ここに入力してください。',
    invalid: '店長PINは4〜8桁の数字です。',
    scanned: 'これはスキャンで、PINではありません。PINはキーボードで入力してください。'
  },
  displayPlaceholder: (shopName: string): string =>
    `会計中でないとき、お客様用画面には「${shopName}」と表示されます。`
}

export const jaWizard = {
  heading: 'スキャナー設定',
  intro:
    '下のテストコードを3回以上読み取ってください。スキャナーの入力速度とキーボード配列を確認し、設定を提案します。',
  testCodeLabel: 'テストコード',
  listening: '受付中: 読み取ってください。キー入力は会計ではなくこの設定画面に入ります。',
  notListening: '受付停止中。',
  start: '受付を開始',
  stop: '受付を停止',
  stopHint: 'Escで受付を停止します。',
  detected: {
    none: 'スキャナーはまだ検出されていません。',
    wedge: 'キーボードウェッジ型スキャナーを検出しました（キーボードとして入力します）。',
    hidPos: (names: string): string => `HID-POSスキャナー接続中: ${names}。`
  },
  scansHeading: '最近の読み取り',
  scansCaption: '最近の読み取り（新しい順）とその間隔',
  code: 'コード',
  length: '文字数',
  maxGap: '最大間隔',
  meanGap: '平均間隔',
  endedBy: '終端',
  classification: '現在の設定での判定',
  takenAsScan: '読み取り',
  tooSlow: '遅すぎ: 手入力とみなされます',
  tooShort: '短すぎ',
  endedByIdle: '入力の途切れ',
  ms: (value: number): string => `${value.toFixed(1)} ミリ秒`,
  proposal: (measured: number, proposed: number): string =>
    `測定した最大間隔: ${measured} ミリ秒。提案するしきい値: ${proposed} ミリ秒。`,
  needScans: 'テストコードを読み取ると提案を表示します。',
  layoutOk: 'キーボード配列: スキャナーと一致しています。',
  layoutMismatch: (examples: string): string =>
    `キーボード配列の不一致: ${examples}。スキャナーをこのPCのキーボード配列に設定してください。`,
  layoutUnknown: 'キーボード配列: まだ比較できません。',
  layoutExample: (key: string, expected: string): string => `「${expected}」が「${key}」として入力`,
  terminator: (name: string): string => `終端: ${name}。`,
  terminatorMixed:
    '終端: 読み取りごとに異なります。常にEnterを送るようスキャナーを設定してください。',
  prefix: (text: string): string =>
    `スキャナーがコードの前に「${text}」を付けています。プレフィックスをオフにしてください。`,
  suffix: (text: string): string =>
    `スキャナーがコードの後に「${text}」を付けています。サフィックスをオフにしてください。`,
  framingOk: 'プレフィックス・サフィックスなし: コードはそのまま届いています。',
  testCodeMissing:
    '最近の読み取りにテストコードが含まれていません。ここに表示したコードを読み取ってください。',
  apply: (proposed: number): string => `しきい値 ${proposed} ミリ秒を保存`,
  applied: (proposed: number): string =>
    `保存しました: ${proposed} ミリ秒以内の間隔のキーを読み取りとみなします。`,
  clear: '読み取りを消去',
  export: '診断ファイルを書き出す',
  hidSlot: 'HID-POSスキャナーは、レジが検出するとここに表示されます。'
}
