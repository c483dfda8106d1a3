import { exposeBridge } from './expose'

exposeBridge('customer')
