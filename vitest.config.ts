import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    // The code under test logs every refused request and unreachable gateway it meets, on
    // purpose; in a test run only errors are worth a line. Tests that check logs set a sink.
    env: { QR_TILL_LOG_LEVEL: 'error' }
  }
})
