// The one synth with real esbuild bundling: the function construct ships a minified ESM bundle with a
// source map that imports the AWS SDK from the runtime, and the bundle loads under Node.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER, REPO_ROOT } from '#lib/constructs/function.ts';
import { synthesize, SYNTH_TIMEOUT, type Synthesized } from './synth.ts';

let synthesized: Synthesized;
let assetDir: string;

beforeAll(() => {
  synthesized = synthesize({ bundle: true });
  const { stack, template, outdir } = synthesized;
  const id = stack.getLogicalId(stack.api.adminFunction.function.node.defaultChild as CfnElement);
  const code = template.toJSON().Resources[id].Properties.Code as { S3Key: string };
  assetDir = join(outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
}, SYNTH_TIMEOUT);

describe('the bundled admin function', () => {
  it('is an ESM file, index.mjs, with its source map beside it', () => {
    expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
  });

  it('defines require for the CommonJS code it bundles', () => {
    const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
  });

  it('is minified', () => {
    const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    // esbuild marks each input file with a path comment and indents only when not minifying.
    expect(code).not.toMatch(/^\/\/ (functions|node_modules)\//m);
    expect(code).not.toMatch(/^export \{\n/m);
    expect(code.split('\n').length).toBeLessThan(code.length / 1000 + 10);
  });

  it('links its source map, which maps back to the handler source without embedding it', () => {
    const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    const map = JSON.parse(readFileSync(join(assetDir, 'index.mjs.map'), 'utf8')) as {
      version: number;
      sources: string[];
      sourcesContent?: unknown;
      mappings: string;
    };

    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
    expect(map.version).toBe(3);
    expect(map.sources.some((source) => source.endsWith('functions/handlers/admin-api.ts'))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
    expect(map.mappings.length).toBeGreaterThan(0);
  });

  it('imports the AWS SDK the runtime ships instead of bundling it', () => {
    const map = JSON.parse(readFileSync(join(assetDir, 'index.mjs.map'), 'utf8')) as { sources: string[] };

    expect(map.sources.filter((source) => /node_modules\/@(aws-sdk|smithy)\//.test(source))).toEqual([]);
  });

  it('imports only the SDK clients of the services the admin API calls', () => {
    const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    const imported = new Set([...code.matchAll(/from\s*["'](@aws-sdk\/[^"']+)["']/g)].map((match) => match[1]));

    expect([...imported].sort()).toEqual([
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-scheduler',
      '@aws-sdk/client-ses',
      '@aws-sdk/lib-dynamodb',
    ]);
  });

  it('loads under Node as an ES module and exports handler', () => {
    // Lambda resolves the SDK from the runtime's own node_modules; here the project's stands in.
    const nodeModules = join(synthesized.outdir, 'node_modules');
    if (!existsSync(nodeModules)) symlinkSync(join(REPO_ROOT, 'node_modules'), nodeModules, 'dir');
    const environment = {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      TABLE_NAME: 'pulse-test',
      SENDER_EMAIL: 'surveys@sparkle.example',
      COMPANY_NAME: 'Sparkle Facility Services',
      POSTAL_ADDRESS: '100 Main St, Springfield, IL 62701',
      PUBLIC_URL: 'https://api.example.com/',
      SCHEDULE_GROUP: 'PartnerPulse',
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
      OCCURRENCE_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:occurrence',
      FOLLOWUP_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:followup',
      TOKEN_SECRET_ID: 'pulse/token-keys',
    };
    const load = spawnSync(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', 'const m = await import(process.argv[1]); console.log(typeof m.handler);', join(assetDir, 'index.mjs')],
      { encoding: 'utf8', env: environment },
    );

    // stderr may carry the SDK's Node-version notice; only the exit status and the export count.
    expect({ status: load.status, stderr: load.stderr, handler: load.stdout.trim() }).toMatchObject({
      status: 0,
      handler: 'function',
    });
  }, 60_000);
});
