// Lint rules for Signet: typescript-eslint's and eslint-plugin-svelte's recommended
// sets, and the layers of docs/ARCHITECTURE.md enforced as import boundaries:
// Electron only in the app shell and the preload, a renderer that reaches nothing but
// src/shared, an engine (engine, format, fs, hashing, signatures) that knows no AWS, and a
// sandbox used only through its entry module, and only by the demo-mode wiring.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// Each forbidden import: a pattern on the import's text, and what to do instead.
const ELECTRON = { regex: '^electron(/|$)', message: 'Electron belongs to src/main/app and src/preload; pass what is needed in from there.' };
const AWS = { regex: '^@(aws-sdk|smithy)/|(^|/)aws/', message: 'The engine knows no AWS: key sources plug in through engine/recipients.ts and an injected signer.' };
const SERVICES = { regex: '(^|/)services/', message: 'The engine must not depend on the services built on it.' };
const SANDBOX_ANY = { regex: '(^|/)sandbox/', message: 'Only the app, the CLI and the IPC handlers (demo-mode wiring) use the sandbox.' };
const SANDBOX_INTERNALS = { regex: '(^|/)sandbox/(?!index\\.js$)', message: 'Use the sandbox through its entry module, sandbox/index.js.' };
const RENDERER_NODE = { regex: '^node:', message: 'The renderer has no Node: ask the main process through window.signet.' };
const RENDERER_PACKAGES = { regex: '^(?!node:|svelte(/|$))[^./]', message: 'The renderer imports only svelte, its own files and src/shared.' };
const SHARED_PACKAGES = { regex: '^(?!node:|zod(/|$))[^./]', message: 'src/shared is imported by the renderer too: it may use zod and its own files only.' };
const SHARED_OUTSIDE = { regex: '^\\.\\./', message: 'src/shared is imported by the renderer too: it imports nothing outside src/shared.' };
const RENDERER_MAIN = { regex: '^(\\.\\./)+(main|preload)(/|$)', message: 'The renderer imports only its own files and src/shared; the main process is reached through window.signet.' };

/** The import rules for one group of files; a later group's rules replace an earlier one's for the same file. */
function boundaries(files, forbidden) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: forbidden.map(({ regex, message }) => ({ regex, message })) }],
      // no-restricted-imports does not see import(); the same patterns for it here.
      'no-restricted-syntax': [
        'error',
        ...forbidden.map(({ regex, message }) => ({ selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\/')}/]`, message })),
        { selector: "ImportExpression[source.type!='Literal']", message: 'Import a module by a literal path, so that these boundaries can check it.' },
      ],
    },
  };
}

const ENGINE = ['src/main/engine/**', 'src/main/format/**', 'src/main/fs/**', 'src/main/hashing/**', 'src/main/signatures/**'];

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'coverage/', 'release/', 'build/', 'docs/', 'test/fixtures/', '.sandbox/', '.scratch/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `const { token: _dropped, ...rest } = session` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },

  // Import boundaries, general first; a later, narrower group restates the whole list.
  boundaries(['src/**'], [ELECTRON, SANDBOX_ANY]),
  boundaries(['src/main/app/**'], [SANDBOX_INTERNALS]),
  boundaries(['src/preload/**'], [SANDBOX_ANY]),
  boundaries(['src/main/cli/**', 'src/main/ipc/**'], [ELECTRON, SANDBOX_INTERNALS]),
  boundaries(['src/main/sandbox/**'], [ELECTRON]),
  boundaries(['src/main/services/**'], [ELECTRON, SANDBOX_ANY]),
  boundaries(ENGINE, [ELECTRON, AWS, SANDBOX_ANY, SERVICES]),
  boundaries(['src/renderer/**'], [RENDERER_NODE, RENDERER_PACKAGES, RENDERER_MAIN]),
  boundaries(['src/shared/**'], [RENDERER_NODE, SHARED_PACKAGES, SHARED_OUTSIDE]),
);
