import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { getTillClient } from './bridge'
import { CustomerApp } from './customer/CustomerApp'
import { t } from './i18n'
import { provideTillClient } from './stores/client'
import './styles/base.css'
import './styles/customer.css'

document.title = t.app.customerTitle
const client = getTillClient()
provideTillClient(client)

const root = document.getElementById('root')
if (root === null) throw new Error('customer.html has no #root')
createRoot(root).render(
  <StrictMode>
    <CustomerApp client={client} />
  </StrictMode>
)
