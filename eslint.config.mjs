// ESLint flat config: the house rules the machine enforces (style.md, "Toolchain").
// Type-aware over spec/, src/, bench/ and properties/; `npm run lint` runs it with `prettier --check`.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import jest from 'eslint-plugin-jest';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const ROOT = import.meta.dirname;

// The layer order, left to right: a layer may import only from the layers to its left (and itself).
// src/registry/ joins the foundation invariants with the assumptions' registrations, so it sits just
// above assumptions/; report/ (the invariant catalogue) and anything above may read it.
const LAYERS = [
  'grammar',
  'sampling',
  'exact',
  'assumptions',
  'registry',
  'learners',
  'scaling',
  'report',
  'verify',
  'cli',
];
// The foundation: usable by every file of src/, and importing nothing of src/ but itself (and spec/).
const FOUNDATION = ['./util', './io', './errors.ts', './version.ts'];
const LAYER_ORDER =
  'spec ← grammar ← sampling ← exact ← assumptions ← registry ← learners ← scaling ← report ← verify ← cli';

// "from: src, except: what is allowed" rather than "from: the layers to the right": a folder added to src/
// later is forbidden to every layer until it is given a place in LAYERS.
const layerZones = [
  {
    target: './spec',
    from: './src',
    message: `spec/ defines the boundary formats and imports nothing from src/ (layer order: ${LAYER_ORDER}).`,
  },
  {
    target: FOUNDATION.map((f) => `./src/${f.slice(2)}`),
    from: './src',
    except: FOUNDATION,
    message:
      'src/util, src/io, src/errors.ts and src/version.ts are the foundation: they import only each other and spec/.',
  },
  ...LAYERS.map((layer, i) => ({
    target: `./src/${layer}`,
    from: './src',
    except: [...FOUNDATION, ...LAYERS.slice(0, i + 1).map((l) => `./${l}`)],
    message: `src/${layer}/ may import only from ${['spec', ...LAYERS.slice(0, i)].join(', ')} and the foundation (layer order: ${LAYER_ORDER}).`,
  })),
];

const TS_FILES = ['spec/**/*.ts', 'src/**/*.ts', 'bench/**/*.ts', 'properties/**/*.ts'];

export default defineConfig(
  { ignores: ['dist/', 'docs/', 'reports/', 'node_modules/', 'coverage/', 'spec/schemas/'] },

  // Root JavaScript (jest.config.js, bin/rhm.js, this file): the plain recommended set, no type information.
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' },
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },

  // TypeScript: recommended + type-checked recommended, then the house rules.
  {
    files: TS_FILES,
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: ROOT },
    },
    plugins: { 'import-x': importX },
    settings: {
      // import-x parses the imported modules itself (no-cycle walks them): it needs the TypeScript parser for .ts.
      'import-x/extensions': ['.ts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${ROOT}/tsconfig.json` })],
    },
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Randomness is a value: derive a named stream from the run seed with src/util/rng.ts.',
        },
      ],
      '@typescript-eslint/no-non-null-assertion': 'error',
      // Numbers and booleans in messages are the point of most templates here; objects, arrays,
      // undefined and null still fail (they print as [object Object] / 'undefined').
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `(x) => void f(x)`-style arrow shorthands are idiomatic callbacks, not a confusion about void.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // The tree's convention for a deliberately unused binding (a parameter an interface requires, a field
      // dropped by destructuring) is a leading underscore.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Off: an `async` body without `await` is how a synchronous implementation meets a Promise-returning
      // interface (bench cases, learners, P* evaluators); the promise rules below guard the real hazards.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: layerZones }],
    },
  },

  // Size and complexity caps for the library and its formats (tests and benchmarks may be longer).
  {
    files: ['spec/**/*.ts', 'src/**/*.ts'],
    rules: {
      complexity: ['error', 17],
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },

  // Property suites: no focused or disabled tests. A suite that cannot run here (no Chromium) picks
  // `test` or `test.skip` at runtime and prints why (properties/report/html-chromium.test.ts), which
  // these rules allow: they flag literal `.only`/`.skip`/`x…` calls, not a runtime choice.
  {
    files: ['properties/**/*.ts'],
    plugins: { jest },
    languageOptions: { globals: jest.environments.globals.globals },
    rules: {
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
    },
  },
);
