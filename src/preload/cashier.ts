import { exposeBridge } from './expose'

exposeBridge('cashier')
