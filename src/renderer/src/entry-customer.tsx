import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { getTillClient } from './bridge'
import { CustomerApp } from './customer/CustomerApp'
import type { Messages } from './i18n'
import { provideTillClient } from './stores/client'
import { LocaleEvents } from './subscriptions/LocaleEvents'
import './styles/base.css'
import './styles/customer.css'

const title = (t: Messages): string => t.app.customerTitle
const client = getTillClient()
provideTillClient(client)

const root = document.getElementById('root')
if (root === null) throw new Error('customer.html has no #root')
createRoot(root).render(
  <StrictMode>
    <LocaleEvents title={title} />
    <CustomerApp client={client} />
  </StrictMode>
)
