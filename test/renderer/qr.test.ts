import jsQR from 'jsqr'
import { describe, expect, it } from 'vitest'
import {
  formatCountdown,
  qrDeadline,
  qrPath,
  quietZone,
  secondsLeft
} from '../../src/renderer/src/lib/qr'

/** Rasterises the SVG path (unit squares) at `scale` px per module into RGBA, as a screen would. */
function rasterise(content: string, scale = 4): { data: Uint8ClampedArray; width: number } {
  const { path, size } = qrPath(content)
  const width = size * scale
  const data = new Uint8ClampedArray(width * width * 4).fill(255)
  for (const match of path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    const col = Number(match[1])
    const row = Number(match[2])
    for (let y = row * scale; y < (row + 1) * scale; y += 1) {
      for (let x = col * scale; x < (col + 1) * scale; x += 1) {
        const i = (y * width + x) * 4
        data[i] = data[i + 1] = data[i + 2] = 0
      }
    }
  }
  return { data, width }
}

describe('the payment QR code', () => {
  it('decodes back to the exact content the gateway issued', () => {
    const content = 'http://127.0.0.1:8787/wallet/3f9c2a1b7e5d4c6a8b0e1f2d3c4b5a69'
    const { data, width } = rasterise(content)
    expect(jsQR(data, width, width)?.data).toBe(content)
  })

  it('keeps a four-module quiet zone on every side', () => {
    const { path, size } = qrPath('https://example.com/pay/1')
    const coords = [...path.matchAll(/M(\d+) (\d+)/g)].flatMap((m) => [Number(m[1]), Number(m[2])])
    expect(Math.min(...coords)).toBe(quietZone)
    expect(Math.max(...coords)).toBe(size - quietZone - 1)
  })
})

describe('the countdown', () => {
  it('counts whole seconds down to zero and formats them as m:ss', () => {
    expect(secondsLeft(null, 0)).toBeNull()
    expect(secondsLeft(61_000, 0)).toBe(61)
    expect(secondsLeft(60_001, 0)).toBe(61)
    expect(secondsLeft(5_000, 9_000)).toBe(0)
    expect(formatCountdown(61)).toBe('1:01')
    expect(formatCountdown(9)).toBe('0:09')
  })

  it('counts down the time the till said was left, from when the page received it, whatever its wall clock', () => {
    // The till sent the QR at its 10:00:00 with 60 s left; the page got it at 5 s on its own
    // monotonic clock. A tablet whose wall clock is ten minutes fast (or slow) is not asked.
    const sentAt = Date.UTC(2026, 10, 26, 10, 0, 0)
    const deadline = qrDeadline(sentAt + 60_000, sentAt, 5_000)
    expect(deadline).toBe(65_000)
    expect(secondsLeft(deadline, 5_000)).toBe(60)
    expect(secondsLeft(deadline, 35_000)).toBe(30)
    expect(secondsLeft(deadline, 64_001)).toBe(1)
    expect(secondsLeft(deadline, 65_000)).toBe(0)
    // The same state asked for again later (a reconnect) gives the same deadline.
    expect(qrDeadline(sentAt + 60_000, sentAt + 20_000, 25_000)).toBe(65_000)
    expect(qrDeadline(null, sentAt, 5_000)).toBeNull()
  })
})
