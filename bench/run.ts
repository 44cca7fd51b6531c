// `npm run bench`: the cold-start weight of every function, measured the way it deploys.
// Each handler is bundled like the CDK function construct does (minified ESM, the AWS SDK left out
// for the runtime to provide), then loaded in fresh Node processes side by side with a baseline
// bundle that imports and builds only the same AWS SDK clients. Both resolve the SDK from
// node_modules at run time, as the Lambda runtime resolves its own copy: the ratio of their
// module-initialisation times is what the function's own code adds. Each run times the two one
// after the other and the ratio is the median of those pairs, so that a shared machine's changing
// load weighs on both sides of each ratio alike.
import { build, type Metafile } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const HANDLERS = join(ROOT, 'functions/handlers');
const BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
/**
 * `wall` (the default) is what a cold start waits for. `cpu` counts the process's CPU time instead:
 * on a loaded machine, wall time mostly measures the wait for a core, and both sides of a ratio wait
 * differently from one run to the next; loading code is CPU-bound, so CPU time shows its cost steadily.
 */
const CLOCK = process.env.BENCH_CLOCK === 'cpu' ? 'cpu' : 'wall';
const TARGETS = { bundleBytes: 250 * 1024, initRatio: 1.25 };
/** What `cdk synth` leaves external (bundleAwsSDK: false, with cdk.json's sdkV3ExcludeSmithyPackages flag). */
const RUNTIME_PROVIDED = ['@aws-sdk/*', '@smithy/*'];
/** The Lambda runtime's Node.js (Runtime.NODEJS_24_X): esbuild targets it, as the construct does. */
const TARGET = 'node24';

/**
 * What a handler does with each SDK package at load, which its baseline repeats: import it and build
 * the client (in this order: the document client wraps the DynamoDB client). A handler that imports
 * an SDK package missing here stops the bench, rather than be compared with a baseline that lacks it.
 */
const SDK_BASELINE: Record<string, string> = {
  '@aws-sdk/client-dynamodb': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nconst dynamodb = new DynamoDBClient({});",
  '@aws-sdk/lib-dynamodb': "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\nDynamoDBDocumentClient.from(dynamodb);",
  '@aws-sdk/client-ses': "import { SESClient } from '@aws-sdk/client-ses';\nnew SESClient({});",
  '@aws-sdk/client-scheduler': "import { SchedulerClient } from '@aws-sdk/client-scheduler';\nnew SchedulerClient({});",
  '@aws-sdk/client-secrets-manager':
    "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';\nnew SecretsManagerClient({});",
};

interface Row {
  function: string;
  bundleKiB: number;
  sdk: string[];
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
    target: TARGET,
    minify: true,
    sourcemap: 'external',
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: BANNER },
    external: RUNTIME_PROVIDED,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

/** The packages a bundle leaves for the runtime to provide (Node's built-ins aside). */
function runtimeImports(meta: Metafile, outfile: string): string[] {
  const output = meta.outputs[relative(process.cwd(), outfile)];
  if (!output) throw new Error(`no ${outfile} among the bundle's outputs: ${Object.keys(meta.outputs).join(', ')}`);
  const packages = output.imports
    .filter((i) => i.external && (i.path.startsWith('@aws-sdk/') || i.path.startsWith('@smithy/')))
    .map((i) => i.path);
  return [...new Set(packages)].sort();
}

/** The baseline's source: the same SDK packages, imported and built as the handler does. */
function baselineSource(packages: string[], name: string): string {
  const unknown = packages.filter((pkg) => !(pkg in SDK_BASELINE));
  if (unknown.length > 0) throw new Error(`${name} imports ${unknown.join(', ')}: add what it does with it to SDK_BASELINE`);
  if (packages.includes('@aws-sdk/lib-dynamodb') && !packages.includes('@aws-sdk/client-dynamodb')) {
    throw new Error(`${name} imports @aws-sdk/lib-dynamodb without @aws-sdk/client-dynamodb: SDK_BASELINE assumes both`);
  }
  const lines = Object.entries(SDK_BASELINE).flatMap(([pkg, code]) => (packages.includes(pkg) ? [code] : []));
  return `${lines.join('\n')}\nexport {};\n`;
}

/**
 * Milliseconds to import each module in a fresh process, run by run. The runs alternate which module
 * goes first, after one unmeasured run of each so the file cache is warm for both.
 */
function initTimes(files: string[]): number[][] {
  const samples = files.map(() => [] as number[]);
  const env = { ...process.env, AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...handlerEnv() };
  const time = (file: string) => {
    const script =
      CLOCK === 'cpu'
        ? `const c=process.cpuUsage();await import(${JSON.stringify(file)});const d=process.cpuUsage(c);console.log((d.user+d.system)/1000)`
        : `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
    return Number(out.trim().split('\n').at(-1));
  };
  files.forEach(time);
  for (let run = 0; run < RUNS; run++) {
    const order = files.map((_, i) => i);
    if (run % 2 === 1) order.reverse();
    for (const i of order) samples[i]!.push(time(files[i]!));
  }
  return samples;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
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

/** The handler files: those of functions/handlers/ that export `handler`. */
function handlerFiles(): string[] {
  return readdirSync(HANDLERS)
    .filter((file) => file.endsWith('.ts'))
    .filter((file) => /export\s+const\s+handler\b/.test(readFileSync(join(HANDLERS, file), 'utf8')))
    .sort();
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'pulse-bench-'));
  try {
    // Where the runtime would provide the SDK, the project's node_modules does; both bundles see it.
    symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
    const rows: Row[] = [];
    for (const file of handlerFiles()) {
      const name = basename(file, '.ts');
      const out = join(work, name, 'index.mjs');
      const sdk = runtimeImports(await bundle(join(HANDLERS, file), out), out);
      const baselineEntry = join(work, `${name}-baseline.mjs`);
      writeFileSync(baselineEntry, baselineSource(sdk, name));
      const baselineOut = join(work, `${name}-baseline`, 'index.mjs');
      await bundle(baselineEntry, baselineOut);
      const [handlerRuns = [], baselineRuns = []] = initTimes([out, baselineOut]);
      const initMs = median(handlerRuns);
      const baselineInitMs = median(baselineRuns);
      const initRatio = median(handlerRuns.map((ms, run) => ms / baselineRuns[run]!));
      const bundleBytes = statSync(out).size;
      rows.push({
        function: name,
        bundleKiB: Math.round(bundleBytes / 1024),
        sdk,
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
        'SDK packages': r.sdk.map((pkg) => pkg.replace(/^@aws-sdk\/(client-)?/, '')).join(' '),
        'init ms': r.initMs,
        'SDK-only init ms': r.baselineInitMs,
        'init ratio': r.initRatio,
        '≤ 250 KiB': r.meets.bundle ? 'yes' : 'NO',
        'ratio ≤ 1.25': r.meets.init ? 'yes' : 'NO',
      })),
    );
    const results = join(ROOT, 'bench/results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'latest.json'), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, runs: RUNS, clock: CLOCK, targets: TARGETS, rows }, null, 2)}\n`);
    console.log(`written to bench/results/latest.json (${RUNS} fresh-process runs per bundle, ${CLOCK} time)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
