// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

/** Node's built-in modules, with and without the `node:` scheme. */
const nodeBuiltins = [
  'node:*',
  ...[
    'assert',
    'buffer',
    'child_process',
    'cluster',
    'crypto',
    'dgram',
    'dns',
    'events',
    'fs',
    'fs/promises',
    'http',
    'https',
    'net',
    'os',
    'path',
    'process',
    'querystring',
    'readline',
    'stream',
    'string_decoder',
    'timers',
    'tls',
    'url',
    'util',
    'v8',
    'vm',
    'worker_threads',
    'zlib'
  ]
]
const nodeOnlyPackages = ['better-sqlite3', 'node-hid', 'ws']

// The runtime is visible in the path (CONVENTIONS.md §2): each zone says what it may not import.
// Matched as whole module names by regex: a glob like `electron/*` would also catch `./electron/app`.
const escape = (/** @type {string} */ name) =>
  name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
const restrict = (/** @type {string[]} */ names, /** @type {string} */ why) => ({
  'no-restricted-imports': [
    'error',
    { patterns: [{ regex: `^(${names.map(escape).join('|')})$`, message: why }] }
  ]
})

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.es2024 } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/explicit-function-return-type': [
        'error',
        {
          allowExpressions: true,
          allowTypedFunctionExpressions: true,
          allowHigherOrderFunctions: true
        }
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: 'error'
    }
  },
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: { ...globals.es2024 } },
    rules: {
      ...restrict(
        ['electron', 'electron/*', ...nodeBuiltins, ...nodeOnlyPackages, 'react', 'react-dom'],
        'src/shared is pure TypeScript for every process: no electron, no Node, no DOM.'
      ),
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require'].map(
          (name) => ({ name, message: 'src/shared may not touch DOM or Node globals.' })
        )
      ]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        [
          'electron',
          'electron/*',
          ...nodeBuiltins,
          ...nodeOnlyPackages,
          '**/main/**',
          '**/sandbox/**'
        ],
        'src/renderer runs in a sandboxed page: no Node, no electron; reach the till through TillClient.'
      ),
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', '__dirname'].map((name) => ({
          name,
          message: 'src/renderer runs in a browser page: no Node globals.'
        }))
      ]
    }
  },
  {
    files: ['src/main/**/*.ts', 'src/sandbox/**/*.ts'],
    ignores: ['src/main/electron/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: restrict(
      ['electron', 'electron/*'],
      'Only src/main/electron may import electron; the till service runs under plain Node too.'
    )
  },
  {
    files: ['src/main/electron/**/*.ts', 'src/preload/**/*.ts'],
    languageOptions: { globals: { ...globals.node } }
  },
  {
    files: [
      'test/**/*.{ts,tsx}',
      'e2e/**/*.ts',
      'bench/**/*.{ts,mjs}',
      'scripts/**/*.mjs',
      '*.config.{ts,mjs}'
    ],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Playwright fixtures must be destructured, even when a hook uses none.
      'no-empty-pattern': 'off'
    }
  },
  {
    // Plain JavaScript run by old Node versions before anything is installed: no types to declare.
    files: ['**/*.mjs'],
    rules: { '@typescript-eslint/explicit-function-return-type': 'off' }
  }
)
