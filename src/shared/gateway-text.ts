/**
 * PayCloud's rule for text (API.md §1.3): only characters of 1–3 UTF-8 bytes. Shared because the
 * gateway client cleans what it sends with it and the settings check with it that a text the till
 * will send still says something once cleaned.
 */

const emoji = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji}/u

/** Zero-width joiner and the variation selectors: they only glue an emoji sequence together. */
const emojiGlue = new Set(['\u200d', '\ufe0e', '\ufe0f'])

/**
 * Free text (a description, a refund reason) made sendable: PayCloud takes only characters of 1–3
 * UTF-8 bytes (API.md §1.3), so 4-byte emoji are removed with the joiners that glued them into
 * sequences, other 4-byte characters become 〓, lone surrogates (no UTF-8 form at all) are dropped,
 * and the spaces left over are tidied. Cleaned rather than refused: a product name with an emoji
 * must not stop a sale, and the wallet shows the text only as a label.
 */
export function cleanText(text: string): string {
  const points = Array.from(text)
  const kept: string[] = []
  points.forEach((point, i) => {
    if (isFourByte(point)) {
      // An emoji goes; a rare ideograph (𠮷) becomes 〓, the mark Japanese print and receipts
      // use for a character that cannot be shown, so that a name keeps its length and sense.
      kept.push(emoji.test(point) ? ' ' : '\u3013')
    } else if (isLoneSurrogate(point)) {
      // Dropped: it cannot be encoded at all.
    } else if (emojiGlue.has(point) && (isFourByte(points[i - 1]) || isFourByte(points[i + 1]))) {
      // Dropped with the emoji it belonged to.
    } else {
      kept.push(point)
    }
  })
  return kept.join('').replace(/ {2,}/g, ' ').trim()
}

function isFourByte(point: string | undefined): boolean {
  return point !== undefined && (point.codePointAt(0) ?? 0) > 0xffff
}

function isLoneSurrogate(point: string): boolean {
  const code = point.charCodeAt(0)
  return point.length === 1 && code >= 0xd800 && code <= 0xdfff
}

/** True when every character of `text` encodes to 1–3 UTF-8 bytes (§1.3). */
export function isGatewayText(text: string): boolean {
  return Array.from(text).every((point) => !isFourByte(point) && !isLoneSurrogate(point))
}
