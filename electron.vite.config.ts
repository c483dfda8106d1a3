import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const nativeModules = ['better-sqlite3', 'node-hid', 'bufferutil', 'utf-8-validate']

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { include: nativeModules },
      rollupOptions: {
        input: {
          // The Electron shell.
          index: resolve(__dirname, 'src/main/index.ts'),
          // The same till service under plain Node, serving the screens over HTTP + WebSocket.
          web: resolve(__dirname, 'src/main/web/cli.ts'),
          // `npm run sandbox`: the PayCloud sandbox on its own.
          sandbox: resolve(__dirname, 'src/sandbox/cli.ts'),
          // `npm run paycloud`: the command-line tool for integrators and support.
          paycloud: resolve(__dirname, 'src/main/gateway/cli.ts'),
          // `npm run admin`: maintenance on the till machine (a damaged manager PIN).
          admin: resolve(__dirname, 'src/main/admin/cli.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // Sandboxed preloads cannot require() anything but electron: each one is a single bundle.
      isolatedEntries: true,
      externalizeDeps: false,
      rollupOptions: {
        input: {
          cashier: resolve(__dirname, 'src/preload/cashier.ts'),
          customer: resolve(__dirname, 'src/preload/customer.ts')
        },
        external: ['electron']
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      minify: true,
      rollupOptions: {
        input: {
          cashier: resolve(__dirname, 'src/renderer/cashier.html'),
          customer: resolve(__dirname, 'src/renderer/customer.html')
        }
      }
    }
  }
})
