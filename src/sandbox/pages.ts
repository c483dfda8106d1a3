import { toMajorString } from '../shared/money'
import type { TransStatus } from '../main/gateway/types'
import type { SandboxNotification, SandboxOrder, SandboxRefund } from './gateway'
import { utcDateTime } from './gateway'

/**
 * The sandbox's two HTML pages: the wallet page a phone opens from the MPM QR code, and the
 * inspection page. Plain server-rendered HTML with one served stylesheet, so a strict CSP holds
 * (no inline script or style) and the pages work with JavaScript off. Every value is escaped:
 * descriptions and attach are merchant input echoed back (API.md §1.3 XSS note).
 */

export const contentSecurityPolicy =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
  "base-uri 'none'; frame-ancestors 'none'"

export const stylesheetPath = '/sandbox/style.css'

export const stylesheet = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0 auto; padding: 1rem; max-width: 72rem; line-height: 1.4; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.banner { background: #b45309; color: #fff; padding: .25rem .5rem; border-radius: .25rem;
  display: inline-block; font-size: .8rem; font-weight: 600; letter-spacing: .05em; }
.wallet { max-width: 26rem; margin: 0 auto; text-align: center; }
.amount { font-size: 2.5rem; font-weight: 700; margin: 1rem 0 .25rem; }
.merchant { font-size: 1.2rem; font-weight: 600; }
.muted { opacity: .7; font-size: .9rem; }
.status { font-size: 1.3rem; font-weight: 600; margin: 1.5rem 0; }
.actions { display: flex; gap: 1rem; justify-content: center; margin: 1.5rem 0; }
.actions form { flex: 1; }
button { width: 100%; font-size: 1.2rem; padding: 1rem; border-radius: .5rem; border: 0; cursor: pointer; }
.pay { background: #15803d; color: #fff; }
.decline { background: #b91c1c; color: #fff; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid #8884; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.s2 { color: #15803d; font-weight: 600; } .s1, .s3 { color: #b91c1c; font-weight: 600; }
.s0, .s9 { color: #b45309; font-weight: 600; }
ul.attempts { margin: 0; padding-left: 1rem; }
code { font-size: .8rem; word-break: break-all; }
`.trimStart()

/** HTML text and attribute values alike. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** §6.1 in words. */
export function statusWords(status: TransStatus, kind: 'payment' | 'refund' = 'payment'): string {
  switch (status) {
    case 9:
      return 'Created (9)'
    case 0:
      return kind === 'refund' ? 'Refunding (0)' : 'Paying (0)'
    case 1:
      return 'Closed (1)'
    case 2:
      return kind === 'refund' ? 'Refunded (2)' : 'Paid (2)'
    case 3:
      return 'Cancelled (3)'
  }
}

function page(title: string, body: string, refreshSeconds: number | null): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    refreshSeconds === null ? '' : `<meta http-equiv="refresh" content="${refreshSeconds}">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<link rel="stylesheet" href="${stylesheetPath}">`,
    `</head><body>${body}</body></html>`
  ].join('\n')
}

function money(minor: number, currency: SandboxOrder['priceCurrency']): string {
  return `${toMajorString({ minor, currency })} ${currency}`
}

export interface WalletPageInput {
  readonly order: SandboxOrder
  readonly token: string
  readonly merchantName: string
  readonly now: number
}

/** What the customer's wallet app would show after scanning the QR (issue 3: MPM wallet page). */
export function walletPage({ order, token, merchantName, now }: WalletPageInput): string {
  const secondsLeft = Math.max(0, Math.ceil((order.expiresAt - now) / 1000))
  const pending = order.transStatus === 9 || order.transStatus === 0
  const status = ((): string => {
    if (order.transStatus === 1 && order.transErrorCode === 'ORDER_EXPIRED') {
      return 'This payment request has expired.'
    }
    switch (order.transStatus) {
      case 9:
        return 'Waiting for you to pay'
      case 0:
        return 'Confirming the payment…'
      case 1:
        return `Not paid: ${order.transErrorMsg ?? 'closed'}`
      case 2:
        return 'Paid. Thank you!'
      case 3:
        return 'Cancelled by the shop'
    }
  })()
  const actions =
    order.transStatus === 9
      ? `<div class="actions">
<form method="post" action="/wallet/pay"><input type="hidden" name="token" value="${escapeHtml(token)}"><button class="pay" type="submit">Pay</button></form>
<form method="post" action="/wallet/decline"><input type="hidden" name="token" value="${escapeHtml(token)}"><button class="decline" type="submit">Decline</button></form>
</div>`
      : ''
  const body = `<main class="wallet">
<p><span class="banner">SANDBOX WALLET · NO REAL MONEY</span></p>
<p class="merchant">${escapeHtml(merchantName)}</p>
<p class="muted">Merchant ${escapeHtml(order.storeNo ?? '')}</p>
<p class="amount">${escapeHtml(money(order.orderAmountMinor, order.priceCurrency))}</p>
<p>${escapeHtml(order.description ?? '')}</p>
<p class="muted">Pay with ${escapeHtml(order.payMethodId)} · order ${escapeHtml(order.merchantOrderNo)}</p>
<p class="status s${order.transStatus}">${escapeHtml(status)}</p>
${pending ? `<p class="muted">Time left: ${secondsLeft} s (until ${escapeHtml(utcDateTime(order.expiresAt))} UTC)</p>` : ''}
${actions}
</main>`
  return page(`Pay ${merchantName}`, body, pending ? 5 : null)
}

export function walletNotFoundPage(): string {
  return page(
    'No such payment',
    '<main class="wallet"><p class="status">No such payment request.</p></main>',
    null
  )
}

export interface InspectionInput {
  readonly url: string
  readonly publicUrl: string
  readonly orders: readonly SandboxOrder[]
  readonly refunds: readonly SandboxRefund[]
  readonly notifications: readonly SandboxNotification[]
  readonly now: number
}

/** The inspection page: a payment can be followed from request to notification. */
export function inspectionPage(input: InspectionInput): string {
  const orders = [...input.orders].sort((a, b) => b.createdAt - a.createdAt)
  const refunds = [...input.refunds].sort((a, b) => b.createdAt - a.createdAt)
  const notifications = [...input.notifications].sort((a, b) => b.createdAt - a.createdAt)
  const orderRows = orders
    .map(
      (order) => `<tr>
<td>${escapeHtml(utcDateTime(order.createdAt))}</td>
<td><code>${escapeHtml(order.merchantOrderNo)}</code><br><code>${escapeHtml(order.transNo)}</code></td>
<td>${escapeHtml(order.mode)} · ${escapeHtml(order.payMethodId)}${
        order.qrcodeUrl === null
          ? ''
          : `<br><a href="${escapeHtml(order.qrcodeUrl)}">wallet page</a>`
      }</td>
<td class="num">${escapeHtml(money(order.orderAmountMinor, order.priceCurrency))}${
        order.refundCount > 0
          ? `<br>refunded ${escapeHtml(money(order.refundedMinor, order.priceCurrency))}`
          : ''
      }</td>
<td class="s${order.transStatus}">${escapeHtml(statusWords(order.transStatus))}${
        order.transErrorCode === null
          ? ''
          : `<br>${escapeHtml(order.transErrorCode)}: ${escapeHtml(order.transErrorMsg)}`
      }</td>
<td>${escapeHtml(order.scenario)}</td>
<td>${escapeHtml(order.description)}${order.attach === null ? '' : `<br><code>${escapeHtml(order.attach)}</code>`}</td>
</tr>`
    )
    .join('\n')
  const refundRows = refunds
    .map(
      (refund) => `<tr>
<td>${escapeHtml(utcDateTime(refund.createdAt))}</td>
<td><code>${escapeHtml(refund.merchantOrderNo)}</code><br><code>${escapeHtml(refund.transNo)}</code></td>
<td><code>${escapeHtml(refund.origMerchantOrderNo)}</code></td>
<td class="num">${escapeHtml(money(refund.refundAmountMinor, refund.priceCurrency))}</td>
<td class="s${refund.transStatus}">${escapeHtml(statusWords(refund.transStatus, 'refund'))}${
        refund.transErrorCode === null
          ? ''
          : `<br>${escapeHtml(refund.transErrorCode)}: ${escapeHtml(refund.transErrorMsg)}`
      }</td>
<td>${escapeHtml(refund.description)}</td>
</tr>`
    )
    .join('\n')
  const notificationRows = notifications
    .map(
      (notification) => `<tr>
<td>${escapeHtml(utcDateTime(notification.createdAt))}</td>
<td>${escapeHtml(notification.kind)} <code>${escapeHtml(notification.merchantOrderNo)}</code></td>
<td class="s${notification.transStatus}">${escapeHtml(statusWords(notification.transStatus, notification.kind))}</td>
<td><code>${escapeHtml(notification.notifyUrl)}</code></td>
<td>${escapeHtml(notification.state)} after ${notification.attempts.length} of 15</td>
<td><ul class="attempts">${notification.attempts
        .map(
          (attempt) =>
            `<li>${escapeHtml(utcDateTime(attempt.at))}: ${
              attempt.httpStatus === null
                ? escapeHtml(attempt.error)
                : `HTTP ${attempt.httpStatus} <code>${escapeHtml(attempt.bodyExcerpt)}</code>`
            }${attempt.acknowledged ? ' ✓' : ''}</li>`
        )
        .join('')}</ul></td>
</tr>`
    )
    .join('\n')
  const table = (head: string[], rows: string, empty: string): string =>
    rows === ''
      ? `<p class="muted">${empty}</p>`
      : `<table><thead><tr>${head.map((cell) => `<th>${cell}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`
  const body = `<h1>PayCloud sandbox <span class="banner">SANDBOX · NO REAL MONEY</span></h1>
<p class="muted">Gateway <code>${escapeHtml(input.url)}/api/entry</code> · wallet pages on <code>${escapeHtml(input.publicUrl)}</code> · sandbox clock ${escapeHtml(utcDateTime(input.now))} UTC · refreshes every 3 s · JSON: <a href="/sandbox/orders">orders</a>, <a href="/sandbox/refunds">refunds</a>, <a href="/sandbox/notifications">notifications</a></p>
<h2>Orders (${orders.length})</h2>
${table(['Created (UTC)', 'merchant_order_no / trans_no', 'Mode · wallet', 'Amount', 'Status', 'Scenario', 'Description / attach'], orderRows, 'No orders yet.')}
<h2>Refunds (${refunds.length})</h2>
${table(['Created (UTC)', 'merchant_order_no / trans_no', 'Original order', 'Amount', 'Status', 'Reason'], refundRows, 'No refunds yet.')}
<h2>Notifications (${notifications.length})</h2>
${table(['Created (UTC)', 'For', 'Status', 'notify_url', 'Delivery', 'Attempts'], notificationRows, 'No notifications yet.')}`
  return page('PayCloud sandbox', body, 3)
}
