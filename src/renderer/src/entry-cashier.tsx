import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { getTillClient } from './bridge'
import { CashierApp } from './cashier/CashierApp'
import { t } from './i18n'
import { provideTillClient } from './stores/client'
import './styles/base.css'
import './styles/cashier.css'

document.title = t.app.cashierTitle
const client = getTillClient()
provideTillClient(client)

const root = document.getElementById('root')
if (root === null) throw new Error('cashier.html has no #root')
createRoot(root).render(
  <StrictMode>
    <CashierApp client={client} />
  </StrictMode>
)
