#!/usr/bin/env node
// Compiles the `pulse` CLI to one JavaScript file (dist/pulse.mjs), so that each call starts in a
// fraction of a second instead of compiling TypeScript first. Runs as `prepare` at `npm ci`, and by
// hand with `npm run build`. Dependencies stay outside the bundle: Node loads the few a call needs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = fileURLToPath(new URL('../dist/pulse.mjs', import.meta.url));
/** The sources the bundle was built from: bin/pulse.js runs the sources instead when one is newer. */
export const INPUTS = fileURLToPath(new URL('../dist/pulse.inputs.json', import.meta.url));

export async function buildCli() {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['bin/cli/main.ts'],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    banner: { js: '// Built from bin/cli by bin/build-cli.mjs; edit the sources, not this file.' },
  });
  mkdirSync(fileURLToPath(new URL('../dist', import.meta.url)), { recursive: true });
  writeFileSync(INPUTS, JSON.stringify(Object.keys(result.metafile.inputs)));
  return BUNDLE;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await buildCli();
  } catch (error) {
    // An install without devDependencies has no esbuild: the CLI then runs from its sources.
    if (error?.code === 'ERR_MODULE_NOT_FOUND') {
      console.warn('pulse: esbuild is not installed; the CLI will run from its TypeScript sources (slower).');
    } else {
      throw error;
    }
  }
}
