import { create } from 'zustand'
import type { ManagerStatus, TillError } from '../../../shared/contract'
import { unreadableReplyError } from '../bridge/frames'
import { tillClient } from './client'

export interface ManagerState {
  /** Whether a PIN is set and how many tries are left; null until the service has said. */
  readonly status: ManagerStatus | null
  readonly saving: boolean
  readonly error: TillError | null
  /** True after the last `setPin` succeeded, until the form changes. */
  readonly saved: boolean
  readonly api: {
    /** `manager:status`: on opening the settings or a refund, and after a refused PIN. */
    load(): Promise<void>
    setPin(newPin: string, currentPin: string | null): Promise<boolean>
    reset(): void
  }
}

function isManagerStatus(value: unknown): value is ManagerStatus {
  if (typeof value !== 'object' || value === null) return false
  const status = value as Record<string, unknown>
  return (
    typeof status['pinSet'] === 'boolean' &&
    Number.isSafeInteger(status['attemptsLeft']) &&
    Number.isSafeInteger(status['maxTries']) &&
    (status['lockedUntil'] === null || typeof status['lockedUntil'] === 'number')
  )
}

export const useManagerStore = create<ManagerState>()((set) => {
  async function load(): Promise<void> {
    const result = await tillClient().invoke('manager:status', {})
    if (result.ok && isManagerStatus(result.value)) set({ status: result.value })
  }
  return {
    status: null,
    saving: false,
    error: null,
    saved: false,
    api: {
      load,
      async setPin(newPin, currentPin) {
        set({ saving: true, error: null, saved: false })
        const result = await tillClient().invoke('manager:setPin', {
          newPin,
          ...(currentPin === null ? {} : { currentPin })
        })
        if (result.ok && isManagerStatus(result.value)) {
          set({ saving: false, status: result.value, saved: true })
          return true
        }
        set({ saving: false, error: result.ok ? unreadableReplyError : result.error })
        await load()
        return false
      },
      reset() {
        set({ error: null, saved: false })
      }
    }
  }
})

export const useManagerApi = (): ManagerState['api'] => useManagerStore((state) => state.api)
