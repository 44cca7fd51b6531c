// `npm run bench:system`: the whole system in the local cloud, one account through 50 monthly meeting
// cycles. It measures DynamoDB request units per cycle and contact (cycle 2 against cycle 50: the
// cost must not grow with history), the warm latency of the survey page and of its answer against a
// bare GetItem, and, from the operations counted along the way, the AWS bill per account-month at
// 1,000 and 100,000 accounts. Prints tables and writes bench/results/system.json.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { createDocumentClient } from '#adapters/dynamo/index.ts';
import { ATTRIBUTES, keys } from '#contract/table.ts';
import { nextOccurrences } from '#domain/cadence.ts';
import type { Account, Commitment } from '#domain/model.ts';
import type { LocalCloud } from '../local/cloud.ts';
import { FUNCTION_NAMES, riskStreamHandler, SCHEDULED_HANDLERS, type StreamHandler } from '../local/functions.ts';
import { api, clearInbox, inbox, startTestCloud, type StoredEmail } from '../test/support/cloud.ts';
import { accountJson } from '../test/support/fixtures.ts';
import { freePorts } from '../test/support/free-ports.ts';
import { ConsumedCapacity, itemBytes, type Units } from './consumed-capacity.ts';
import { costPerAccountMonth, deployedStack, type CycleOperations } from './cost.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CYCLES = Number(process.env.BENCH_CYCLES ?? 50);
const MEASURED = [2, CYCLES];
const LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 300);
const WARM_UP = 30;
const TARGETS = { unitsGrowth: 0, pageP95Ratio: 3, sesShare: 0.85 };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const CONTACTS = [
  { name: 'Morgan Lee', email: 'morgan@benchtower.example', role: 'Facility manager', decisionMaker: true },
  { name: 'Jordan Park', email: 'jordan@benchtower.example', role: 'Office manager' },
  { name: 'Riley Adams', email: 'riley@benchtower.example', role: 'Property manager' },
];
/** The first two contacts answer every survey (the first with a comment every other cycle); the third never does. */
const ANSWERS = [8, 9];

// ---- metering: which function runs, what it costs ------------------------------------------------

const running = new AsyncLocalStorage<string>();
/** The HTTP function our own requests reach (they run outside any scheduled invocation). */
let httpFunction: string = FUNCTION_NAMES.publicPages;
const capacity = new ConsumedCapacity();
const lambda = new Map<string, { invocations: number; ms: number }>();
const http = { requests: 0 };
let logBytes = 0;

function recordInvocation(name: string, ms: number): void {
  const entry = lambda.get(name) ?? { invocations: 0, ms: 0 };
  lambda.set(name, { invocations: entry.invocations + 1, ms: entry.ms + ms });
}

function metered<A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    const started = performance.now();
    try {
      return await running.run(name, () => fn(...args));
    } finally {
      recordInvocation(name, performance.now() - started);
    }
  };
}

/**
 * The risk engine as its event source mapping invokes it: only the records its filter lets through,
 * at most `batchSize` per invocation (the local poller hands over every record, up to 100 at a time).
 */
function riskStreamAsDeployed(entities: readonly string[], batchSize: number): StreamHandler {
  return async (event, context) => {
    const handler = metered(FUNCTION_NAMES.riskStream, await riskStreamHandler());
    const records = event.Records.filter((r) => entities.includes(r.dynamodb?.NewImage?.entity?.S ?? ''));
    for (let start = 0; start < records.length; start += batchSize) {
      const batch: DynamoDBStreamEvent = { Records: records.slice(start, start + batchSize) };
      const result = await handler(batch, context);
      if (result?.batchItemFailures.length) return result;
    }
    return { batchItemFailures: [] };
  };
}

/** Handler logs are counted (CloudWatch Logs ingestion), not shown. */
function captureLogs(): () => void {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const count = (...args: unknown[]) => {
    logBytes += Buffer.byteLength(args.map(String).join(' ')) + 1;
  };
  Object.assign(console, { log: count, info: count, warn: count, error: count });
  return () => Object.assign(console, saved);
}

async function timedFetch(url: string, init?: RequestInit): Promise<{ response: Response; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer();
  const ms = performance.now() - started;
  http.requests += 1;
  recordInvocation(httpFunction, ms);
  return { response, ms };
}

async function adminCall<T>(cloud: LocalCloud, method: string, path: string, body?: unknown): Promise<T> {
  httpFunction = FUNCTION_NAMES.adminApi;
  const started = performance.now();
  try {
    const { status, body: answer } = await api<T>(cloud, method, path, body);
    if (status >= 300) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(answer)}`);
    return answer;
  } finally {
    http.requests += 1;
    recordInvocation(FUNCTION_NAMES.adminApi, performance.now() - started);
    httpFunction = FUNCTION_NAMES.publicPages;
  }
}

// ---- the customer -------------------------------------------------------------------------------

const surveyLink = (email: StoredEmail | undefined) =>
  /href="([^"]+\/s\/[^"?]+)\?score=\d+"/.exec(email?.body.html ?? '')?.[1]?.replace(/&amp;/g, '&');

const recipientOf = (email: StoredEmail) => email.destination.to.join(' ').toLowerCase();

/** SES bills every recipient (To and Cc); the emulator may list several in one header string. */
const addresses = (email: StoredEmail) => [...email.destination.to, ...email.destination.cc].join(',').match(/[^\s<>,"]+@[^\s<>,"]+/g)?.length ?? 0;

/** Clicks a score in the email, stays on the page (its script records the score provisionally), then sends the form. */
async function answer(cloud: LocalCloud, link: string, score: number, comment: string): Promise<void> {
  await timedFetch(`${link}?score=${score}`);
  cloud.clock.advance(6_000);
  await timedFetch(link, { method: 'POST', body: new URLSearchParams({ mode: 'provisional', score: String(score) }) });
  await cloud.poller.drain();
  cloud.clock.advance(60_000);
  const { response } = await timedFetch(link, { method: 'POST', body: new URLSearchParams({ mode: 'submit', score: String(score), comment }) });
  if (response.status !== 200) throw new Error(`answer refused: ${response.status}`);
  await cloud.poller.drain();
}

// ---- one cycle ----------------------------------------------------------------------------------

interface CycleResult extends CycleOperations {
  cycle: number;
  units: Record<string, Units>;
}

async function runCycle(cloud: LocalCloud, account: Account, cycle: number, meeting: Date, next: Date): Promise<CycleResult> {
  capacity.reset();
  lambda.clear();
  http.requests = 0;
  logBytes = 0;
  const fired: string[] = [];
  const emails: StoredEmail[] = [];
  const until = async (at: Date) => {
    // Each attempt is one Scheduler invocation.
    for (const run of await cloud.runUntil(at)) fired.push(...Array<string>(run.attempts).fill(run.targetArn.split(':').at(-1) ?? ''));
    emails.push(...(await inbox(cloud)));
    await clearInbox(cloud);
  };

  // The meeting, then the survey emails the same afternoon; the customers answer the next morning.
  await until(new Date(meeting.getTime() + DAY));
  const surveys = emails.filter((e) => e.subject.startsWith('How did we do'));
  for (const [index, score] of ANSWERS.entries()) {
    const link = surveyLink(surveys.find((e) => recipientOf(e).includes(CONTACTS[index]!.email)));
    if (!link) throw new Error(`cycle ${cycle}: no survey email reached ${CONTACTS[index]!.email}`);
    const comment = index === 0 && cycle % 2 === 1 ? 'Could the lobby glass be done on Fridays too?' : '';
    await answer(cloud, link, score, comment);
  }
  // A week later the account manager reports what was done about the comment.
  await until(new Date(meeting.getTime() + 7 * DAY));
  const { commitments } = await adminCall<{ commitments: Commitment[] }>(cloud, 'GET', '/admin/commitments');
  for (const open of commitments.filter((c) => c.accountId === account.id)) {
    await adminCall(cloud, 'POST', `/admin/accounts/${account.id}/commitments/${open.id}`, { whatWeDid: 'Added Friday glass cleaning' });
  }
  // The reminder, the weekly digests and the next meeting's agenda.
  await until(new Date(next.getTime() - 60_000));

  return {
    cycle,
    units: capacity.snapshot(),
    lambda: Object.fromEntries(lambda),
    scheduled: fired,
    emails: emails.map((e) => ({ subject: e.subject, recipients: addresses(e) })),
    httpRequests: http.requests,
    logBytes,
  };
}

// ---- latency ------------------------------------------------------------------------------------

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** The survey page (GET of the email's link), its answer (the form's POST) and a bare GetItem, interleaved. */
async function latency(cloud: LocalCloud, account: Account, link: string) {
  const db = createDocumentClient(cloud.dynamo);
  const key = keys.account.of(account.id);
  const samples = { page: [] as number[], answer: [] as number[], getItem: [] as number[] };
  const form = () => ({ method: 'POST', body: new URLSearchParams({ mode: 'submit', score: '9', comment: '' }) });
  for (let run = 0; run < WARM_UP + LATENCY_RUNS; run++) {
    const started = performance.now();
    await db.send(new GetCommand({ TableName: cloud.tableName, Key: key }));
    const getItem = performance.now() - started;
    const page = (await timedFetch(`${link}?score=9`)).ms;
    const answered = (await timedFetch(link, form())).ms;
    if (run < WARM_UP) continue;
    samples.getItem.push(getItem);
    samples.page.push(page);
    samples.answer.push(answered);
  }
  const summary = (values: number[]) => ({ p50: round(percentile(values, 50), 2), p95: round(percentile(values, 95), 2) });
  const [page, answer, getItem] = [summary(samples.page), summary(samples.answer), summary(samples.getItem)];
  return {
    runs: LATENCY_RUNS,
    getItem,
    page: { ...page, p95Ratio: round(page.p95 / getItem.p95, 2) },
    answer: { ...answer, p95Ratio: round(answer.p95 / getItem.p95, 2) },
  };
}

// ---- the run ------------------------------------------------------------------------------------

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * What the account's items take: its own partition and its unexpired send markers, each item's data plus the
 * 100 bytes DynamoDB adds, once more in each index it is projected into. (The weekly digest's markers
 * are per manager, and left out.) The bench's table holds nothing else, so a Scan is fine here.
 */
async function storedBytes(cloud: LocalCloud, accountId: string): Promise<number> {
  let bytes = 0;
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await cloud.dynamo.send(new ScanCommand({ TableName: cloud.tableName, ExclusiveStartKey }));
    for (const item of (page.Items ?? []).map((raw) => unmarshall(raw))) {
      if (!String(item.PK).includes(accountId)) continue;
      // DynamoDB's TTL removes what has expired (DynamoDB Local keeps it).
      const expiresAt = item[ATTRIBUTES.ttl];
      if (typeof expiresAt === 'number' && expiresAt * 1000 < cloud.clock.now().getTime()) continue;
      const copies = 1 + (item[ATTRIBUTES.gsi1pk] === undefined ? 0 : 1) + (item[ATTRIBUTES.gsi2pk] === undefined ? 0 : 1);
      bytes += copies * (itemBytes(item) + 100);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return bytes;
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const stack = deployedStack();
  const [apiPort, ses, dynamodb, scheduler] = await freePorts(4);
  const cloud = await startTestCloud({
    ports: { api: apiPort!, ses: ses!, dynamodb: dynamodb!, scheduler: scheduler! },
    streamHandlers: [riskStreamAsDeployed(stack.riskEntities, stack.streamBatchSize)],
    // The timed pages are requested thousands of times from 127.0.0.1.
    publicRateLimit: false,
  });
  const restoreConsole = captureLogs();
  const started = performance.now();
  try {
    // The handlers' own DynamoDB client, the one the wiring hands to every use case.
    capacity.attach(dynamoDocumentClient(), () => running.getStore() ?? httpFunction);
    // SES's Send event runs the ses-events function for every email, from the SES emulator.
    cloud.onEmail = () => running.enterWith(FUNCTION_NAMES.sesEvents);
    for (const [name, load] of Object.entries(SCHEDULED_HANDLERS)) SCHEDULED_HANDLERS[name] = async () => metered(name, await load());

    const account = await adminCall<Account>(
      cloud,
      'POST',
      '/admin/accounts',
      accountJson({ name: 'Bench Tower', contacts: CONTACTS, renewalDate: '2032-06-30' }),
    );
    const meetings = nextOccurrences(account.cadence, account.timezone, cloud.clock.now(), CYCLES + 2);
    await clearInbox(cloud);
    await cloud.runUntil(new Date(meetings[0]!.getTime() - 60_000));
    await clearInbox(cloud);

    const cycles: CycleResult[] = [];
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const result = await runCycle(cloud, account, cycle, meetings[cycle - 1]!, meetings[cycle]!);
      if (MEASURED.includes(cycle)) cycles.push(result);
    }
    const bytes = await storedBytes(cloud, account.id);

    // Latency on the next meeting's survey, so the measured cycles are left as they ran.
    await cloud.runUntil(new Date(meetings[CYCLES]!.getTime() + DAY));
    const link = surveyLink((await inbox(cloud)).find((e) => recipientOf(e).includes(CONTACTS[0]!.email)));
    if (!link) throw new Error('no survey email for the latency run');
    const pages = await latency(cloud, account, link);
    restoreConsole();

    report({ cycles, pages, bytes, stack, seconds: (performance.now() - started) / 1000 });
  } finally {
    restoreConsole();
    await cloud.stop();
  }
}

function report(input: {
  cycles: CycleResult[];
  pages: Awaited<ReturnType<typeof latency>>;
  bytes: number;
  stack: ReturnType<typeof deployedStack>;
  seconds: number;
}) {
  const { cycles, pages, bytes, stack } = input;
  const perContact = (units: Units) => round((units.read + units.write) / CONTACTS.length, 3);
  const cycleUnits = (c: CycleResult) => {
    const { total, ...byFunction } = c.units;
    const digest = byFunction[FUNCTION_NAMES.digest] ?? { calls: 0, read: 0, write: 0 };
    // The weekly digest runs four or five times a cycle, whatever the history: it is shown by function only.
    const cycle = { calls: total!.calls - digest.calls, read: total!.read - digest.read, write: total!.write - digest.write };
    return { withoutDigest: cycle, digest, byFunction };
  };
  console.log(
    `\nDynamoDB request units per meeting cycle, the weekly digest aside (monthly meetings, ${CONTACTS.length} contacts, ${ANSWERS.length} answer)`,
  );
  console.table(
    cycles.map((c) => {
      const cycle = cycleUnits(c).withoutDigest;
      return {
        cycle: c.cycle,
        calls: cycle.calls,
        'read units': round(cycle.read, 1),
        'write units': round(cycle.write, 1),
        'units per contact': perContact(cycle),
      };
    }),
  );
  console.log('By function');
  console.table(
    Object.fromEntries(
      [...new Set(cycles.flatMap((c) => Object.keys(c.units)))].map((fn) => [
        fn,
        Object.fromEntries(cycles.map((c) => [`cycle ${c.cycle} read / write`, `${round(c.units[fn]?.read ?? 0, 1)} / ${round(c.units[fn]?.write ?? 0, 1)}`])),
      ]),
    ),
  );
  const [first, last] = [cycles[0]!, cycles.at(-1)!].map((c) => perContact(cycleUnits(c).withoutDigest));
  const growth = round(last! - first!, 3);

  console.log(`\nWarm latency over ${pages.runs} requests (ms)`);
  console.table({
    'bare GetItem': pages.getItem,
    'survey page (GET)': pages.page,
    'answer (POST)': pages.answer,
  });

  const costs = costPerAccountMonth(cycles.at(-1)!, bytes, stack, TARGETS.sesShare);
  console.log('\nAWS cost per account-month (us-east-1, no free tier)');
  console.table(costs.table);

  const results = {
    at: new Date().toISOString(),
    node: process.version,
    cycles: CYCLES,
    seconds: round(input.seconds, 1),
    targets: TARGETS,
    units: cycles.map((c) => ({ cycle: c.cycle, ...cycleUnits(c), perContact: perContact(cycleUnits(c).withoutDigest), emails: c.emails })),
    unitsGrowthPerContact: growth,
    latency: pages,
    storedBytesPerAccount: bytes,
    cost: costs.json,
    meets: {
      units: growth <= TARGETS.unitsGrowth,
      page: pages.page.p95Ratio <= TARGETS.pageP95Ratio,
      ses: Object.fromEntries(costs.json.scales.map((s) => [s.accounts, s.sesShare >= TARGETS.sesShare])),
    },
  };
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'system.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `units per contact: cycle 2 ${first}, cycle ${CYCLES} ${last} (${growth <= 0 ? 'flat' : `+${growth}`}); ` +
      `survey page p95 ${pages.page.p95Ratio}x a GetItem (target ≤ ${TARGETS.pageP95Ratio}x), answer ${pages.answer.p95Ratio}x; ` +
      costs.json.scales.map((s) => `SES ${round(s.sesShare * 100, 1)}% at ${s.accounts} accounts`).join(', ') +
      (costs.json.accountsForSesTarget === null
        ? ` (${TARGETS.sesShare * 100}% at no scale)`
        : ` (${TARGETS.sesShare * 100}% from ${costs.json.accountsForSesTarget} accounts)`) +
      `\nwritten to bench/results/system.json (${round(input.seconds, 0)} s)`,
  );
}

await main();
