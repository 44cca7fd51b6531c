// The AWS bill of one account-month, from the operations one measured meeting cycle made, priced with
// bench/prices.ts. The stack is synthesized (offline, no bundling) for what the bill depends on:
// each function's memory, the stream mapping's filter and batch size, the SES events published, and
// the fixed monthly resources (secrets, alarms, customer managed keys), which are spread over the
// number of accounts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { readDeployConfig } from '#lib/config.ts';
import { RISK_ENTITIES } from '#contract/stream.ts';
import { PartnerPulseStack } from '#lib/partner-pulse-stack.ts';
import { FUNCTION_NAMES } from '../local/functions.ts';
import type { Units } from './consumed-capacity.ts';
import { CHECKED, PRICES } from './prices.ts';

export const SCALES = [1_000, 100_000];

// Assumptions the run cannot measure, each stated where it is used.
/** A manager (account manager, supervisor) looks after this many accounts: one weekly digest each. */
const ACCOUNTS_PER_MANAGER = 20;
/** An idle Lambda execution environment is kept about this long before a new request starts cold. */
const WARM_MINUTES = 10;
/** Billed INIT of a cold start (a 125–320 KiB ESM bundle plus the runtime's AWS SDK, Node 24, arm64). */
const INIT_MS = 500;
/** The ses-events function handling one Send event (one UpdateItem). */
const SES_EVENT_MS = 30;
/** Lambda's own lines per invocation (JSON platform start and report records). */
const PLATFORM_LOG_BYTES = 600;
const WEEKS_PER_MONTH = 52 / 12;
const MINUTES_PER_MONTH = (365 * 24 * 60) / 12;
const GB = 1024 ** 3;

export interface CycleOperations {
  units: Record<string, Units>;
  lambda: Record<string, { invocations: number; ms: number }>;
  /** Target function of each schedule that fired. */
  scheduled: string[];
  emails: { subject: string; recipients: number }[];
  httpRequests: number;
  logBytes: number;
}

export interface DeployedStack {
  memoryMb: Record<string, number>;
  riskEntities: readonly string[];
  streamBatchSize: number;
  /** SES events published per message sent (SNS notifications, each one ses-events invocation). */
  eventsPerEmail: number;
  /** Functions that read the signing keys from Secrets Manager at a cold start. */
  secretReaders: string[];
  fixed: { secrets: number; alarms: number; kmsKeys: number; webAcls: number; wafRules: number; dashboards: number };
  /** Whether the public pages go through CloudFront and WAF (the `publicRateLimit` setting). */
  edge: boolean;
}

export function deployedStack(): DeployedStack {
  const outdir = mkdtempSync(join(tmpdir(), 'pulse-bench-synth-'));
  try {
    return readStack(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function readStack(outdir: string): DeployedStack {
  const app = new App({
    outdir,
    context: {
      senderEmail: 'surveys@sparkle.example',
      companyName: 'Sparkle Facility Services',
      postalAddress: '100 Main St, Springfield, IL 62701',
      'aws:cdk:bundling-stacks': [],
    },
  });
  const stack = new PartnerPulseStack(app, 'PartnerPulse', { config: readDeployConfig(app) });
  const template = Template.fromStack(stack);
  const count = (type: string) => Object.keys(template.findResources(type)).length;
  const memory = (fn: { function: { node: { defaultChild?: unknown } } }) => (fn.function.node.defaultChild as CfnFunction).memorySize ?? 128;
  const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
  const destinations = Object.values(template.findResources('AWS::SES::ConfigurationSetEventDestination'));
  const published = destinations.flatMap((d) => (d.Properties?.EventDestination?.MatchingEventTypes ?? []) as string[]);
  return {
    memoryMb: {
      [FUNCTION_NAMES.adminApi]: memory(stack.api.adminFunction),
      [FUNCTION_NAMES.publicPages]: memory(stack.publicPages),
      [FUNCTION_NAMES.sesEvents]: memory(stack.sesEvents),
      [FUNCTION_NAMES.riskStream]: memory(stack.riskStream),
      [FUNCTION_NAMES.digest]: memory(stack.digest),
      [FUNCTION_NAMES.occurrence]: memory(stack.occurrence),
      [FUNCTION_NAMES.followup]: memory(stack.followup),
    },
    riskEntities: RISK_ENTITIES,
    streamBatchSize: Number(mappings[0]?.Properties?.BatchSize ?? 100),
    eventsPerEmail: published.some((type) => type.toLowerCase() === 'send') ? 1 : 0,
    // As the stack grants: the functions that sign or verify links.
    secretReaders: [FUNCTION_NAMES.followup, FUNCTION_NAMES.publicPages, FUNCTION_NAMES.riskStream],
    fixed: {
      secrets: count('AWS::SecretsManager::Secret'),
      alarms: count('AWS::CloudWatch::Alarm'),
      kmsKeys: count('AWS::KMS::Key'),
      webAcls: count('AWS::WAFv2::WebACL'),
      wafRules: Object.values(template.findResources('AWS::WAFv2::WebACL')).reduce(
        (sum, acl) => sum + ((acl.Properties?.Rules as unknown[] | undefined)?.length ?? 0),
        0,
      ),
      dashboards: count('AWS::CloudWatch::Dashboard'),
    },
    edge: count('AWS::CloudFront::Distribution') > 0,
  };
}

const isDigest = (subject: string) => subject.startsWith('Weekly digest');

/** Share of a function's requests that start cold when `perMonth` of them arrive evenly over the month. */
function coldShare(perMonth: number): number {
  return perMonth <= 0 ? 0 : Math.exp(-(perMonth / MINUTES_PER_MONTH) * WARM_MINUTES);
}

/**
 * One monthly cycle is one account-month. The weekly digest is counted per week: its emails go to
 * managers who each look after ACCOUNTS_PER_MANAGER accounts; its reads and run time are per account
 * read; its one schedule and invocation a week are the deployment's, with the fixed costs.
 */
export function costPerAccountMonth(cycle: CycleOperations, storedBytes: number, stack: DeployedStack, sesTarget: number) {
  const digestRuns = Math.max(1, cycle.scheduled.filter((fn) => fn === FUNCTION_NAMES.digest).length);
  const digestScale = WEEKS_PER_MONTH / digestRuns;
  const messages = cycle.emails.filter((e) => !isDigest(e.subject));
  const recipients =
    messages.reduce((sum, e) => sum + e.recipients, 0) +
    (cycle.emails.filter((e) => isDigest(e.subject)).reduce((sum, e) => sum + e.recipients, 0) * digestScale) / ACCOUNTS_PER_MANAGER;
  const sesEvents = (messages.length + (cycle.emails.length - messages.length) * digestScale / ACCOUNTS_PER_MANAGER) * stack.eventsPerEmail;

  const invocations: Record<string, { invocations: number; ms: number }> = {};
  for (const [fn, run] of Object.entries(cycle.lambda)) {
    invocations[fn] = fn === FUNCTION_NAMES.digest ? { invocations: 0, ms: run.ms * digestScale } : { ...run };
  }
  invocations[FUNCTION_NAMES.sesEvents] = { invocations: sesEvents, ms: sesEvents * SES_EVENT_MS };
  // The digest reads each account; its writes (a send claim per email) are per manager, as its emails.
  // The ses-events function runs once per email.
  const perAccount = (label: string) =>
    label === FUNCTION_NAMES.digest
      ? { read: digestScale, write: digestScale / ACCOUNTS_PER_MANAGER }
      : label === FUNCTION_NAMES.sesEvents
        ? { read: sesEvents / Math.max(1, cycle.emails.length), write: sesEvents / Math.max(1, cycle.emails.length) }
        : { read: 1, write: 1 };
  const units = Object.entries(cycle.units)
    .filter(([label]) => label !== 'total')
    .reduce((sum, [label, u]) => ({ read: sum.read + u.read * perAccount(label).read, write: sum.write + u.write * perAccount(label).write }), {
      read: 0,
      write: 0,
    });
  const requests = Object.values(invocations).reduce((sum, run) => sum + run.invocations, 0);
  const fixedMonthly =
    stack.fixed.secrets * PRICES.secretPerMonth +
    stack.fixed.alarms * PRICES.alarmPerMonth +
    stack.fixed.kmsKeys * PRICES.kmsKeyPerMonth +
    stack.fixed.webAcls * PRICES.wafWebAclPerMonth +
    stack.fixed.wafRules * PRICES.wafRulePerMonth +
    stack.fixed.dashboards * PRICES.dashboardPerMonth +
    WEEKS_PER_MONTH * (PRICES.schedulerPerInvocation + PRICES.lambdaPerRequest);

  const scales = SCALES.map((accounts) => {
    let coldGbSeconds = 0;
    let secretCalls = 0;
    for (const [fn, run] of Object.entries(invocations)) {
      const cold = run.invocations * coldShare(run.invocations * accounts);
      coldGbSeconds += (cold * INIT_MS * (stack.memoryMb[fn] ?? 512)) / 1024 / 1000;
      if (stack.secretReaders.includes(fn)) secretCalls += cold;
    }
    const warmGbSeconds = Object.entries(invocations).reduce((sum, [fn, run]) => sum + (run.ms * (stack.memoryMb[fn] ?? 512)) / 1024 / 1000, 0);
    const lines: Record<string, number> = {
      SES: recipients * PRICES.sesPerEmail,
      'EventBridge Scheduler': cycle.scheduled.filter((fn) => fn !== FUNCTION_NAMES.digest).length * PRICES.schedulerPerInvocation,
      'Lambda requests': requests * PRICES.lambdaPerRequest,
      'Lambda duration': warmGbSeconds * PRICES.lambdaPerGbSecond,
      'Lambda cold starts (INIT)': coldGbSeconds * PRICES.lambdaPerGbSecond,
      'DynamoDB reads': units.read * PRICES.dynamoPerReadUnit,
      'DynamoDB writes': units.write * PRICES.dynamoPerWriteUnit,
      'DynamoDB storage + PITR': (storedBytes / GB) * (PRICES.dynamoStoragePerGbMonth + PRICES.dynamoPitrPerGbMonth),
      'HTTP API': cycle.httpRequests * PRICES.httpApiPerRequest,
      // Every request counted is a public page's: the admin API is used by operators, not per cycle.
      'CloudFront + WAF': stack.edge ? cycle.httpRequests * (PRICES.cloudFrontPerRequest + PRICES.wafPerRequest) : 0,
      'SNS (SES events)': sesEvents * PRICES.snsPerNotification,
      'Secrets Manager calls': secretCalls * PRICES.secretPerCall,
      'CloudWatch Logs': ((cycle.logBytes + requests * PLATFORM_LOG_BYTES) / GB) * PRICES.logsPerGb,
    };
    const variable = Object.values(lines).reduce((a, b) => a + b, 0);
    const fixed = fixedMonthly / accounts;
    const total = variable + fixed;
    return { accounts, lines, variable, fixed, total, sesShare: lines.SES! / total, sesShareOfVariable: lines.SES! / variable };
  });

  // From how many accounts SES makes `sesTarget` of the bill, once the fixed costs are spread thin
  // enough (at the variable cost of the largest scale); null when the variable cost alone misses it.
  const largest = scales.at(-1)!;
  const room = largest.lines.SES! / sesTarget - largest.variable;
  const accountsForSesTarget = room > 0 ? Math.ceil(fixedMonthly / room) : null;

  const money = (value: number) => `$${value.toPrecision(3)}`;
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  const row = (pick: (s: (typeof scales)[number]) => number) =>
    Object.fromEntries(scales.flatMap((s) => [[`${s.accounts} accounts`, money(pick(s))], [`share @${s.accounts}`, pct(pick(s) / s.total)]]));
  const { secrets, alarms, kmsKeys, webAcls, dashboards } = stack.fixed;
  const table: Record<string, Record<string, string>> = {};
  for (const line of Object.keys(scales[0]!.lines)) table[line] = row((s) => s.lines[line]!);
  table['= variable, per account'] = row((s) => s.variable);
  table[
    `fixed $${fixedMonthly.toFixed(2)}/month (${secrets} secret, ${alarms} alarms, ${kmsKeys} key, ${webAcls} web ACL, ${dashboards} dashboard) ÷ accounts`
  ] = row((s) => s.fixed);
  table['= total per account-month'] = row((s) => s.total);

  return {
    table,
    json: {
      pricesChecked: CHECKED,
      prices: PRICES,
      assumptions: { ACCOUNTS_PER_MANAGER, WARM_MINUTES, INIT_MS, SES_EVENT_MS, PLATFORM_LOG_BYTES },
      perAccountMonth: { emailRecipients: recipients, sesEvents, lambda: invocations, dynamoUnits: units, httpRequests: cycle.httpRequests, storedBytes },
      fixedMonthly: { dollars: fixedMonthly, ...stack.fixed },
      accountsForSesTarget,
      memoryMb: stack.memoryMb,
      scales,
    },
  };
}
