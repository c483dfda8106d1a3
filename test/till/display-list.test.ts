import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { DisplayChoice } from '../../src/shared/contract'
import { createTill, type Till } from '../../src/main/till'
import { dispatch } from '../../src/main/till/dispatch'
import type { DisplayProvider } from '../../src/main/till/displays'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()
let till: Till | null = null

afterEach(async () => {
  await till?.close()
  till = null
})

const laptop: DisplayChoice = {
  id: 1,
  label: 'Built-in',
  width: 2560,
  height: 1600,
  primary: true,
  customer: false
}
const facing: DisplayChoice = {
  id: 7,
  label: '',
  width: 1920,
  height: 1080,
  primary: false,
  customer: true
}

/** The screens as the Electron shell would list them; `plugged` changes like a cable does. */
function fakeProvider(): DisplayProvider & { plugged: DisplayChoice[] } {
  const provider = {
    plugged: [laptop, facing],
    list: () => provider.plugged
  }
  return provider
}

describe('display:list', () => {
  it('lists the screens plugged in now, with the saved choice read back from settings.json', async () => {
    const provider = fakeProvider()
    till = await createTill({
      dataDir: join(tempDir(), 'data'),
      scanners: null,
      displays: provider
    })
    expect(await dispatch(till.handlers, 'cashier', 'display:list', {})).toEqual({
      ok: true,
      value: { available: true, displays: [laptop, facing], chosenId: null, message: null }
    })

    const saved = await dispatch(till.handlers, 'cashier', 'settings:update', {
      patch: { customerDisplay: { displayId: 7 } }
    })
    expect(saved).toMatchObject({ ok: true, value: { restartRequired: [] } })
    // Unplugged, the chosen screen is still the choice: the shell puts the display back on it.
    provider.plugged = [laptop]
    expect(await dispatch(till.handlers, 'cashier', 'display:list', {})).toEqual({
      ok: true,
      value: { available: true, displays: [laptop], chosenId: 7, message: null }
    })
  })

  it('in the web host (no provider) says placement is for the desktop app', async () => {
    till = await createTill({ dataDir: join(tempDir(), 'data'), scanners: null })
    const result = await dispatch(till.handlers, 'cashier', 'display:list', {})
    expect(result).toMatchObject({
      ok: true,
      value: { available: false, displays: [], chosenId: null }
    })
    const message = result.ok ? (result.value as { message: string | null }).message : null
    expect(message).toMatch(/desktop app/)
    expect(message).toMatch(/tablet on the shop network/)
  })

  it('is the cashier’s only, and takes no arguments', async () => {
    till = await createTill({
      dataDir: join(tempDir(), 'data'),
      scanners: null,
      displays: fakeProvider()
    })
    expect(await dispatch(till.handlers, 'customer', 'display:list', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' }
    })
    expect(
      await dispatch(till.handlers, 'cashier', 'display:list', { displayId: 7 })
    ).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })
})
