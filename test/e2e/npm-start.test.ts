// The newcomer's path, for real: `npm start` in a child process on free ports and a fresh data
// folder, driven over HTTP as someone with curl would, stopped with Ctrl-C, started again on the
// same data. The tests run in order: each step starts from where the one before left the system.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Account } from '#domain/model.ts';
import { freePorts } from '../support/free-ports.ts';
import { killAllStarted, startNpm, type LocalProcess } from '../support/local-process.ts';

const READY = /\bready\b/;
const READY_TIMEOUT = 120_000;
const DAY = 86_400_000;
const DEMO_ACCOUNTS = [
  'Acme Tower',
  'Harbor Medical Plaza',
  'Riverside Logistics Center',
  'Pacific Crest Offices',
  'Kensington Lofts',
  'Southbank Arts Centre',
];

interface Ports {
  api: number;
  ses: number;
  dynamodb: number;
  scheduler: number;
}

interface Fired {
  name: string;
  scheduledTime: string;
  outcome: string;
}

interface ClockAnswer {
  from: string;
  now: string;
  fired: Fired[];
}

interface StoredEmail {
  messageId: string;
  subject: string;
}

interface KeptMessage {
  id: string;
  to: string[];
  subject: string;
  date: string;
  kind: string;
}

const folders: string[] = [];
let ports: Ports;
let dataDir: string;
let first: LocalProcess;
/** The virtual time the clock was moved to, last. */
let advancedTo = 0;
/** The kept mail as listed just before the first stop. */
let keptBeforeStop: KeptMessage[] = [];

function freshFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pulse-e2e-'));
  folders.push(folder);
  return folder;
}

function startArgs(data: string, p: Ports): string[] {
  return [
    ...['--data', data, '--port', `${p.api}`, '--ses-port', `${p.ses}`],
    ...['--dynamodb-port', `${p.dynamodb}`, '--scheduler-port', `${p.scheduler}`],
  ];
}

const api = (path: string) => `http://127.0.0.1:${ports.api}${path}`;

async function postClock(body: unknown): Promise<Response> {
  return fetch(api('/local/clock'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function advance(duration: string): Promise<ClockAnswer> {
  const response = await postClock({ advance: duration });
  if (response.status !== 200) throw new Error(`POST /local/clock answered ${response.status}: ${await response.text()}`);
  const answer = (await response.json()) as ClockAnswer;
  advancedTo = Date.parse(answer.now);
  return answer;
}

async function keptMail(): Promise<KeptMessage[]> {
  const response = await fetch(api('/local/mail'));
  if (response.status !== 200) throw new Error(`GET /local/mail answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { messages: KeptMessage[] }).messages;
}

async function sentEmails(): Promise<StoredEmail[]> {
  const response = await fetch(`http://127.0.0.1:${ports.ses}/store`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

/** The Subject header of a raw message, unfolded. */
function subjectOf(raw: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  return /^Subject: (.*)$/im.exec(head.replace(/\r?\n[ \t]+/g, ' '))?.[1];
}

async function isListening(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5_000) });
    return true;
  } catch {
    return false;
  }
}

/** Waits until nothing of the process group is left running. */
async function groupGone(local: LocalProcess, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = (await local.members()).map((m) => `${m.pid} ${m.args}`);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  const [api, ses, dynamodb, scheduler] = (await freePorts(4)) as [number, number, number, number];
  ports = { api, ses, dynamodb, scheduler };
  dataDir = freshFolder();
  first = startNpm(startArgs(dataDir, ports));
  await first.waitForLine(READY, READY_TIMEOUT);
  // The hint on how pulse reaches this cloud follows the ready line, maybe in a later write.
  await first.waitForLine(/export PULSE_API=/, 10_000);
}, READY_TIMEOUT + 30_000);

afterAll(async () => {
  await killAllStarted();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}, 60_000);

describe('npm start, the newcomer path', () => {
  test('a first start loads the demo company and prints one ready line with the addresses', () => {
    const output = first.output();

    expect(output).toContain('loading the demo company');
    const ready = output.split('\n').filter((line) => READY.test(line));
    expect(ready).toHaveLength(1);
    expect(ready[0]).toContain(`http://127.0.0.1:${ports.api}/`);
    expect(ready[0]).toContain(`http://127.0.0.1:${ports.ses}`);
    expect(ready[0]).toContain(`inbox http://127.0.0.1:${ports.api}/local/inbox`);
    // Not the CLI's default port: the banner says how pulse reaches this cloud.
    expect(output).toContain(`--api http://127.0.0.1:${ports.api}\``);
    expect(output).toContain(`export PULSE_API=http://127.0.0.1:${ports.api}`);
  });

  test('the home page lists the six demo accounts', async () => {
    const response = await fetch(api('/'));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    for (const name of DEMO_ACCOUNTS) expect(html).toContain(name);
  });

  test('the demo tells its story from the first second: Harbor Medical Plaza is already at risk, on the home page too', async () => {
    const { accounts } = (await (await fetch(api('/admin/accounts'))).json()) as { accounts: Account[] };
    const harbor = accounts.find((a) => a.name === 'Harbor Medical Plaza');

    const home = await (await fetch(api('/'))).text();

    expect(harbor?.risk.level).toBe('at-risk');
    expect(harbor?.risk.codes).toContain('low-score');
    expect(accounts.filter((a) => a.name !== 'Harbor Medical Plaza').map((a) => a.risk.level)).toEqual(Array(5).fill('healthy'));
    // Most urgent first: Harbor's row comes before every other account's.
    for (const name of DEMO_ACCOUNTS.filter((n) => n !== 'Harbor Medical Plaza')) {
      expect(home.indexOf('Harbor Medical Plaza')).toBeLessThan(home.indexOf(name));
    }
    expect(home).toMatch(/Harbor Medical Plaza[\s\S]*?at-risk[\s\S]*?Latest score is/);
  });

  test('advancing the clock 35 days runs the meetings due and schedules their survey follow-ups', async () => {
    const { accounts } = (await (await fetch(api('/admin/accounts'))).json()) as { accounts: Account[] };

    const answer = await advance('35d');

    expect(Date.parse(answer.now) - Date.parse(answer.from)).toBeGreaterThanOrEqual(35 * DAY);
    expect(answer.fired.filter((f) => f.outcome !== 'ok')).toEqual([]);
    const occurrences = answer.fired.filter((f) => f.name.startsWith('account-'));
    const surveys = answer.fired.filter((f) => f.name.startsWith('survey-'));
    expect(occurrences.length).toBeGreaterThan(0);
    expect(surveys.length).toBeGreaterThan(0);
    const scheduleNames = accounts.map((a) => `account-${a.id}`);
    for (const run of occurrences) expect(scheduleNames).toContain(run.name);
    for (const run of answer.fired) {
      expect(Date.parse(run.scheduledTime)).toBeGreaterThanOrEqual(Date.parse(answer.from) - 60_000);
      expect(Date.parse(run.scheduledTime)).toBeLessThanOrEqual(Date.parse(answer.now));
    }
  });

  test('agenda emails are sent, and each is kept exactly as sent at /local/mail/{messageId}', async () => {
    let agendas = (await sentEmails()).filter((e) => e.subject.startsWith('Agenda: '));
    for (let round = 0; agendas.length === 0 && round < 4; round += 1) {
      await advance('35d');
      agendas = (await sentEmails()).filter((e) => e.subject.startsWith('Agenda: '));
    }
    expect(agendas.length).toBeGreaterThan(0);
    const agenda = agendas[0] as StoredEmail;

    const response = await fetch(api(`/local/mail/${encodeURIComponent(agenda.messageId)}`));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^message\/rfc822/);
    expect(subjectOf(await response.text())).toBe(agenda.subject);
  });

  test('every email is listed at /local/mail, newest first, dated on the virtual clock as its Date header says', async () => {
    const { now } = (await (await fetch(api('/local/clock'))).json()) as { now: string };

    const messages = await keptMail();

    const emulated = await sentEmails();
    expect(messages.map((m) => m.id).sort()).toEqual(emulated.map((e) => e.messageId).sort());
    const dates = messages.map((m) => Date.parse(m.date));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect([...new Set(messages.map((m) => m.kind))]).toEqual(expect.arrayContaining(['invitation', 'alert', 'agenda', 'survey']));
    // The newest agenda: sent weeks ahead of real time on the virtual clock.
    const agenda = messages.find((m) => m.kind === 'agenda') as KeptMessage;
    const raw = await (await fetch(api(`/local/mail/${encodeURIComponent(agenda.id)}`))).text();
    const dateHeader = /^Date: (.+)$/m.exec(raw.split(/\r?\n\r?\n/, 1)[0] ?? '')?.[1] ?? '';
    expect(new Date(dateHeader).toISOString()).toBe(agenda.date);
    // Sent days after the demo was loaded, by the virtual clock: real time has moved by minutes.
    expect(Date.parse(agenda.date)).toBeGreaterThan(Date.parse(now) - 40 * DAY);
    expect(Date.parse(agenda.date) - Date.now()).toBeGreaterThan(DAY);
    keptBeforeStop = messages;
  });

  test('the first weekly digest agrees with itself: Harbor Medical Plaza needs attention, and surveys were sent', async () => {
    const digests = (await keptMail()).filter((m) => m.kind === 'digest' && m.to.some((to) => to.includes('ava@sparkle.example')));
    const first = digests.at(-1);
    if (!first) throw new Error('no weekly digest reached Ava Brooks, Harbor Medical Plaza\'s account manager');

    const raw = Buffer.from(await (await fetch(api(`/local/mail/${encodeURIComponent(first.id)}`))).arrayBuffer());

    const text = (await simpleParser(raw)).text ?? '';
    expect(text).toMatch(/Accounts that need attention\s+-+\s+- Harbor Medical Plaza: at risk/);
    expect(text).not.toContain('every account is healthy');
    // Answers in the last 30 days were answers to surveys sent in them: the rate is shown whenever they are.
    const answers = Number(/from (\d+) answers? in the last 30 days/.exec(text)?.[1] ?? 0);
    const rate = /Response rate: \d+% \(\d+ of \d+ surveys? sent in the last 30 days answered\)/.test(text);
    expect(answers === 0 || rate, `answers in the last 30 days without a response rate:\n${text}`).toBe(true);
  });

  test('a clock request with a bad duration is refused with a message about advance, and the clock stays', async () => {
    const response = await postClock({ advance: 'soon' });

    expect(response.status).toBe(400);
    const { message } = (await response.json()) as { message: string };
    expect(message).toMatch(/advance/);
    expect(message).toContain('"soon"');
    const { now } = (await (await fetch(api('/local/clock'))).json()) as { now: string };
    // The clock follows real time from where it was moved to: seconds later, not days.
    expect(Date.parse(now) - advancedTo).toBeLessThan(10 * 60_000);
  });

  test('npm start with a mistyped option names the option it meant and every option, and no hint about the data', async () => {
    const mistyped = startNpm(['--data', freshFolder(), '--prot', '3999']);

    const exit = await mistyped.waitForExit(60_000);

    expect(exit.code).not.toBe(0);
    const output = mistyped.output();
    expect(output).toContain('Could not start: Unknown option --prot (did you mean --port?).');
    expect(output).toContain('--port N, --ses-port N, --dynamodb-port N, --scheduler-port N');
    expect(output).not.toMatch(/damaged/);
    expect(output).not.toMatch(/^ {4}at /m);
  }, 90_000);

  test('a second npm start on a port that is in use exits non-zero with a clear message and no stack trace', async () => {
    const [ses, dynamodb, scheduler] = (await freePorts(3)) as [number, number, number];
    const second = startNpm(startArgs(freshFolder(), { api: ports.api, ses, dynamodb, scheduler }));

    const exit = await second.waitForExit(60_000);

    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    const output = second.output();
    expect(output).toMatch(new RegExp(`Port ${ports.api}, for the HTTP API \\(--port\\), is already in use`));
    expect(output).not.toMatch(/^ {4}at /m);
    expect(await isListening(ports.api)).toBe(true);
    expect(await groupGone(second, 10_000)).toEqual([]);
  }, 90_000);

  test('Ctrl-C stops every process within 20 seconds, prints stopped and frees the ports', async () => {
    first.interrupt();

    const exit = await first.waitForExit(20_000);

    // Ctrl-C reaches npm's shell too, so npm reports the signal; the app's own exit code is checked below.
    expect(exit.code === 0 || exit.signal === 'SIGINT').toBe(true);
    expect(first.output()).toMatch(/^stopped\b/m);
    expect(first.output()).not.toMatch(/^ {4}at /m);
    expect(await groupGone(first, 10_000)).toEqual([]);
    expect(await isListening(ports.api)).toBe(false);
    expect(await isListening(ports.dynamodb)).toBe(false);
  }, 40_000);

  let restarted: LocalProcess;

  test('a restart on the same data comes back without the demo, with the six accounts and the clock where it was', async () => {
    restarted = startNpm(startArgs(dataDir, ports));

    await restarted.waitForLine(READY, READY_TIMEOUT);

    expect(restarted.output()).not.toContain('loading the demo company');
    const { accounts } = (await (await fetch(api('/admin/accounts'))).json()) as { accounts: Account[] };
    expect(accounts.map((a) => a.name).sort()).toEqual([...DEMO_ACCOUNTS].sort());
    const { now } = (await (await fetch(api('/local/clock'))).json()) as { now: string };
    expect(Date.parse(now)).toBeGreaterThanOrEqual(advancedTo);
  }, READY_TIMEOUT + 30_000);

  test('after the restart the inbox still lists every email kept before it, and opens each', async () => {
    const messages = await keptMail();
    const inbox = await (await fetch(api('/local/inbox'))).text();
    const agenda = keptBeforeStop.find((m) => m.kind === 'agenda') as KeptMessage;
    const view = await fetch(api(`/local/mail/${encodeURIComponent(agenda.id)}/view`));

    expect(keptBeforeStop.length).toBeGreaterThan(0);
    expect(messages.slice(-keptBeforeStop.length)).toEqual(keptBeforeStop);
    for (const message of keptBeforeStop) expect(inbox).toContain(`/local/mail/${encodeURIComponent(message.id)}/view`);
    // Subjects are escaped like any text on the page: "Agenda for our … at Harbor's" stays text.
    expect(inbox).toContain(agenda.subject.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
    expect(view.status).toBe(200);
    expect(await view.text()).toContain('<iframe');
    const home = await (await fetch(api('/'))).text();
    expect(home).toContain('href="/local/inbox"');
  });

  test('SIGINT to the local cloud process itself ends npm start with exit code 0', async () => {
    const app = (await restarted.members()).find((m) => m.args.includes('loader.mjs') && m.args.includes('local/main.ts'));
    if (!app) throw new Error(`no local cloud process among:\n${(await restarted.members()).map((m) => m.args).join('\n')}`);

    process.kill(app.pid, 'SIGINT');
    const exit = await restarted.waitForExit(20_000);

    expect(exit).toEqual({ code: 0, signal: null });
    expect(restarted.output()).toMatch(/^stopped\b/m);
    expect(await groupGone(restarted, 10_000)).toEqual([]);
  }, 40_000);
});
