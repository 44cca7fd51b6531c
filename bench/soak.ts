// `npm run soak`: many accounts over several meeting cycles in the local cloud, twice side by side:
// once as it should go, and once with every fault of local/faults.ts injected (SES throttling,
// rejections, paused sending and Send events late, twice or never; duplicate deliveries at the same
// time; stream redeliveries; crashes before a send, after it and between writes; DynamoDB and
// Scheduler errors). Runs due at the same moment run at once, up to --concurrency of them (8). A failed run
// is retried as Lambda does (twice, a minute and two minutes later), then waits in its function's
// failure queue until the operator's daily redrive. Every email is identified by the key it was sent
// under (SES message tag), so the faulted run must send exactly the emails of the fault-free run:
// none missing, none twice, except the one duplicate AWS allows: SES accepted an email and nothing
// recorded it (the sender crashed, or its write marking it sent failed for good), and SES's Send event
// then came too late or never. Each such send allows its email one more, counted apart. Every answer the customers gave must be stored.
//
//   npm run soak -- [--accounts 2000] [--cycles 3] [--seed 1] [--concurrency 8]
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { simpleParser } from 'mailparser';
import type { Account } from '#domain/model.ts';
import { sendKeyOf } from '#app/send-once.ts';
import { startLocalCloud, type LocalCloud } from '#local/cloud.ts';
import { Faults, type FaultRates } from '#local/faults.ts';
import { freePorts } from '#test/support/free-ports.ts';

const FAULTS: FaultRates = {
  sesThrottle: 0.05,
  sesReject: 0.01,
  sesPause: 0.0005,
  sendEventLate: 0.02,
  sendEventDuplicate: 0.02,
  sendEventMissing: 0.02,
  duplicateDelivery: 0.05,
  streamRedelivery: 0.05,
  crashBeforeSend: 0.005,
  crashAfterSend: 0.005,
  crashBetweenWrites: 0.002,
  dynamoThrottle: 0.005,
  dynamoInternalError: 0.002,
  dynamoGiveUp: 0.001,
  schedulerThrottle: 0.02,
  schedulerQuota: 0.005,
  schedulerLostResponse: 0.01,
};

const START = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const RESULTS = join(import.meta.dirname, 'results');

interface RunResult {
  faults: Record<string, number> | null;
  /** Every email sent, by its send key with ids replaced by stable names, and how often. */
  sent: Record<string, number>;
  untagged: number;
  /**
   * The send keys (named as in `sent`) of emails SES accepted that nothing recorded (a crash, or the
   * write marking them sent failed for good) and whose Send event came late or never: one per send.
   */
  crashedAfterSend: string[];
  /** Events handed back from the failure queues by the operator's redrives. */
  redriven: number;
  /** Events still in a failure queue at the end. */
  failuresLeft: number;
  answersGiven: number;
  answersStored: number;
  deadLetters: number;
  streamFailures: number;
  seconds: number;
}

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '2000' },
    cycles: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    // In AWS nothing waits for another account's run. With more than 1, which run draws which fault
    // depends on the order their calls come in: a failure is replayed exactly with --concurrency 1.
    concurrency: { type: 'string', default: '8' },
    run: { type: 'string' },
    out: { type: 'string' },
  },
});
const accounts = positive('accounts', args.accounts);
const cycles = positive('cycles', args.cycles);
const seed = positive('seed', args.seed);
const concurrency = positive('concurrency', args.concurrency);
/** Results and logs are named by size, so that runs of different sizes can go side by side. */
const RUN_NAME = `soak-${accounts}x${cycles}`;


// ---- the two runs, compared ----------------------------------------------------------------

async function compare(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'pulse-soak-'));
  console.log(`soak: ${accounts} accounts, ${cycles} monthly cycles, seed ${seed}; a fault-free run and a faulted run side by side…`);
  try {
    const [expected, actual] = await Promise.all(
      (['clean', 'faults'] as const).map((mode) => child(mode, join(work, `${mode}.json`))),
    );
    return report(expected!, actual!);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function child(mode: 'clean' | 'faults', out: string): Promise<RunResult> {
  const argv = [...process.execArgv, process.argv[1]!, '--run', mode, '--out', out, '--accounts', String(accounts), '--cycles', String(cycles), '--seed', String(seed), '--concurrency', String(concurrency)];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, argv, { stdio: ['ignore', 'inherit', 'inherit'] });
    proc.once('error', reject);
    proc.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the ${mode} run failed (exit ${code})`));
      else resolve(JSON.parse(readFileSync(out, 'utf8')) as RunResult);
    });
  });
}

function report(expected: RunResult, actual: RunResult): number {
  // AWS's one allowed duplicate: an email SES accepted that nothing recorded, whose Send event then
  // came late or never. Each such send allows its key one more; anything beyond is a real duplicate.
  const allowance = new Map<string, number>();
  for (const key of actual.crashedAfterSend) allowance.set(key, (allowance.get(key) ?? 0) + 1);
  const extra = (key: string, count: number) => Math.max(0, count - 1 - (allowance.get(key) ?? 0));
  const explained = (key: string, count: number) => Math.min(Math.max(0, count - 1), allowance.get(key) ?? 0);
  const twiceIn = (sent: Record<string, number>, kind: string) => Object.entries(sent).filter(([key, count]) => kindOf(key) === kind && extra(key, count) > 0).length;
  const allowedIn = (kind: string) =>
    Object.entries(actual.sent).reduce((n, [key, count]) => n + (kindOf(key) === kind ? explained(key, count) : 0), 0);
  const kinds = [...new Set([...Object.keys(expected.sent), ...Object.keys(actual.sent)].map(kindOf))].sort();
  const rows = kinds.map((kind) => {
    const keys = (sent: Record<string, number>) => Object.entries(sent).filter(([key]) => kindOf(key) === kind);
    const want = keys(expected.sent);
    const got = keys(actual.sent);
    return {
      email: kind,
      expected: want.reduce((n, [, count]) => n + count, 0),
      actual: got.reduce((n, [, count]) => n + count, 0),
      missing: want.filter(([key]) => !actual.sent[key]).length,
      unexpected: got.filter(([key]) => !expected.sent[key]).length,
      twice: twiceIn(actual.sent, kind) + want.filter(([, count]) => count > 1).length,
      'twice, allowed': allowedIn(kind),
    };
  });
  rows.push({
    email: 'answers stored',
    expected: actual.answersGiven,
    actual: actual.answersStored,
    missing: Math.max(0, actual.answersGiven - actual.answersStored),
    unexpected: Math.max(0, actual.answersStored - actual.answersGiven),
    twice: 0,
    'twice, allowed': 0,
  });
  console.table(rows);
  const named = (label: string, keys: string[]) => keys.length > 0 && console.log(`${label}: ${keys.slice(0, 10).join(', ')}${keys.length > 10 ? ', …' : ''}`);
  named('missing', Object.keys(expected.sent).filter((key) => !actual.sent[key]));
  named('unexpected', Object.keys(actual.sent).filter((key) => !expected.sent[key]));
  named('sent twice', [...Object.entries(expected.sent).filter(([, n]) => n > 1), ...Object.entries(actual.sent).filter(([key, n]) => extra(key, n) > 0)].map(([key]) => key));
  const allowedTwice = rows.reduce((n, row) => n + row['twice, allowed'], 0);
  const crashesAfterSend = actual.faults?.crashAfterSend ?? 0;
  const allowances = actual.crashedAfterSend.length;
  console.log('faults injected:', actual.faults);
  console.log(
    `sent twice as AWS allows: ${allowedTwice}, after ${allowances} emails SES accepted that nothing recorded (a crash, or the write marking them sent failed for good) and whose Send event came late or never (${crashesAfterSend} crashes after a send in all)`,
  );
  console.log(
    `failure queues: ${actual.redriven} events redriven by the operator, ${actual.failuresLeft} left (fault-free run: ${expected.redriven} and ${expected.failuresLeft}); ` +
      `dead letters: ${actual.deadLetters} (${expected.deadLetters}); stream batches given up: ${actual.streamFailures} (${expected.streamFailures}); ` +
      `untagged emails: ${actual.untagged}; answers in the fault-free run: ${expected.answersGiven} given, ${expected.answersStored} stored`,
  );
  console.log(`took ${expected.seconds} s (fault-free) and ${actual.seconds} s (faulted)`);
  // How much the risk engine asks of managers' inboxes: alert emails (each climb included) per account and month.
  const alertEmails = rows.find((row) => row.email === 'alert')?.expected ?? 0;
  const alertsPerAccountMonth = alertEmails / (accounts * cycles);
  console.log(`alert emails per account-month: ${alertsPerAccountMonth.toFixed(2)} (${alertEmails} over ${accounts} accounts × ${cycles} months)`);
  const differences =
    rows.reduce((n, row) => n + row.missing + row.unexpected + row.twice, 0) +
    (expected.answersGiven !== expected.answersStored ? 1 : 0) +
    actual.failuresLeft +
    expected.failuresLeft +
    expected.redriven +
    actual.deadLetters +
    expected.deadLetters +
    actual.streamFailures +
    expected.streamFailures +
    actual.untagged;
  console.log(differences === 0 ? 'soak: nothing lost, nothing sent twice beyond what AWS allows' : `soak: FAILED with ${differences} differences`);
  writeFileSync(
    join(RESULTS, `${RUN_NAME}.json`),
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        accounts,
        cycles,
        seed,
        concurrency,
        rates: FAULTS,
        injected: actual.faults,
        rows,
        allowedTwice,
        redriven: actual.redriven,
        differences,
        alertsPerAccountMonth,
        seconds: { faultFree: expected.seconds, faulted: actual.seconds },
      },
      null,
      2,
    )}\n`,
  );
  console.log(`written to bench/results/${RUN_NAME}.json; the functions' logs are in bench/results/${RUN_NAME}-*.log`);
  return differences === 0 ? 0 : 1;
}

const kindOf = (key: string) => key.split('#')[0] ?? key;

// ---- one run ------------------------------------------------------------------------------

async function run(withFaults: boolean, count: number, cycleCount: number, seedValue: number): Promise<RunResult> {
  const began = Date.now();
  const label = withFaults ? 'faulted' : 'fault-free';
  // The functions' own logs go to a file; the terminal shows progress.
  mkdirSync(RESULTS, { recursive: true });
  const logFile = createWriteStream(join(RESULTS, `${RUN_NAME}-${withFaults ? 'faulted' : 'fault-free'}.log`));
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    console[level] = (...parts: unknown[]) => void logFile.write(`${parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ')}\n`);
  }
  const progress = (line: string) => process.stderr.write(`  ${label} run: ${line}, ${Math.round((Date.now() - began) / 1000)} s\n`);
  const faults = withFaults ? new Faults(FAULTS, seedValue) : undefined;
  const [api, ses, dynamodb, scheduler] = await freePorts(4);
  const cloud = await startLocalCloud({
    memory: true,
    noDemo: true,
    tick: false,
    clockStart: START,
    ports: { api: api!, ses: ses!, dynamodb: dynamodb!, scheduler: scheduler! },
    ...(faults ? { faults } : {}),
    // Every customer answers from 127.0.0.1; in AWS each has an address of its own.
    publicRateLimit: false,
    concurrency,
    sdkRetryWaits: false,
    // Lambda's retries and failure queues, with each failed run's error, into the functions' log.
    log: (line) => console.log(line),
  });
  try {
    const names = new Map<string, string>();
    const sent = new Map<string, number>();
    const toAnswer: { messageId: string; key: string }[] = [];
    let untagged = 0;
    cloud.onEmail = (messageId, tags) => {
      const key = sendKeyOf(tags);
      if (!key) {
        untagged += 1;
        return;
      }
      sent.set(key, (sent.get(key) ?? 0) + 1);
      if (key.startsWith('survey#')) toAnswer.push({ messageId, key });
    };

    const created = await createAccounts(cloud, count, names);
    progress(`${created.size} accounts created`);
    const meetingsSeen = new Map<string, string[]>();
    // A survey sent twice is answered twice through the same link, which keeps one answer: answers
    // are counted once per survey.
    const answered = new Set<string>();
    cloud.afterRun = async () => {
      for (const { messageId, key } of toAnswer.splice(0)) {
        const [, accountId = '', meetingId = '', contactId = ''] = key.split('#');
        const account = created.get(accountId);
        const contactIndex = account?.contacts.findIndex((c) => c.id === contactId) ?? -1;
        if (!account || contactIndex < 0) continue;
        const meetings = meetingsSeen.get(accountId) ?? [];
        if (!meetings.includes(meetingId)) meetings.push(meetingId);
        meetingsSeen.set(accountId, meetings);
        const answer = answerOf(account, contactIndex, meetings.indexOf(meetingId));
        if (!answer) continue;
        if (await submitAnswer(cloud, messageId, answer)) answered.add(key);
      }
    };

    // Three monthly cycles, then long enough for the last surveys, reminders and escalations. The
    // operator redrives the failure queues once a day, after the alarm; at the end, until they stay empty.
    let redriven = 0;
    const end = START.getTime() + cycleCount * 31 * DAY + 12 * DAY;
    for (let at = START.getTime() + DAY; at <= end; at += DAY) {
      await cloud.runUntil(new Date(at));
      for (let round = 0; round < (at + DAY > end ? 5 : 1) && cloud.failures.length > 0; round++) {
        redriven += await cloud.redrive();
        await cloud.runUntil(new Date(cloud.clock.now().getTime() + 10 * 60_000));
      }
      await fetch(`${cloud.urls.inbox}/clear-store`, { method: 'POST' });
      if (((at - START.getTime()) / DAY) % 7 === 0) {
        progress(`${new Date(at).toISOString().slice(0, 10)}, ${[...sent.values()].reduce((a, b) => a + b, 0)} emails`);
      }
    }

    let answersStored = 0;
    for (const account of created.values()) {
      const response = await fetch(`${cloud.urls.api}/admin/accounts/${account.id}/scores`);
      answersStored += ((await response.json()) as { scores: unknown[] }).scores.length;
    }
    const normalised: Record<string, number> = {};
    const alertNames: AlertNames = { ids: new Map(), perAccount: new Map() };
    for (const [key, times] of sent) normalised[normalise(key, names, alertNames)] = times;
    const crashedAfterSend = (faults?.allowedDuplicates() ?? []).flatMap((tag) => {
      const key = sendKeyOf({ send: [tag] });
      return key ? [normalise(key, names, alertNames)] : [];
    });
    return {
      faults: faults ? { ...faults.injected } : null,
      sent: normalised,
      untagged,
      crashedAfterSend,
      redriven,
      failuresLeft: cloud.failures.length,
      answersGiven: answered.size,
      answersStored,
      deadLetters: cloud.scheduler.deadLetters().length,
      streamFailures: cloud.poller.failures.length,
      seconds: Math.round((Date.now() - began) / 1000),
    };
  } finally {
    await cloud.stop();
  }
}

// ---- the accounts and their customers ---------------------------------------------------------

const ZONES = ['America/Chicago', 'America/New_York', 'America/Los_Angeles', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata'];
const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI'];
const WEEKS = [1, 2, 3, 4, 'last'] as const;
/** Each account's scores over its cycles, as a share of its scale: steady, dropping, low, recovering. */
const PROFILES = [
  [1, 1, 0.9],
  [1, 0.6, 0.4],
  [0.4, 0.4, 0.4],
  [0.4, 0.8, 1],
];
const MANAGERS = Array.from({ length: 12 }, (_, i) => ({ name: `Manager ${i + 1}`, email: `manager${i + 1}@sparkle.example` }));

async function createAccounts(cloud: LocalCloud, count: number, names: Map<string, string>): Promise<Map<string, Account>> {
  const created = new Map<string, Account>();
  const indexes = Array.from({ length: count }, (_, i) => i);
  const worker = async () => {
    for (let i = indexes.shift(); i !== undefined; i = indexes.shift()) {
      const response = await fetch(`${cloud.urls.api}/admin/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(accountJson(i)),
      });
      if (response.status !== 201) throw new Error(`account ${i} was not created: ${response.status} ${await response.text()}`);
      const account = (await response.json()) as Account;
      created.set(account.id, account);
      names.set(account.id, `A${i}`);
      account.contacts.forEach((contact, n) => names.set(contact.id, `A${i}.C${n}`));
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return created;
}

function accountJson(i: number) {
  const renewalDays = [20, 80, 400][i % 3]!;
  return {
    name: `Soak Building ${i}`,
    timezone: ZONES[i % ZONES.length],
    cadence: { every: 'month', week: WEEKS[i % WEEKS.length], weekday: WEEKDAYS[Math.floor(i / 5) % 5], time: `${String(8 + (i % 9)).padStart(2, '0')}:00`, durationMinutes: 60 },
    scale: i % 2 === 0 ? 5 : 10,
    renewalDate: new Date(START.getTime() + renewalDays * DAY).toISOString().slice(0, 10),
    monthlyValue: 1000 + (i % 50) * 100,
    team: {
      accountManager: MANAGERS[i % 6],
      supervisor: MANAGERS[6 + (i % 3)],
      operationsManager: MANAGERS[9 + (i % 2)],
      executive: MANAGERS[11],
    },
    contacts: [
      { name: 'Avery Customer', email: `avery.${i}@building${i}.example`, decisionMaker: true },
      { name: 'Blake Customer', email: `blake.${i}@building${i}.example` },
      { name: 'Casey Customer', email: `casey.${i}@building${i}.example` },
    ],
    services: ['Nightly janitorial'],
  };
}

/** The first contact always answers, the second every other cycle, the third never (gets reminders). */
function answerOf(account: Account, contactIndex: number, cycle: number): { score: number; comment: string } | undefined {
  const i = Number(/(\d+)$/.exec(account.name)?.[1] ?? 0);
  if (contactIndex === 2 || (contactIndex === 1 && (i + cycle) % 2 === 1)) return undefined;
  const profile = PROFILES[i % PROFILES.length]!;
  const score = Math.max(1, Math.round((profile[Math.min(cycle, profile.length - 1)] ?? 1) * account.scale));
  return { score, comment: score <= account.scale / 2 ? 'The restrooms were not restocked on Friday nights.' : '' };
}

async function submitAnswer(cloud: LocalCloud, messageId: string, answer: { score: number; comment: string }): Promise<boolean> {
  const raw = cloud.ses.rawMessage(messageId);
  if (!raw) throw new Error(`the survey ${messageId} was not kept`);
  const html = (await simpleParser(raw)).html || '';
  const link = /href="([^"]+\/s\/[^"?]+)\?score=\d+"/.exec(html)?.[1];
  if (!link) throw new Error(`the survey ${messageId} has no score link`);
  const response = await fetch(link.replace(/&amp;/g, '&'), {
    method: 'POST',
    body: new URLSearchParams({ mode: 'submit', score: String(answer.score), comment: answer.comment }),
    redirect: 'manual',
  });
  if (response.status >= 400) throw new Error(`the answer to ${messageId} was refused: ${response.status}`);
  return true;
}

/**
 * The send key with account and contact ids replaced by names that are the same in both runs. An
 * alert's id is derived from when the account was last evaluated, which faults move (an evaluation
 * retried a minute later), so each account's alerts are named by the order they were first sent in:
 * the same alerts to the same people on the same rungs match, an extra or a missing one does not.
 * `alertNames` must see the keys in the order they were first sent.
 */
function normalise(key: string, names: Map<string, string>, alertNames: AlertNames): string {
  const parts = key.split('#');
  const [kind, accountId, alertId] = parts;
  if (kind === 'alert' && accountId && alertId) {
    const id = `${accountId}#${alertId}`;
    let name = alertNames.ids.get(id);
    if (name === undefined) {
      const n = (alertNames.perAccount.get(accountId) ?? 0) + 1;
      alertNames.perAccount.set(accountId, n);
      name = `alert${n}`;
      alertNames.ids.set(id, name);
    }
    parts[2] = name;
  }
  return parts.map((part) => names.get(part) ?? part).join('#');
}

/** The stable names of alerts (`account#alert` → `alertN`), and how many each account has. */
interface AlertNames {
  ids: Map<string, string>;
  perAccount: Map<string, number>;
}

function positive(name: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    console.error(`--${name} must be a whole number of at least 1; it is ${JSON.stringify(value)}.`);
    process.exit(2);
  }
  return number;
}

if (args.run) {
  const result = await run(args.run === 'faults', accounts, cycles, seed);
  writeFileSync(args.out ?? '/dev/stdout', JSON.stringify(result));
  process.exit(0);
} else {
  process.exit(await compare());
}
