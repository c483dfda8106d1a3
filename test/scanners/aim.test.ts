import { describe, expect, it } from 'vitest'
import { symbologyOf } from '../../src/main/scanners'

describe('symbologyOf (ISO/IEC 15424 AIM identifiers)', () => {
  it.each([
    [']A0', 'CODE39', 'code39'],
    [']C0', '281234567890123456', 'code128'],
    [']C1', '0104912345678904', 'gs1-128'],
    [']E0', '4901234567894', 'ean13'],
    [']E0', '036000291452', 'upca'],
    [']E0', '01234565', 'upce'],
    [']E4', '49123456', 'ean8'],
    [']E3', '490123456789412', 'ean-upc'],
    [']F0', 'A123B', 'codabar'],
    [']G0', 'CODE93', 'code93'],
    [']I0', '1234567890', 'interleaved-2-of-5'],
    [']L2', 'PDF', 'pdf417'],
    [']Q1', 'https://qr.example/pay', 'qr'],
    [']Q3', '0104912345678904', 'qr'],
    [']d1', 'DM', 'data-matrix'],
    [']e0', '0104912345678904', 'gs1-databar'],
    [']z0', 'AZTEC', 'aztec'],
    [']U0', 'MAXI', 'maxicode'],
    [']Z6', 'REVINF', 'non-barcode'],
    [']X0', '9781234567897', 'ean13'],
    [']XS', 'MQR', 'micro-qr'],
    [']Xk', '01234565', 'upce']
  ])('%s (%s) is %s', (aim, data, symbology) => {
    expect(symbologyOf(aim, data)).toBe(symbology)
  })

  it.each([
    [null, 'no identifier'],
    [']', 'too short'],
    [']Q', 'no modifier'],
    [']Q12', 'too long'],
    ['>Q1', 'no ] flag'],
    [']91', 'a digit for the code character'],
    [']W0', 'a code character AIM does not assign'],
    [']X?', 'an ]X modifier nobody documents']
  ])('%s (%s) names no symbology', (aim, why) => {
    expect(symbologyOf(aim, '123'), why).toBeNull()
  })
})
