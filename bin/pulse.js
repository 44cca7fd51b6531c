#!/usr/bin/env node
// The `pulse` command: runs the CLI compiled by bin/build-cli.mjs (dist/pulse.mjs). When that build
// is missing or older than its sources, it says so and runs the TypeScript sources instead.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = new URL('../', import.meta.url);
const bundle = fileURLToPath(new URL('dist/pulse.mjs', root));
const inputs = fileURLToPath(new URL('dist/pulse.inputs.json', root));

/** Why the compiled CLI cannot be used, or undefined when it can. */
function whyNotCompiled() {
  if (!existsSync(bundle) || !existsSync(inputs)) return 'the compiled CLI (dist/pulse.mjs) is missing';
  const builtAt = statSync(bundle).mtimeMs;
  for (const source of JSON.parse(readFileSync(inputs, 'utf8'))) {
    const file = fileURLToPath(new URL(source, root));
    if (!existsSync(file) || statSync(file).mtimeMs > builtAt) return `the compiled CLI is older than ${source}`;
  }
  return undefined;
}

const reason = whyNotCompiled();
if (reason === undefined) {
  await import(pathToFileURL(bundle).href);
} else {
  console.error(`pulse: ${reason}; running from the TypeScript sources (slower). \`npm run build\` compiles it.`);
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli/main.ts');
}
