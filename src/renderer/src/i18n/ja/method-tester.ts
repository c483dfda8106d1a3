/** Japanese for the `methodTester` section of en.ts (same shape), for the i18n merge. */
export const jaMethodTester = {
  aimLabel: '読み取り時のAIM（任意）',
  aimHint:
    'HID-POSスキャナーが通知するシンボル体系（]C0、]Q1など）。空欄なら、AIM付きのルールもキーボード入力のスキャンと同じように適用されます。'
}
