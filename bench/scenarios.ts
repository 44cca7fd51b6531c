// `npm run scenarios`: the scenario book (bench/scenario-book.ts) through the real system in the local
// cloud: accounts created through the admin API, the virtual clock, the real handlers, and customers
// (or a mail scanner) acting through the emails' own links. Prints one row per scenario, expected
// against actual, and the totals; writes bench/results/scenarios.json.
//
//   npm run scenarios [-- --only "sliding,mail scanner"]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { simpleParser } from 'mailparser';
import type { Account } from '#domain/model.ts';
import type { LocalCloud } from '#local/cloud.ts';
import { startTestCloud } from '#test/support/cloud.ts';
import { SCENARIOS, type Answer, type Scenario } from './scenario-book.ts';

const START = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const LEVELS = ['healthy', 'watch', 'at-risk', 'critical'] as const;
const ROLES = ['supervisor', 'accountManager', 'operationsManager', 'executive'] as const;
type Role = (typeof ROLES)[number];

export interface ScenarioResult {
  name: string;
  expected: Scenario['expect'];
  alerted: boolean;
  highestLevel: (typeof LEVELS)[number];
  /** Every reason code the account was held at, in the order first seen: why it alerted. */
  reasonsSeen: string[];
  /** The level on the last day: reasons end when their cause does. */
  finalLevel: (typeof LEVELS)[number];
  /** Days between the first alert email and the renewal date; undefined when none went out. */
  firstAlertDaysBeforeRenewal?: number;
  /** Who got alert emails, by rung: `{ 0: ['supervisor', 'accountManager'] }`. */
  byRung: Record<number, Role[]>;
  alertEmails: number;
  recoveryEmails: number;
  executiveEmailed: boolean;
  /** Each way the scenario missed what was expected, in words; empty when it met all. */
  misses: string[];
}

export interface BookResult {
  scenarios: ScenarioResult[];
  days: number;
  recall: number;
  falseAlerts: number;
  alertEmailsPerHealthyAccountYear: number;
}

const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
const teamEmail = (role: Role, scenario: Scenario) => `${role.toLowerCase()}.${slug(scenario.name)}@sparkle.example`;

function accountJson(scenario: Scenario) {
  const renewal = new Date(START.getTime() + scenario.renewalInDays * DAY).toISOString().slice(0, 10);
  const person = (role: Role, name: string) => ({ name, email: teamEmail(role, scenario) });
  return {
    name: `Scenario ${scenario.name}`,
    timezone: 'America/Chicago',
    cadence: { every: 'month', week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60 },
    scale: scenario.scale,
    renewalDate: renewal,
    monthlyValue: scenario.monthlyValue,
    team: {
      accountManager: person('accountManager', 'Dana Reyes'),
      supervisor: person('supervisor', 'Luis Ortega'),
      operationsManager: person('operationsManager', 'Sam Ito'),
      executive: person('executive', 'Pat Kim'),
    },
    contacts: Array.from({ length: scenario.contacts }, (_, i) => ({
      name: `Contact ${i + 1}`,
      email: `contact${i + 1}.${slug(scenario.name)}@customer.example`,
      ...(i === 0 ? { decisionMaker: true } : {}),
    })),
    services: ['Nightly janitorial'],
  };
}

/** The send key an email went out under (SES message tag, base64url), read without the functions' code. */
function sendKeyOf(tags: Record<string, string[]>): string | undefined {
  for (const values of Object.values(tags)) {
    for (const value of values) {
      const decoded = /^[A-Za-z0-9_-]+$/.test(value) ? Buffer.from(value, 'base64url').toString('utf8') : '';
      if (/^[a-z]+#/.test(decoded)) return decoded;
    }
  }
  return undefined;
}

async function surveyLink(cloud: LocalCloud, messageId: string): Promise<string> {
  const raw = cloud.ses.rawMessage(messageId);
  if (!raw) throw new Error(`the survey ${messageId} was not kept`);
  const html = (await simpleParser(raw)).html || '';
  const link = /href="([^"]+\/s\/[^"?]+)\?score=\d+"/.exec(html)?.[1];
  if (!link) throw new Error(`the survey ${messageId} has no score link`);
  return link.replace(/&amp;/g, '&');
}

async function act(cloud: LocalCloud, messageId: string, answer: Answer | undefined): Promise<void> {
  if (answer === undefined || answer === 'silent') return;
  const link = await surveyLink(cloud, messageId);
  if (answer === 'scanner') {
    // What a scanner that runs the page's script does: opens the first score link, and the page's
    // script posts the click as provisional.
    await fetch(`${link}?score=1`);
    await fetch(link, { method: 'POST', body: new URLSearchParams({ mode: 'provisional', score: '1' }) });
    return;
  }
  const response = await fetch(link, {
    method: 'POST',
    body: new URLSearchParams({ mode: 'submit', score: String(answer.score), comment: answer.comment ?? '' }),
  });
  if (response.status >= 400) throw new Error(`an answer was refused: ${response.status}`);
}

export async function runScenarios(scenarios: readonly Scenario[] = SCENARIOS, log: (line: string) => void = () => {}): Promise<BookResult> {
  // Every customer answers from 127.0.0.1; in AWS each has an address of its own.
  const cloud = await startTestCloud({ clockStart: START, publicRateLimit: false });
  try {
    const accounts = new Map<string, { scenario: Scenario; account: Account; meetings: string[]; done: Set<number> }>();
    const results = new Map<string, ScenarioResult>();
    const pending: { messageId: string; key: string }[] = [];
    for (const scenario of scenarios) {
      const response = await fetch(`${cloud.urls.api}/admin/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(accountJson(scenario)),
      });
      if (response.status !== 201) throw new Error(`${scenario.name}: ${response.status} ${await response.text()}`);
      const account = (await response.json()) as Account;
      accounts.set(account.id, { scenario, account, meetings: [], done: new Set() });
      results.set(account.id, {
        name: scenario.name,
        expected: scenario.expect,
        alerted: false,
        highestLevel: 'healthy',
        reasonsSeen: [],
        finalLevel: 'healthy',
        byRung: {},
        alertEmails: 0,
        recoveryEmails: 0,
        executiveEmailed: false,
        misses: [],
      });
    }

    cloud.onEmail = (messageId, tags) => {
      const key = sendKeyOf(tags);
      if (!key) return;
      const [kind, accountId = ''] = key.split('#');
      const result = results.get(accountId);
      const entry = accounts.get(accountId);
      if (!result || !entry) return;
      if (kind === 'alert') {
        const [, , , rungText = '0', email = ''] = key.split('#');
        const rung = Number(rungText);
        const role = ROLES.find((r) => teamEmail(r, entry.scenario) === email.toLowerCase());
        result.alertEmails += 1;
        if (role && !(result.byRung[rung] ??= []).includes(role)) result.byRung[rung]?.push(role);
        if (role === 'executive') result.executiveEmailed = true;
        if (!result.alerted) {
          result.alerted = true;
          result.firstAlertDaysBeforeRenewal = Math.round((Date.parse(entry.account.renewalDate) - cloud.clock.now().getTime()) / DAY);
        }
      }
      if (kind === 'recovery') result.recoveryEmails += 1;
      if (kind === 'survey' || kind === 'reminder') pending.push({ messageId, key });
    };

    cloud.afterRun = async () => {
      for (const { messageId, key } of pending.splice(0)) {
        const [kind, accountId = '', meetingId = '', contactId = ''] = key.split('#');
        const entry = accounts.get(accountId);
        if (!entry) continue;
        if (!entry.meetings.includes(meetingId)) entry.meetings.push(meetingId);
        const cycle = entry.meetings.indexOf(meetingId);
        const current = (await (await fetch(`${cloud.urls.api}/admin/accounts/${accountId}`)).json()) as Account;
        const contactIndex = current.contacts.findIndex((c) => c.id === contactId);
        const answer = entry.scenario.answers[cycle]?.[contactIndex];
        // A person answers the survey; a scanner opens the reminder too.
        if (kind === 'survey' || answer === 'scanner') await act(cloud, messageId, answer);
        // A cycle's events happen with its first survey, whoever gets it: a bounced decision-maker gets none.
        if (kind === 'survey') await happenings(cloud, entry, current, cycle, messageId, contactIndex === 0);
      }
    };

    const cycles = Math.max(...scenarios.map((s) => s.answers.length));
    const days = cycles * 31 + 20;
    for (let day = 1; day <= days; day += 1) {
      await cloud.runUntil(new Date(START.getTime() + day * DAY));
      await fetch(`${cloud.urls.inbox}/clear-store`, { method: 'POST' });
      for (const [id, result] of results) {
        const { risk } = (await (await fetch(`${cloud.urls.api}/admin/accounts/${id}`)).json()) as Account;
        if (LEVELS.indexOf(risk.level) > LEVELS.indexOf(result.highestLevel)) result.highestLevel = risk.level;
        result.finalLevel = risk.level;
        for (const code of risk.codes) if (!result.reasonsSeen.includes(code)) result.reasonsSeen.push(code);
      }
      if (day % 30 === 0) log(`day ${day} of ${days}`);
    }

    const list = [...results.values()];
    for (const r of list) {
      if (r.expected.alert !== r.alerted) r.misses.push(r.expected.alert ? 'no alert' : 'alerted');
      if (r.expected.alert && r.alerted && (r.firstAlertDaysBeforeRenewal ?? 0) < 60) r.misses.push('alerted less than 60 days before renewal');
      if (!r.expected.executive && r.executiveEmailed) r.misses.push('emailed the executive');
    }
    const shouldAlert = list.filter((r) => r.expected.alert);
    const healthy = list.filter((r) => !r.expected.alert);
    return {
      scenarios: list,
      days,
      recall: shouldAlert.length ? shouldAlert.filter((r) => r.alerted).length / shouldAlert.length : 1,
      falseAlerts: healthy.filter((r) => r.alerted).length,
      alertEmailsPerHealthyAccountYear: healthy.length
        ? (healthy.reduce((sum, r) => sum + r.alertEmails, 0) / healthy.length) * (365 / days)
        : 0,
    };
  } finally {
    await cloud.stop();
  }
}

/** The scenario's events for this cycle, done once, when the cycle's first survey goes out. */
async function happenings(
  cloud: LocalCloud,
  entry: { scenario: Scenario; account: Account; done: Set<number> },
  current: Account,
  cycle: number,
  survey: string,
  toDecisionMaker: boolean,
): Promise<void> {
  if (entry.done.has(cycle)) return;
  entry.done.add(cycle);
  // The story ends with its last cycle: later meetings (and their unanswered surveys) are not in it.
  if (cycle === entry.scenario.answers.length - 1) {
    await fetch(`${cloud.urls.api}/admin/accounts/${current.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'paused' }),
    });
  }
  for (const event of entry.scenario.events?.filter((e) => e.cycle === cycle) ?? []) {
    if (event.bounceDecisionMaker && toDecisionMaker) await fetch(`${cloud.urls.api}/local/mail/${survey}/bounce`, { method: 'POST' });
    if (event.addDecisionMaker) {
      await fetch(`${cloud.urls.api}/admin/accounts/${current.id}/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'New Decision-Maker', email: `new.${slug(entry.scenario.name)}@customer.example`, decisionMaker: true }),
      });
    }
    if (event.complaint) {
      await fetch(`${cloud.urls.api}/admin/accounts/${current.id}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'complaint', description: event.complaint }),
      });
    }
  }
}

export function formatBook(book: BookResult): string {
  const rows = book.scenarios.map((r) => {
    const rungs = Object.entries(r.byRung)
      .map(([rung, roles]) => `${rung}: ${roles.join(', ')}`)
      .join('; ');
    return `| ${r.name} | ${r.expected.alert ? 'yes' : 'no'} | ${r.alerted ? 'yes' : 'no'} | ${r.highestLevel} | ${r.finalLevel} | ${
      r.firstAlertDaysBeforeRenewal ?? '–'
    } | ${rungs || '–'} | ${r.alertEmails} | ${r.misses.join('; ') || 'met'} |`;
  });
  return [
    '| scenario | should alert | alerted | highest level | level at the end | first alert, days before renewal | emailed, by rung | alert emails | verdict |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `recall ${Math.round(book.recall * 100)}% · false alerts ${book.falseAlerts} · alert emails per healthy account per year ${book.alertEmailsPerHealthyAccountYear.toFixed(1)} · ${book.days} days`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const wanted = values.only?.split(',').map((s) => s.trim());
  const chosen = wanted ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  if (chosen.length === 0) throw new Error(`no scenario named ${values.only}; the book has: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  // The functions' own logs would drown the table.
  for (const level of ['log', 'info', 'warn', 'error'] as const) console[level] = () => {};
  const book = await runScenarios(chosen, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${formatBook(book)}\n`);
  const results = join(import.meta.dirname, 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'scenarios.json'), JSON.stringify(book, null, 2));
  process.exitCode = book.scenarios.some((r) => r.misses.length > 0) ? 1 : 0;
}
