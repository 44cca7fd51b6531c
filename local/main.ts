// `npm start`: the whole of Partner Pulse on this machine. Ctrl-C stops it; data stays in .pulse/.
import { parseArgs } from 'node:util';
import { startLocalCloud, DEFAULT_PORTS, type LocalCloud } from './cloud.ts';
import { answerAsDemoCustomers, hasDemo, loadDemoQuietly } from './demo.ts';
import { LocalStartError } from './errors.ts';
import { describeUnknownOption, isParseArgsError, optionInError } from '../bin/cli/options.ts';
import { pulseApiHint } from './banner.ts';

const HELP = `Usage: npm start -- [options]

  --memory               keep nothing on disk (a throwaway run)
  --reset                wipe .pulse/ first and start afresh
  --demo                 load the demo company even if data exists
  --no-demo              do not load the demo company on a first start
  --data DIR             where data persists (default .pulse)
  --port N               HTTP API and home page (default ${DEFAULT_PORTS.api})
  --ses-port N           SES emulator and inbox (default ${DEFAULT_PORTS.ses})
  --dynamodb-port N      DynamoDB Local (default ${DEFAULT_PORTS.dynamodb})
  --scheduler-port N     Scheduler emulator (default ${DEFAULT_PORTS.scheduler})
`;

function port(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new LocalStartError(`${name} must be a port number, got "${value}".`, HELP);
  return n;
}

/** The options as HELP names them, for a message about one that does not exist. */
const OPTION_NAMES = [...HELP.matchAll(/^ {2}(--[\w-]+(?: [A-Z]+)?)/gm)].map((m) => m[1] ?? '');

/** A mistyped option, told as such: it is not a problem with the data. */
function usageError(error: unknown): unknown {
  if (!isParseArgsError(error)) return error;
  const option = optionInError(error);
  const message =
    option && /unknown option/i.test(error.message) ? describeUnknownOption(option, OPTION_NAMES).replace(/^u/, 'U') : error.message;
  return new LocalStartError(message, 'npm start -- --help describes every option.');
}

/**
 * The handlers log objects, which Lambda's JSON log format writes as one JSON record each; print them
 * the same way here, one line a record, rather than as Node's multi-line object dump.
 */
function logAsLambdaDoes(): void {
  for (const level of ['log', 'error'] as const) {
    const write = console[level].bind(console);
    console[level] = (...parts: unknown[]) =>
      write(...parts.map((part) => (part !== null && typeof part === 'object' && !(part instanceof Error) ? JSON.stringify(part) : part)));
  }
}

async function main(): Promise<void> {
  logAsLambdaDoes();
  // Node 20 is supported here; the SDK's notice about its future Node 22 requirement is in the README.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const options = {
    options: {
      memory: { type: 'boolean' },
      reset: { type: 'boolean' },
      demo: { type: 'boolean' },
      'no-demo': { type: 'boolean' },
      data: { type: 'string' },
      port: { type: 'string' },
      'ses-port': { type: 'string' },
      'dynamodb-port': { type: 'string' },
      'scheduler-port': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  } as const;
  let parsed: ReturnType<typeof parseArgs<typeof options>>;
  try {
    parsed = parseArgs(options);
  } catch (error) {
    throw usageError(error);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const ports = Object.fromEntries(
    Object.entries({
      api: port(values.port, '--port'),
      ses: port(values['ses-port'], '--ses-port'),
      dynamodb: port(values['dynamodb-port'], '--dynamodb-port'),
      scheduler: port(values['scheduler-port'], '--scheduler-port'),
    }).filter(([, v]) => v !== undefined),
  );

  // Signals are handled from the first moment, so a stop while starting still stops DynamoDB Local.
  const starting = new AbortController();
  let cloud: LocalCloud | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    starting.abort();
    console.log(`\n${signal}: stopping…`);
    await cloud?.stop();
    const where = cloud?.dataDir;
    console.log(where ? `stopped. Data is kept in ${where} for the next start.` : 'stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  cloud = await startLocalCloud(
    {
      ports,
      ...(values.data ? { dataDir: values.data } : {}),
      memory: values.memory ?? false,
      reset: values.reset ?? false,
      log: (line) => console.log(line),
    },
    starting.signal,
  );
  if (stopping) return;

  if ((cloud.fresh && !values['no-demo']) || values.demo) {
    console.log('loading the demo company…');
    console.log(await loadDemoQuietly(cloud));
  }
  if (hasDemo(cloud)) cloud.afterRun = async (c) => void (await answerAsDemoCustomers(c));

  console.log(
    `Partner Pulse is ready: home ${cloud.urls.api}/ · inbox ${cloud.urls.api}/local/inbox · API ${cloud.urls.api} · ` +
      `SES emulator ${cloud.urls.inbox} · ` +
      `DynamoDB ${cloud.urls.dynamodb} · Scheduler ${cloud.urls.scheduler} · clock ${cloud.clock.now().toISOString()}`,
  );
  const hint = pulseApiHint(cloud.urls.api);
  if (hint) console.log(hint);
}

main().catch((error: unknown) => {
  if (error instanceof LocalStartError) {
    console.error(`Could not start: ${error.message}\n${error.hint}`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      `Could not start: ${message}\nIf the data folder (.pulse/ unless --data names another) is damaged, run \`npm start -- --reset\` to start afresh (or --memory for a throwaway run).`,
    );
    if (process.env.PULSE_DEBUG) console.error(error);
  }
  process.exit(1);
});
