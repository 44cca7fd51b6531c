// `npm run bench`: the cold-start weight of every function, measured the way it deploys.
// Each handler is bundled like the CDK function construct does (minified ESM, the SDK bundled), then
// loaded in fresh Node processes side by side with a baseline bundle that imports only the same AWS
// SDK clients: the ratio of their module-initialisation times is robust to a noisy, shared machine.
import { build, type Metafile } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const HANDLERS = join(ROOT, 'functions/handlers');
const BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGETS = { bundleBytes: 250 * 1024, initRatio: 1.25 };

const CLIENTS: Record<string, string> = {
  '@aws-sdk/client-dynamodb': 'DynamoDBClient',
  '@aws-sdk/client-ses': 'SESClient',
  '@aws-sdk/client-scheduler': 'SchedulerClient',
  '@aws-sdk/client-secrets-manager': 'SecretsManagerClient',
};

interface Row {
  function: string;
  bundleKiB: number;
  baselineKiB: number;
  initMs: number;
  baselineInitMs: number;
  initRatio: number;
  meets: { bundle: boolean; init: boolean };
}

async function bundle(entry: string, outfile: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    sourcemap: 'external',
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: BANNER },
    metafile: true,
    // The baseline entries are written outside the project: resolve packages from its node_modules.
    nodePaths: [join(ROOT, 'node_modules')],
    logLevel: 'silent',
  });
  return result.metafile;
}

/** Milliseconds to import the module in a fresh process (the median of alternating runs). */
function initTimes(files: string[]): number[] {
  const samples = files.map(() => [] as number[]);
  const env = { ...process.env, AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...handlerEnv() };
  for (let run = 0; run < RUNS; run++) {
    files.forEach((file, i) => {
      const script = `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
      samples[i]!.push(Number(out.trim().split('\n').at(-1)));
    });
  }
  return samples.map((s) => s.sort((a, b) => a - b)[Math.floor(s.length / 2)] ?? Number.NaN);
}

/** What the handlers' configuration requires at load; the values are never used to call AWS here. */
function handlerEnv(): Record<string, string> {
  return {
    TABLE_NAME: 'bench-table',
    SENDER_EMAIL: 'bench@example.com',
    COMPANY_NAME: 'Bench',
    POSTAL_ADDRESS: '1 Bench Street',
    PUBLIC_URL: 'https://bench.example.com',
    SCHEDULE_GROUP: 'bench',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/bench',
    OCCURRENCE_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:bench-occurrence',
    FOLLOWUP_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:bench-followup',
    TOKEN_SECRET_ID: 'bench/keys',
  };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'pulse-bench-'));
  try {
    const entries = readdirSync(HANDLERS).filter((f) => f.endsWith('.ts') && !['config.ts', 'http.ts', 'routes.ts', 'wiring.ts'].includes(f));
    const rows: Row[] = [];
    for (const file of entries) {
      const name = basename(file, '.ts');
      const out = join(work, name, 'index.mjs');
      const meta = await bundle(join(HANDLERS, file), out);
      const used = Object.keys(CLIENTS).filter((pkg) => Object.keys(meta.inputs).some((input) => input.includes(`node_modules/${pkg}/`)));
      const baselineEntry = join(work, `${name}-baseline.mjs`);
      writeFileSync(
        baselineEntry,
        used.map((pkg, i) => `import { ${CLIENTS[pkg]} as C${i} } from '${pkg}';\nnew C${i}({});`).join('\n') || 'export {};',
      );
      const baselineOut = join(work, `${name}-baseline`, 'index.mjs');
      await bundle(baselineEntry, baselineOut);
      const [initMs = Number.NaN, baselineInitMs = Number.NaN] = initTimes([out, baselineOut]);
      const bundleBytes = statSync(out).size;
      const initRatio = initMs / baselineInitMs;
      rows.push({
        function: name,
        bundleKiB: Math.round(bundleBytes / 1024),
        baselineKiB: Math.round(statSync(baselineOut).size / 1024),
        initMs: Math.round(initMs * 10) / 10,
        baselineInitMs: Math.round(baselineInitMs * 10) / 10,
        initRatio: Math.round(initRatio * 100) / 100,
        meets: { bundle: bundleBytes <= TARGETS.bundleBytes, init: initRatio <= TARGETS.initRatio },
      });
    }
    console.table(
      rows.map((r) => ({
        function: r.function,
        'bundle KiB': r.bundleKiB,
        'SDK-only KiB': r.baselineKiB,
        'init ms': r.initMs,
        'SDK-only init ms': r.baselineInitMs,
        'init ratio': r.initRatio,
        '≤ 250 KiB': r.meets.bundle ? 'yes' : 'NO',
        'ratio ≤ 1.25': r.meets.init ? 'yes' : 'NO',
      })),
    );
    const results = join(ROOT, 'bench/results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'latest.json'), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, runs: RUNS, targets: TARGETS, rows }, null, 2)}\n`);
    console.log(`written to bench/results/latest.json (${RUNS} fresh-process runs per bundle)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
