import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { getTillClient } from './bridge'
import { CashierApp } from './cashier/CashierApp'
import type { Messages } from './i18n'
import { provideTillClient } from './stores/client'
import { LocaleEvents } from './subscriptions/LocaleEvents'
import './styles/base.css'
import './styles/cashier.css'

const title = (t: Messages): string => t.app.cashierTitle
const client = getTillClient()
provideTillClient(client)

const root = document.getElementById('root')
if (root === null) throw new Error('cashier.html has no #root')
createRoot(root).render(
  <StrictMode>
    <LocaleEvents title={title} />
    <CashierApp client={client} />
  </StrictMode>
)
