import tseslint from 'typescript-eslint';
import vitest from '@vitest/eslint-plugin';

// ---- the layers (DESIGN.md, "Dependency rules, enforced by lint") ------------------------------------
// Each folder gets one `no-restricted-imports` list: a later block replaces the rule's options of an
// earlier one rather than adding to them, so every list below repeats what its outer folder forbids.

/** `#name/…`, and relative paths into the folder of that name (`../adapters/…`, `../../functions/domain/…`). */
const layer = (name) => `^(#${name}/|(\.\./)+(functions/)?${name}/)`;

/** Modules that reach the network, the disk or other processes. */
const AWS = '^@(aws-sdk|smithy|middy)/';
const IO = [AWS, '^nodemailer(/|$)', '^(node:)?(fs|net|http|https|http2|child_process|dgram|dns|tls|worker_threads|cluster)(/|$)'];

const either = (regexes) => regexes.map((regex) => `(${regex})`).join('|');
const restrict = (...rules) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: rules }],
});
const never = (regexes, message) => ({ regex: either(regexes), message });
/** Types only: the compiler erases them, so no code of that layer runs. */
const typesOnly = (regexes, message) => ({ regex: either(regexes), message, allowTypeImports: true });

const OUTSIDE_FUNCTIONS = never(
  [layer('local'), layer('lib'), layer('test'), layer('bin')],
  'functions/ runs in Lambda: it never imports the local cloud, the infrastructure or the tests (local/ imports handlers, not the other way round).',
);
const CLASSIC_ZOD = never(
  ['^zod$'],
  'functions/ validates with zod/mini through #contract/zod.ts: classic zod weighs about 95 KiB in every bundle, mini about 40.',
);
/** What every folder of functions/ forbids. */
const IN_FUNCTIONS = [OUTSIDE_FUNCTIONS, CLASSIC_ZOD];
const NO_IO = never(IO, 'domain and contract do no I/O: AWS, files, network and processes belong in functions/adapters.');

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.pulse/', 'bench/results/', 'dist/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A closure that runs later may read a variable assigned once after it is created.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['functions/**/*.ts'],
    rules: restrict(...IN_FUNCTIONS),
  },
  {
    files: ['functions/contract/**/*.ts'],
    rules: restrict(
      ...IN_FUNCTIONS,
      NO_IO,
      never(
        [layer('domain'), layer('app'), layer('render'), layer('adapters'), layer('handlers')],
        'The contract is what lib/ and functions/ share: it imports no other layer (lib/ may import only the contract).',
      ),
    ),
  },
  {
    files: ['functions/domain/**/*.ts'],
    rules: restrict(
      ...IN_FUNCTIONS,
      NO_IO,
      never(
        [layer('app'), layer('render'), layer('adapters'), layer('handlers')],
        'The domain is pure rules: it imports only the contract and itself.',
      ),
    ),
  },
  {
    files: ['functions/app/**/*.ts'],
    rules: restrict(
      ...IN_FUNCTIONS,
      never([AWS], 'Use cases reach AWS only through the ports they declare; adapters implement them.'),
      never(
        [layer('render'), layer('adapters'), layer('handlers')],
        'A use case imports the domain, the contract and its own ports; handlers wire adapters and render.',
      ),
    ),
  },
  {
    files: ['functions/render/**/*.ts'],
    rules: restrict(
      ...IN_FUNCTIONS,
      never([AWS], 'Rendering turns results into HTML, text and iCalendar: no AWS.'),
      never([layer('adapters'), layer('handlers')], 'Rendering imports the domain, the contract and result types of the use cases.'),
      typesOnly([layer('app')], 'Rendering may name the use cases\' result types (import type), never run a use case.'),
    ),
  },
  {
    files: ['functions/adapters/**/*.ts'],
    rules: restrict(OUTSIDE_FUNCTIONS, never([layer('handlers')], 'Adapters serve the handlers; they never import one.')),
  },
  {
    files: ['lib/**/*.ts'],
    rules: restrict(
      never(
        [
          layer('domain'),
          layer('app'),
          layer('render'),
          layer('adapters'),
          layer('handlers'),
          layer('local'),
          layer('test'),
        ],
        'The infrastructure imports no runtime code but the contract (#contract/*): name a fact there once, for both sides.',
      ),
    ),
  },
  {
    files: ['test/**/*.ts'],
    plugins: { vitest },
    rules: {
      'vitest/no-focused-tests': 'error',
      'vitest/no-disabled-tests': 'error',
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'assert*'] }],
      'vitest/no-commented-out-tests': 'error',
      'vitest/valid-expect': 'error',
    },
  },
);
