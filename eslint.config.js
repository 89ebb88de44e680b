// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import noUntypedIpc from './config/eslint/no-untyped-ipc.js';

/** Imports that only exist in Node or Electron; the renderer and shared code must never use them. */
const nodeOnly = [
  'electron',
  'electron/*',
  'keytar',
  'got',
  'oidc-provider',
  'node:*',
  ...builtinModules.filter((m) => !m.startsWith('_')),
];

const restrictNodeImports = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: nodeOnly,
          message:
            'The renderer and src/shared run without Node or Electron: ask main through window.tapkey instead.',
        },
      ],
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs,ts}'],
    ignores: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, ...restrictNodeImports },
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: restrictNodeImports,
  },
  {
    // IPC only through the contract's typed modules: pushes, handler registration, the preload's bridge.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    plugins: { tapkey: { rules: { 'no-untyped-ipc': noUntypedIpc } } },
    rules: {
      'tapkey/no-untyped-ipc': [
        'error',
        {
          push: 'src/main/ipc/push.ts',
          handle: 'src/main/ipc/register.ts',
          bridge: 'src/preload/index.ts',
        },
      ],
    },
  },
  {
    // Typed linting where Electron's objects live (main and the preload; the renderer cannot import Electron), so
    // tapkey/no-untyped-ipc knows a WebContents by its type, whatever the variable is called.
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // Main logs through its redacting logger so that no token can reach a log by accident.
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Electron's runtime reaches main through its composition root only: every other module gets what it needs as a
    // port (a function or a narrow object typed against electron.d.ts), so it stays testable in plain Node and the
    // CLI can never pull Electron in. Type imports stay allowed: they vanish at build time.
    files: ['src/main/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['src/main/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowTypeImports: true,
              message:
                'Only src/main/index.ts (the composition root) and the preload may import values from electron: take it as a port instead.',
            },
          ],
          patterns: [
            {
              group: ['electron/*'],
              allowTypeImports: true,
              message:
                'Only src/main/index.ts (the composition root) and the preload may import values from electron: take it as a port instead.',
            },
          ],
        },
      ],
    },
  },
);
