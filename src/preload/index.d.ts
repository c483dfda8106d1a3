import type { TillClient } from '../shared/contract'

declare global {
  interface Window {
    /** The preload's bridge in the Electron shell; absent in a browser, which uses the web host. */
    till?: TillClient
  }
}

export {}
