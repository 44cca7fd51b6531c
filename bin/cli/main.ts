// `pulse`: the operators' command line. It talks to the admin API: the local cloud by default,
// a deployed stack with --stack NAME or --api URL.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RISK_LEVELS, type Account, type AccountEvent, type Commitment, type Meeting, type Score } from '#domain/model.ts';
import { ApiClient, CliError } from './api-client.ts';
import { describeAccount, table } from './format.ts';
import { historyCommands } from './history.ts';
import { importAccounts } from './import.ts';
import { describeUnknownOption, isParseArgsError, optionInError } from './options.ts';

const HELP = `Usage: pulse <command> [options]

Accounts
  accounts add FILE.json            create an account from its JSON ("-" reads standard input)
  accounts list [--level LEVEL]     all accounts, or those at a risk level
  accounts show ID                  one account with its recent meetings and scores
  accounts update ID FILE.json      change fields (a partial account JSON)
  accounts pause ID | resume ID     stop or restart its meetings
  accounts remove ID [--yes]        remove it, its schedule and its history (asks first)
  contacts add ID --name N --email E [--role R] [--decision-maker]
  contacts remove ID EMAIL
  contacts resubscribe ID EMAIL     undo an unsubscribe, bounce or complaint
  import FILE.csv [--dry-run]       create or update accounts from a CSV file; a row matches an
                                    account by its externalId column, else by exact name, so running
                                    the same file again changes nothing (--dry-run: only say what)
Meetings and history
  events add ID --type TYPE --description TEXT [--at ISO] [--resolves COMPLAINT_ID]
                                    TYPE: complaint, complaint-resolved, extra-service, upsell, note
                                    --resolves: the complaint a complaint-resolved event closes
  meetings list ID
  meetings held ID MEETING_ID [--note TEXT]
  meetings skipped ID MEETING_ID [--note TEXT]
  commitments list [ID]             open commitments (all of one account with ID)
  commitments done ID COMMITMENT_ID "what we did"
  commitments dismiss ID COMMITMENT_ID      not a request after all: nothing to report back
  commitments due ID COMMITMENT_ID YYYY-MM-DD
  commitments reassign ID COMMITMENT_ID NAME EMAIL
  events list ID [--from D --to D]  its complaints, extra services, notes, with who recorded them
  alerts list [ID]                  alerts (of one account with ID): who got each, who acknowledged it
  scores ID [--from D --to D]       every answer with its comment, oldest meeting first
  export scores [--from D --to D] > scores.csv
  export commitments [--from D --to D] > commitments.csv
                                    every account's answers or commitments as CSV (dates: YYYY-MM-DD,
                                    of the meeting or of the commitment; a cell that a spreadsheet
                                    would run as a formula starts with ')
  schedules reconcile [--dry-run]   repair drift between accounts and their schedules
Local cloud
  clock now | advance DURATION | set ISO    e.g. clock advance 35d

Options
  --json          machine-readable output
  --api URL       the admin API to talk to (default: $PULSE_API, else http://127.0.0.1:3000;
                  npm start prints the one to use when it listens elsewhere)
  --stack NAME    a deployed stack: reads its API URL and signs with your AWS credentials
`;

interface Context {
  api: ApiClient;
  json: boolean;
  args: string[];
  options: Record<string, string | boolean | undefined>;
}

function need(args: string[], index: number, what: string): string {
  const value = args[index];
  if (value === undefined || value === '') throw new CliError(`missing ${what}\n\n${HELP}`, 2);
  return value;
}

function option(ctx: Context, name: string): string | undefined {
  const value = ctx.options[name];
  return typeof value === 'string' ? value : undefined;
}

function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch {
    throw new CliError(`cannot read ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function print(ctx: Context, value: unknown, human: () => string): void {
  console.log(ctx.json ? JSON.stringify(value, null, 2) : human());
}

const enc = encodeURIComponent;

const commands: Record<string, (ctx: Context) => Promise<void>> = {
  'accounts add': async (ctx) => {
    const account = await ctx.api.request<Account>('POST', '/admin/accounts', readJsonFile(need(ctx.args, 0, 'FILE.json')));
    print(ctx, account, () => `created ${account.id} (${account.name})`);
  },
  'accounts list': async (ctx) => {
    const level = option(ctx, 'level');
    const { accounts } = await ctx.api.request<{ accounts: Account[] }>(
      'GET',
      `/admin/accounts${level ? `?level=${enc(level)}` : ''}`,
    );
    print(ctx, accounts, () =>
      table(
        ['ID', 'NAME', 'TIMEZONE', 'RENEWAL', 'RISK', 'STATUS'],
        mostUrgentFirst(accounts).map((a) => [a.id, a.name, a.timezone, a.renewalDate, a.risk.level, a.status]),
      ),
    );
  },
  'accounts show': async (ctx) => {
    const id = enc(need(ctx.args, 0, 'account ID'));
    const [account, { meetings }, { scores }] = await Promise.all([
      ctx.api.request<Account>('GET', `/admin/accounts/${id}`),
      ctx.api.request<{ meetings: Meeting[] }>('GET', `/admin/accounts/${id}/meetings?limit=6`),
      ctx.api.request<{ scores: Score[] }>('GET', `/admin/accounts/${id}/scores?limit=12`),
    ]);
    print(ctx, { account, meetings, scores }, () => describeAccount(account, meetings, scores));
  },
  'accounts update': async (ctx) => {
    const id = need(ctx.args, 0, 'account ID');
    const account = await ctx.api.request<Account>('PATCH', `/admin/accounts/${enc(id)}`, readJsonFile(need(ctx.args, 1, 'FILE.json')));
    print(ctx, account, () => `updated ${account.id}`);
  },
  'accounts pause': async (ctx) => {
    const account = await ctx.api.request<Account>('PATCH', `/admin/accounts/${enc(need(ctx.args, 0, 'account ID'))}`, {
      status: 'paused',
    });
    print(ctx, account, () => `paused ${account.id}: no meetings until it is resumed`);
  },
  'accounts resume': async (ctx) => {
    const account = await ctx.api.request<Account>('PATCH', `/admin/accounts/${enc(need(ctx.args, 0, 'account ID'))}`, {
      status: 'active',
    });
    print(ctx, account, () => `resumed ${account.id}`);
  },
  'accounts remove': async (ctx) => {
    const id = need(ctx.args, 0, 'account ID');
    const account = await ctx.api.request<Account>('GET', `/admin/accounts/${enc(id)}`);
    const what =
      `${account.name} (${account.id}): its meeting schedule, its calendar series (its ${account.contacts.length} ` +
      `contacts get a cancellation), and all its meetings, scores, commitments, events and alerts. ` +
      `Its survey and unsubscribe links stop working.`;
    if (!ctx.options.yes && !(await confirm(`This removes ${what}\nType the account id to confirm: `, account.id))) {
      throw new CliError(`not removed. To remove ${account.id} without a question, add --yes`, 1);
    }
    await ctx.api.request('DELETE', `/admin/accounts/${enc(id)}`);
    print(ctx, { removed: id }, () => `removed ${what}`);
  },
  'contacts add': async (ctx) => {
    const id = need(ctx.args, 0, 'account ID');
    const body = {
      name: option(ctx, 'name'),
      email: option(ctx, 'email'),
      ...(option(ctx, 'role') ? { role: option(ctx, 'role') } : {}),
      ...(ctx.options['decision-maker'] ? { decisionMaker: true } : {}),
    };
    const account = await ctx.api.request<Account>('POST', `/admin/accounts/${enc(id)}/contacts`, body);
    print(ctx, account, () => `added ${body.email} to ${account.name}`);
  },
  'contacts remove': async (ctx) => {
    const id = need(ctx.args, 0, 'account ID');
    const contact = need(ctx.args, 1, 'contact EMAIL');
    const account = await ctx.api.request<Account>('DELETE', `/admin/accounts/${enc(id)}/contacts/${enc(contact)}`);
    print(ctx, account, () => `removed ${contact} from ${account.name}`);
  },
  'contacts resubscribe': async (ctx) => {
    const id = need(ctx.args, 0, 'account ID');
    const contact = need(ctx.args, 1, 'contact EMAIL');
    const account = await ctx.api.request<Account>('PATCH', `/admin/accounts/${enc(id)}/contacts/${enc(contact)}`, {
      status: 'active',
    });
    print(ctx, account, () => `${contact} gets emails again`);
  },
  'commitments list': async (ctx) => {
    const id = ctx.args[0];
    const { commitments } = await ctx.api.request<{ commitments: Commitment[] }>(
      'GET',
      `/admin/commitments${id ? `?accountId=${enc(id)}` : ''}`,
    );
    print(ctx, commitments, () =>
      table(
        ['ACCOUNT', 'ID', 'STATUS', 'OWNER', 'SINCE', 'REQUEST', 'WHAT WE DID'],
        commitments.map((c) => [c.accountId, c.id, c.status, c.owner.name, c.createdAt.slice(0, 10), c.request, c.whatWeDid ?? '']),
      ),
    );
  },
  'commitments done': async (ctx) => {
    const id = need(ctx.args, 0, 'account ID');
    const commitmentId = need(ctx.args, 1, 'COMMITMENT_ID (see commitments list)');
    const whatWeDid = need(ctx.args, 2, '"what we did"');
    const commitment = await ctx.api.request<Commitment>(
      'POST',
      `/admin/accounts/${enc(id)}/commitments/${enc(commitmentId)}`,
      { whatWeDid },
    );
    print(ctx, commitment, () => `done: "${commitment.request}" — ${commitment.whatWeDid}`);
  },
  'commitments dismiss': (ctx) => changeCommitment(ctx, { action: 'dismiss' }, (c) => `dismissed: ${c.summary ?? c.request}`),
  'commitments due': (ctx) =>
    changeCommitment(ctx, { action: 'due', dueDate: need(ctx.args, 2, 'the due date, YYYY-MM-DD') }, (c) => `due ${c.dueDate ?? ''}: ${c.summary ?? c.request}`),
  'commitments reassign': (ctx) =>
    changeCommitment(
      ctx,
      { action: 'reassign', owner: { name: need(ctx.args, 2, 'the new owner\'s NAME'), email: need(ctx.args, 3, 'the new owner\'s EMAIL') } },
      (c) => `${c.owner.name} now owns: ${c.summary ?? c.request}`,
    ),
  import: async (ctx) => {
    const dryRun = Boolean(ctx.options['dry-run']);
    const summary = await importAccounts(ctx.api, need(ctx.args, 0, 'FILE.csv'), { progress: !ctx.json, dryRun });
    const would = dryRun ? 'would be ' : '';
    print(ctx, summary, () =>
      [
        `${summary.rows} rows: ${summary.created.length} ${would}created, ${summary.updated.length} ${would}updated, ` +
          `${summary.unchanged.length} unchanged, ${summary.errors.length} rejected${dryRun ? ' (dry run: nothing was written)' : ''}`,
        ...[
          ...summary.created.map((r) => ({ line: r.line, text: `${would}created ${r.name}${r.id ? ` (${r.id})` : ''}` })),
          ...summary.updated.map((r) => ({ line: r.line, text: `${would}updated ${r.name} (${r.id}): ${r.fields.join(', ')}` })),
          ...summary.errors.map((e) => ({ line: e.line, text: e.message })),
        ]
          .sort((a, b) => a.line - b.line)
          .map((r) => `line ${r.line}: ${r.text}`),
      ].join('\n'),
    );
    if (summary.errors.length > 0) process.exitCode = 1;
  },
  'events add': async (ctx) => {
    const id = need(ctx.args, 0, 'account ID');
    const body = {
      type: option(ctx, 'type'),
      description: option(ctx, 'description'),
      ...(option(ctx, 'at') ? { at: option(ctx, 'at') } : {}),
      ...(option(ctx, 'resolves') ? { resolves: option(ctx, 'resolves') } : {}),
    };
    const event = await ctx.api.request<AccountEvent>('POST', `/admin/accounts/${enc(id)}/events`, body);
    print(ctx, event, () => `logged ${event.type} on ${id} (${event.id})`);
  },
  'meetings list': async (ctx) => {
    const id = need(ctx.args, 0, 'account ID');
    const { meetings } = await ctx.api.request<{ meetings: Meeting[] }>('GET', `/admin/accounts/${enc(id)}/meetings?limit=24`);
    print(ctx, meetings, () => table(['MEETING', 'STATUS', 'NOTE'], meetings.map((m) => [m.scheduledTime, m.status, m.note ?? ''])));
  },
  'meetings held': (ctx) => markMeeting(ctx, 'held'),
  'meetings skipped': (ctx) => markMeeting(ctx, 'skipped'),
  'schedules reconcile': async (ctx) => {
    const dryRun = Boolean(ctx.options['dry-run']);
    const report = await ctx.api.request<{ changes: { accountId?: string; schedule: string; action: string; reason: string }[] }>(
      'POST',
      `/admin/schedules/reconcile${dryRun ? '?dryRun=true' : ''}`,
    );
    print(ctx, report, () =>
      report.changes.length === 0
        ? 'accounts and schedules agree'
        : table(
            ['SCHEDULE', 'ACTION', 'REASON'],
            report.changes.map((c) => [c.schedule, dryRun ? `would ${c.action}` : c.action, c.reason]),
          ),
    );
  },
  'clock now': async (ctx) => {
    const { now } = await ctx.api.request<{ now: string }>('GET', '/local/clock');
    print(ctx, { now }, () => now);
  },
  'clock advance': (ctx) => moveClock(ctx, { advance: need(ctx.args, 0, 'DURATION (e.g. 35d, 12h)') }),
  'clock set': (ctx) => moveClock(ctx, { set: need(ctx.args, 0, 'ISO time (e.g. 2027-01-12T10:00:00Z)') }),
  ...historyCommands,
};

/** Asks on the terminal; without one (a script, CI) the answer is no, so nothing is removed by surprise. */
async function confirm(question: string, expected: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const { createInterface } = await import('node:readline/promises');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await prompt.question(question)).trim() === expected;
  } finally {
    prompt.close();
  }
}

/** The highest risk first, and within a level the nearest renewal: the order to work through them. */
function mostUrgentFirst(accounts: readonly Account[]): Account[] {
  const rank = (a: Account) => RISK_LEVELS.indexOf(a.risk.level);
  return [...accounts].sort((a, b) => rank(b) - rank(a) || a.renewalDate.localeCompare(b.renewalDate) || a.name.localeCompare(b.name));
}

async function changeCommitment(ctx: Context, change: Record<string, unknown>, human: (c: Commitment) => string): Promise<void> {
  const id = need(ctx.args, 0, 'account ID');
  const commitmentId = need(ctx.args, 1, 'COMMITMENT_ID (see commitments list)');
  const commitment = await ctx.api.request<Commitment>('PATCH', `/admin/accounts/${enc(id)}/commitments/${enc(commitmentId)}`, change);
  print(ctx, commitment, () => human(commitment));
}

async function markMeeting(ctx: Context, status: 'held' | 'skipped'): Promise<void> {
  const id = need(ctx.args, 0, 'account ID');
  const meetingId = need(ctx.args, 1, 'MEETING_ID (its scheduled time, see meetings list)');
  const note = option(ctx, 'note');
  const meeting = await ctx.api.request<Meeting>('POST', `/admin/accounts/${enc(id)}/meetings/${enc(meetingId)}`, {
    status,
    ...(note ? { note } : {}),
  });
  print(ctx, meeting, () => `${meetingId} marked ${status}`);
}

interface Fired {
  name: string;
  scheduledTime: string;
  outcome: string;
}

async function moveClock(ctx: Context, body: { advance: string } | { set: string }): Promise<void> {
  const result = await ctx.api.request<{ from: string; now: string; fired: Fired[]; emails?: Record<string, number> }>(
    'POST',
    '/local/clock',
    body,
  );
  const sent = Object.entries(result.emails ?? {}).map(([kind, n]) => `${n} ${kind}`);
  print(ctx, result, () =>
    [
      `clock moved from ${result.from} to ${result.now}; ${result.fired.length} schedule runs` +
        (result.emails ? `; emails sent: ${sent.join(', ') || 'none'}` : ''),
      ...result.fired.map((f) => `  ${f.scheduledTime}  ${f.name}${f.outcome === 'ok' ? '' : `  (${f.outcome})`}`),
    ].join('\n'),
  );
}

/** The options every command takes. */
const GLOBAL_OPTIONS = ['--json', '--api URL', '--stack NAME', '--help'];

/** The options of the commands that take any of their own. */
const COMMAND_OPTIONS: Record<string, string[]> = {
  'accounts list': ['--level LEVEL'],
  'contacts add': ['--name N', '--email E', '--role R', '--decision-maker'],
  'events add': ['--type TYPE', '--description TEXT', '--at ISO', '--resolves COMPLAINT_ID'],
  'meetings held': ['--note TEXT'],
  'meetings skipped': ['--note TEXT'],
  'schedules reconcile': ['--dry-run'],
  'accounts remove': ['--yes'],
  import: ['--dry-run'],
  'events list': ['--from DATE', '--to DATE'],
  scores: ['--from DATE', '--to DATE'],
  'export scores': ['--from DATE', '--to DATE'],
  'export commitments': ['--from DATE', '--to DATE'],
};

const PARSE_OPTIONS = {
  json: { type: 'boolean' },
  api: { type: 'string' },
  stack: { type: 'string' },
  level: { type: 'string' },
  name: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  'decision-maker': { type: 'boolean' },
  type: { type: 'string' },
  description: { type: 'string' },
  at: { type: 'string' },
  resolves: { type: 'string' },
  note: { type: 'string' },
  'dry-run': { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  help: { type: 'boolean', short: 'h' },
} as const;

function commandKey(positionals: string[]): string {
  const [group = '', verb = ''] = positionals;
  return group === 'import' || group === 'scores' ? group : `${group} ${verb}`;
}

function optionsOf(key: string): string[] {
  return [...(COMMAND_OPTIONS[key] ?? []), ...GLOBAL_OPTIONS];
}

/** What is wrong with the options, named for the command they were given to. */
function optionError(argv: string[], error: TypeError): CliError {
  const { positionals } = parseArgs({ args: argv, options: PARSE_OPTIONS, allowPositionals: true, strict: false });
  const key = commandKey(positionals);
  const known = commands[key] ? key : undefined;
  const option = optionInError(error);
  const where = known ? `${known}: ` : '';
  if (option && /unknown option/i.test(error.message)) {
    return new CliError(`${where}${describeUnknownOption(option, known ? optionsOf(known) : GLOBAL_OPTIONS)}`, 2);
  }
  return new CliError(`${where}${error.message.replace(/\.?$/, '.')} Options here: ${optionsOf(known ?? '').join(', ')}.`, 2);
}

export async function run(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: PARSE_OPTIONS });
  } catch (error) {
    if (isParseArgsError(error)) throw optionError(argv, error);
    throw error;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    console.log(HELP);
    return;
  }
  const key = commandKey(positionals);
  const command = commands[key];
  if (!command) throw new CliError(`unknown command "${positionals.slice(0, 2).join(' ')}"\n\n${HELP}`, 2);
  // An option another command takes is as wrong here as a typo: it would be silently ignored.
  const allowed = new Set(optionsOf(key).map((o) => o.split(' ')[0]));
  const stray = Object.keys(values).find((name) => !allowed.has(`--${name}`));
  if (stray) throw new CliError(`${key}: ${describeUnknownOption(`--${stray}`, optionsOf(key))}`, 2);
  const api = values.stack
    ? await ApiClient.forStack(values.stack)
    : new ApiClient(values.api ?? process.env.PULSE_API ?? 'http://127.0.0.1:3000');
  await command({
    api,
    json: values.json ?? false,
    args: positionals.slice(key.split(' ').length),
    options: values,
  });
}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof CliError) {
    console.error(`pulse: ${error.message}`);
    process.exit(error.exitCode);
  }
  console.error(error);
  process.exit(1);
});
