import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTill, type Till } from '../../src/main/till'
import { dispatch } from '../../src/main/till/dispatch'
import { useTempDir } from '../support/temp-dir'

const tempDir = useTempDir()
let till: Till | null = null

afterEach(async () => {
  await till?.close()
  till = null
})

describe('the customer display settings', () => {
  it('are off by default, and switching the LAN tablet on is saved for the next start', async () => {
    const dataDir = join(tempDir(), 'data')
    till = await createTill({ dataDir })
    expect(await dispatch(till.handlers, 'cashier', 'settings:get', {})).toMatchObject({
      ok: true,
      value: { customerDisplay: { displayId: null, lan: false, lanHost: null, lanPort: 8790 } }
    })

    const on = await dispatch(till.handlers, 'cashier', 'settings:update', {
      patch: { customerDisplay: { lan: true } }
    })
    expect(on).toMatchObject({
      ok: true,
      value: { applied: [], restartRequired: ['customerDisplay'] }
    })
    const file = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as unknown
    expect(file).toMatchObject({ customerDisplay: { lan: true } })

    // The chosen Electron display needs no restart; switching the LAN back off leaves nothing to do.
    const back = await dispatch(till.handlers, 'cashier', 'settings:update', {
      patch: { customerDisplay: { lan: false, displayId: 2 } }
    })
    expect(back).toMatchObject({
      ok: true,
      value: { restartRequired: [], settings: { customerDisplay: { lan: false, displayId: 2 } } }
    })
  })

  it('refuses what is not a customer display setting, and the customer screen may not change them', async () => {
    till = await createTill({ dataDir: join(tempDir(), 'data') })
    for (const customerDisplay of [
      { lan: 'yes' },
      { lanHost: 'tablet.local' },
      { lanHost: '0.0.0.0' },
      { lanHost: '::' },
      { extra: 1 }
    ]) {
      expect(
        await dispatch(till.handlers, 'cashier', 'settings:update', { patch: { customerDisplay } })
      ).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    }
    expect(
      await dispatch(till.handlers, 'customer', 'settings:update', {
        patch: { customerDisplay: { lan: true } }
      })
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})
