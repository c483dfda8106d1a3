// The Electron shell's entry. Everything it does lives in src/main/electron; the till service it
// starts is the same one the web host runs under plain Node.
import { startElectronApp } from './electron/app'

startElectronApp()
