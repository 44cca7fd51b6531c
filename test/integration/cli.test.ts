// The pulse CLI as operators run it: the real command in a child process, talking to a local cloud
// started in this process, and checked against what the store and the scheduler emulator then hold.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { accountScheduleName } from '#adapters/scheduler.ts';
import { createDocumentClient, repositories, type Repositories } from '#adapters/dynamo/index.ts';
import { LIMITS } from '#contract/limits.ts';
import { cadenceToSchedule } from '#domain/cadence.ts';
import type { Account } from '#domain/model.ts';
import { startLocalCloud, type LocalCloud } from '../../local/cloud.ts';
import { STACK } from '../../local/functions.ts';
import { inbox } from '../support/cloud.ts';
import { accountJson } from '../support/fixtures.ts';
import { freePort } from '../support/free-port.ts';
import { freePorts } from '../support/free-ports.ts';
import { runPulse, type CliResult } from '../support/pulse-cli.ts';

const DAY = 86_400_000;
/** Each command is a fresh Node process: well under a second compiled, but the machine may be busy. */
const CLI_TESTS = { timeout: 90_000 };
const CLOCK_START = new Date('2026-11-23T12:00:00Z');

let cloud: LocalCloud;
let repos: Repositories;
let workDir: string;
let fileCounter = 0;

beforeAll(async () => {
  // The command under test is the compiled one, as `npm ci` builds it (prepare), from these sources.
  execFileSync(process.execPath, ['bin/build-cli.mjs'], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  const [api, ses, dynamodb, scheduler] = (await freePorts(4)) as [number, number, number, number];
  cloud = await startLocalCloud({
    memory: true,
    noDemo: true,
    clockStart: CLOCK_START,
    tick: false,
    ports: { api, ses, dynamodb, scheduler },
  });
  repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);
  workDir = mkdtempSync(join(tmpdir(), 'pulse-cli-'));
});

afterAll(async () => {
  await cloud?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** `pulse ...args` against this file's local cloud. */
function pulse(...args: string[]): Promise<CliResult> {
  return runPulse([...args, '--api', cloud.urls.api]);
}

function writeFile(extension: string, content: string): string {
  const file = join(workDir, `input-${++fileCounter}.${extension}`);
  writeFileSync(file, content);
  return file;
}

/** Prepares an account through the admin API (not through the CLI under test). */
async function createAccount(overrides: Parameters<typeof accountJson>[0] = {}): Promise<Account> {
  const response = await fetch(`${cloud.urls.api}/admin/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(accountJson(overrides)),
  });
  if (response.status !== 201) throw new Error(`could not create the account: ${response.status} ${await response.text()}`);
  return (await response.json()) as Account;
}

function accountSchedule(accountId: string) {
  return cloud.scheduler.service.getSchedule({ Name: accountScheduleName(accountId), GroupName: STACK });
}

function hasAccountSchedule(accountId: string): boolean {
  const { Schedules = [] } = cloud.scheduler.service.listSchedules({ GroupName: STACK });
  return Schedules.some((s) => s.Name === accountScheduleName(accountId));
}

describe('pulse accounts', CLI_TESTS, () => {
  test('accounts add creates the account from its JSON file, with its schedule, and prints its id', async () => {
    const file = writeFile('json', JSON.stringify(accountJson({ name: 'Lakeside Clinic' })));

    const result = await pulse('accounts', 'add', file);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const id = /^created (\S+) \(Lakeside Clinic\)$/m.exec(result.stdout)?.[1];
    expect(id).toMatch(/^lakeside-clinic-/);
    const stored = await repos.accounts.get(id ?? '');
    expect(stored).toMatchObject({
      name: 'Lakeside Clinic',
      timezone: 'America/Chicago',
      cadence: { every: 'month', week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60 },
      status: 'active',
      contacts: [expect.objectContaining({ email: 'morgan@acmetower.example', role: 'Facility manager' })],
    });
    // 2nd Tuesday at 10:00 Chicago time; EventBridge numbers weekdays from Sunday = 1.
    expect(accountSchedule(id ?? '')).toMatchObject({
      ScheduleExpression: 'cron(0 10 ? * 3#2 *)',
      ScheduleExpressionTimezone: 'America/Chicago',
      State: 'ENABLED',
    });
  });

  test('accounts add with a bad file names every bad field, exits 1 and writes nothing', async () => {
    const before = await repos.accounts.list();
    const bad = accountJson({
      name: 'Broken Tower',
      cadence: { every: 'month', week: 7, weekday: 'TUE', time: '10:00', durationMinutes: 60 },
      team: { accountManager: { name: 'Dana Reyes', email: 'dana-at-sparkle' } },
    });
    const file = writeFile('json', JSON.stringify(bad));

    const result = await pulse('accounts', 'add', file);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/cadence\.week: must be 1, 2, 3, 4 or "last"/);
    expect(result.stderr).toMatch(/team\.accountManager\.email: must be an email address/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    const listed = await pulse('accounts', 'list', '--json');
    const accounts = JSON.parse(listed.stdout) as Account[];
    expect(accounts.map((a) => a.name)).not.toContain('Broken Tower');
    expect(accounts).toHaveLength(before.length);
  });

  test('accounts add with a file that is not JSON says so and exits 1', async () => {
    const file = writeFile('json', '{ "name": "Half a file",');

    const result = await pulse('accounts', 'add', file);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`pulse: ${file} is not valid JSON`);
  });

  test('accounts list --json prints every account as parseable JSON', async () => {
    const account = await createAccount({ name: 'Granite Exchange' });

    const result = await pulse('accounts', 'list', '--json');

    expect(result.code).toBe(0);
    const accounts = JSON.parse(result.stdout) as Account[];
    expect(accounts).toContainEqual(
      expect.objectContaining({ id: account.id, name: 'Granite Exchange', renewalDate: '2027-06-30', monthlyValue: 4200 }),
    );
    expect(accounts.map((a) => a.id).sort()).toEqual((await repos.accounts.list()).map((a) => a.id).sort());
  });

  test('accounts list prints a table with one row per account', async () => {
    const account = await createAccount({ name: 'Harbor Lights' });

    const result = await pulse('accounts', 'list');

    expect(result.code).toBe(0);
    const [heading, ...rows] = result.stdout.trimEnd().split('\n');
    expect(heading).toMatch(/^ID\s+NAME\s+TIMEZONE\s+RENEWAL\s+RISK\s+STATUS$/);
    expect(rows.find((row) => row.startsWith(account.id))).toMatch(/Harbor Lights\s+America\/Chicago\s+2027-06-30\s+\S+\s+active$/);
  });

  test('accounts list puts the most urgent accounts first: by risk level, then by the nearest renewal', async () => {
    const quiet = await createAccount({ name: 'Quiet Meadow', renewalDate: '2027-01-15' });
    const soon = await createAccount({ name: 'Sliding Soon', renewalDate: '2027-02-01' });
    const later = await createAccount({ name: 'Sliding Later', renewalDate: '2027-09-01' });
    const worst = await createAccount({ name: 'Burning Bridge', renewalDate: '2027-12-31' });
    const at = CLOCK_START.toISOString();
    const withRisk = async (account: Account, level: Account['risk']['level']) =>
      repos.accounts.save({ ...(await repos.accounts.require(account.id)), risk: { level, reasons: [], codes: [], evaluatedAt: at } });
    await withRisk(soon, 'at-risk');
    await withRisk(later, 'at-risk');
    await withRisk(worst, 'critical');

    const result = await pulse('accounts', 'list');

    expect(result.code).toBe(0);
    const names = result.stdout
      .split('\n')
      .map((row) => ['Burning Bridge', 'Sliding Soon', 'Sliding Later', 'Quiet Meadow'].find((name) => row.includes(name)))
      .filter(Boolean);
    expect(names).toEqual(['Burning Bridge', 'Sliding Soon', 'Sliding Later', 'Quiet Meadow']);
    expect(quiet.risk.level).toBe('healthy');
  });

  test('accounts show prints the account with its cadence in words', async () => {
    const account = await createAccount({
      name: 'Quarry Point',
      timezone: 'Europe/London',
      cadence: { every: 'quarter', months: [2, 5, 8, 11], week: 'last', weekday: 'FRI', time: '10:30', durationMinutes: 45 },
    });

    const result = await pulse('accounts', 'show', account.id);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Quarry Point (${account.id})`);
    expect(result.stdout).toContain('meetings: last Friday of Feb, May, Aug and Nov at 10:30 (Europe/London), 45 min');
    expect(result.stdout).toContain('Morgan Lee <morgan@acmetower.example>, Facility manager');
  });

  test('accounts show with an unknown id exits 1 saying there is no such account', async () => {
    const result = await pulse('accounts', 'show', 'no-such');

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('pulse: no account with id "no-such"');
  });

  test('accounts pause disables the schedule and accounts resume enables it again', async () => {
    const account = await createAccount({ name: 'Willow Park' });

    const paused = await pulse('accounts', 'pause', account.id);

    expect(paused.code).toBe(0);
    expect(paused.stdout).toContain(`paused ${account.id}`);
    expect((await repos.accounts.get(account.id))?.status).toBe('paused');
    expect(accountSchedule(account.id).State).toBe('DISABLED');

    const resumed = await pulse('accounts', 'resume', account.id);

    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`resumed ${account.id}`);
    expect((await repos.accounts.get(account.id))?.status).toBe('active');
    expect(accountSchedule(account.id).State).toBe('ENABLED');
  });
});

describe('pulse contacts', CLI_TESTS, () => {
  test('contacts add adds a contact to the account and contacts remove takes it away', async () => {
    const account = await createAccount({ name: 'Elm Street Lofts' });

    const added = await pulse('contacts', 'add', account.id, '--name', 'Xavier Young', '--email', 'X@Y.example', '--role', 'Tenant rep');

    expect(added.code).toBe(0);
    expect(added.stdout).toContain('added X@Y.example to Elm Street Lofts');
    expect((await repos.accounts.get(account.id))?.contacts).toContainEqual(
      expect.objectContaining({ name: 'Xavier Young', email: 'x@y.example', role: 'Tenant rep', status: 'active' }),
    );

    const removed = await pulse('contacts', 'remove', account.id, 'x@y.example');

    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('removed x@y.example from Elm Street Lofts');
    const contacts = (await repos.accounts.get(account.id))?.contacts ?? [];
    expect(contacts.map((c) => c.email)).toEqual(['morgan@acmetower.example']);
  });

  test('contacts add without a valid email exits 1 naming the email field', async () => {
    const account = await createAccount({ name: 'Aspen Court' });

    const result = await pulse('contacts', 'add', account.id, '--name', 'No Mail', '--email', 'nobody');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('email: must be an email address');
    expect((await repos.accounts.get(account.id))?.contacts).toHaveLength(1);
  });

  test('contacts add with an over-long name exits 1 naming the field and its limit, and adds nobody', async () => {
    const account = await createAccount({ name: 'Birch Court' });

    const result = await pulse('contacts', 'add', account.id, '--name', 'x'.repeat(LIMITS.name + 1), '--email', 'long@name.example');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`name: must be at most ${LIMITS.name} characters`);
    expect((await repos.accounts.get(account.id))?.contacts).toHaveLength(1);
  });
});

describe('pulse events', CLI_TESTS, () => {
  test('events add logs a complaint on the account', async () => {
    const account = await createAccount({ name: 'Oak Ridge Labs' });

    const result = await pulse('events', 'add', account.id, '--type', 'complaint', '--description', 'Lab 3 bins not emptied');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^logged complaint on ${account.id} \\(\\S+\\)$`, 'm'));
    const events = await repos.events.since(account.id, '2000-01-01T00:00:00Z');
    expect(events).toEqual([
      expect.objectContaining({ type: 'complaint', description: 'Lab 3 bins not emptied', at: cloud.clock.now().toISOString() }),
    ]);
  });

  test('events add with an unknown type exits 1 naming the type field and logs nothing', async () => {
    const account = await createAccount({ name: 'Pine Valley School' });

    const result = await pulse('events', 'add', account.id, '--type', 'compliment', '--description', 'Spotless gym');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('type: must be one of complaint, complaint-resolved, extra-service, upsell, note');
    expect(await repos.events.since(account.id, '2000-01-01T00:00:00Z')).toEqual([]);
  });
});

describe('pulse complaints and commitments', CLI_TESTS, () => {
  test('events add --resolves closes an open complaint and refuses one that is not, naming resolves', async () => {
    const account = await createAccount({ name: 'Resolve Ridge' });
    const logged = await pulse('events', 'add', account.id, '--type', 'complaint', '--description', 'Mats missing', '--json');
    const complaint = JSON.parse(logged.stdout) as { id: string };

    const wrong = await pulse('events', 'add', account.id, '--type', 'complaint-resolved', '--description', 'Mats back', '--resolves', 'nope');
    const right = await pulse('events', 'add', account.id, '--type', 'complaint-resolved', '--description', 'Mats back', '--resolves', complaint.id);

    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('resolves: "nope" is not an open complaint');
    expect(right.code).toBe(0);
    expect((await repos.events.since(account.id, '2000-01-01T00:00:00Z')).find((e) => e.type === 'complaint-resolved')?.resolves).toBe(complaint.id);
  });

  test('commitments due, reassign and dismiss change the commitment', async () => {
    const account = await createAccount({ name: 'Promise Point' });
    await repos.commitments.save({
      id: 'k1',
      accountId: account.id,
      request: 'More bins on level 2',
      owner: account.team.accountManager,
      status: 'open',
      createdAt: cloud.clock.now().toISOString(),
    });

    const due = await pulse('commitments', 'due', account.id, 'k1', '2027-01-15');
    const reassigned = await pulse('commitments', 'reassign', account.id, 'k1', 'Luis Ortega', 'luis@sparkle.example');
    const dismissed = await pulse('commitments', 'dismiss', account.id, 'k1');

    expect([due.code, reassigned.code, dismissed.code]).toEqual([0, 0, 0]);
    expect(reassigned.stdout).toContain('Luis Ortega now owns');
    expect(await repos.commitments.get(account.id, 'k1')).toMatchObject({
      status: 'dismissed',
      dueDate: '2027-01-15',
      owner: { name: 'Luis Ortega', email: 'luis@sparkle.example' },
    });
  });
});

describe('pulse clock and meetings', CLI_TESTS, () => {
  test('clock now prints the local cloud time', async () => {
    const result = await pulse('clock', 'now');

    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(cloud.clock.now().toISOString());
    // The compiled CLI ran: the fallback to the sources would say so here.
    expect(result.stderr).toBe('');
  });

  test('clock advance moves the clock, runs the meetings due and prints each run', async () => {
    const account = await createAccount({ name: 'Clocktower Hall' });
    const from = cloud.clock.now();

    const result = await pulse('clock', 'advance', '40d');

    expect(result.code).toBe(0);
    const to = new Date(from.getTime() + 40 * DAY);
    expect(cloud.clock.now().toISOString()).toBe(to.toISOString());
    expect(result.stdout).toMatch(new RegExp(`^clock moved from ${from.toISOString()} to ${to.toISOString()}; \\d+ schedule runs; emails sent: \\d+ \\w+`, 'm'));
    const runs = [...result.stdout.matchAll(new RegExp(`^\\s+(\\S+)\\s+${accountScheduleName(account.id)}$`, 'gm'))].map((m) => m[1]);
    expect(runs.length).toBeGreaterThan(0);
    for (const scheduledTime of runs) {
      expect(await repos.meetings.get(account.id, scheduledTime ?? '')).toMatchObject({ status: 'scheduled' });
    }
  });

  test('clock advance with a bad duration exits 1 and explains the format', async () => {
    const before = cloud.clock.now().toISOString();

    const result = await pulse('clock', 'advance', 'soon');

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/advance: Invalid duration "soon"/);
    expect(cloud.clock.now().toISOString()).toBe(before);
  });

  test('meetings list shows the meetings held so far and meetings skipped marks one skipped', async () => {
    const account = await createAccount({ name: 'Birchwood Mall' });
    await cloud.runUntil(new Date(cloud.clock.now().getTime() + 40 * DAY));
    const [meeting] = await repos.meetings.recent(account.id, 1);
    if (!meeting) throw new Error('the 40 days should have held a meeting');

    const listed = await pulse('meetings', 'list', account.id);

    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${meeting.scheduledTime}\\s+scheduled$`, 'm'));

    const skipped = await pulse('meetings', 'skipped', account.id, meeting.scheduledTime, '--note', 'Customer on holiday');

    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain(`${meeting.scheduledTime} marked skipped`);
    expect(await repos.meetings.get(account.id, meeting.scheduledTime)).toMatchObject({
      status: 'skipped',
      note: 'Customer on holiday',
    });
  });

  test('meetings skipped for a meeting that never happened exits 1', async () => {
    const account = await createAccount({ name: 'Cobalt Yards' });

    const result = await pulse('meetings', 'skipped', account.id, '2020-01-01T10:00:00Z');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`account ${account.id} has no meeting at 2020-01-01T10:00:00Z`);
  });
});

describe('pulse schedules reconcile', CLI_TESTS, () => {
  test('with --dry-run it reports a missing schedule and leaves it missing', async () => {
    const account = await createAccount({ name: 'Driftwood Marina' });
    const name = accountScheduleName(account.id);
    cloud.scheduler.service.deleteSchedule({ Name: name, GroupName: STACK });

    const result = await pulse('schedules', 'reconcile', '--dry-run');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${name}\\s+would create\\s+the account has no schedule$`, 'm'));
    expect(hasAccountSchedule(account.id)).toBe(false);
  });

  test('without --dry-run it creates the missing schedule again with the account cadence', async () => {
    const account = await createAccount({
      name: 'Driftwood Pier',
      timezone: 'America/Denver',
      cadence: { every: 'month', week: 'last', weekday: 'THU', time: '14:00', durationMinutes: 60 },
    });
    const name = accountScheduleName(account.id);
    const original = accountSchedule(account.id);
    cloud.scheduler.service.deleteSchedule({ Name: name, GroupName: STACK });

    const result = await pulse('schedules', 'reconcile');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${name}\\s+create\\s+the account has no schedule$`, 'm'));
    expect(accountSchedule(account.id)).toMatchObject({
      ScheduleExpression: original.ScheduleExpression,
      ScheduleExpressionTimezone: 'America/Denver',
      State: 'ENABLED',
      Target: { Arn: original.Target?.Arn, Input: original.Target?.Input },
    });
    expect(original.ScheduleExpression).toBe(cadenceToSchedule(account.cadence, account.timezone).expression);

    const again = await pulse('schedules', 'reconcile');

    expect(again.stdout).not.toContain(name);
  });
});

describe('pulse import', CLI_TESTS, () => {
  test('import creates the good rows, reports the bad row by line and field, and exits 1', async () => {
    const csv = [
      'name,timezone,cadence.every,cadence.week,cadence.weekday,cadence.time,cadence.durationMinutes,scale,renewalDate,monthlyValue,team.accountManager.name,team.accountManager.email,contacts,services',
      'Maple Court,America/Denver,quarter,last,THU,14:00,45,5,2027-03-31,2500,Dana Reyes,dana@sparkle.example,"Ann Bell <ann@maple.example> (Property manager); Bo Diaz <bo@maple.example>",Nightly janitorial; Window cleaning',
      'Birch Hall,Mars/Olympus,month,1,MON,09:00,60,10,2027-05-01,3100,Dana Reyes,dana@sparkle.example,Cy Ford <cy@birch.example>,Day porter',
      'Cedar Point,Europe/London,month,2,WED,11:30,,10,2027-09-30,5200,Ava Brooks,ava@sparkle.example,Di Gray <di@cedar.example>,',
    ].join('\n');
    const file = writeFile('csv', `${csv}\n`);

    const result = await pulse('import', file);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected');
    expect(result.stdout).toMatch(/^line 3: timezone: must be an IANA timezone/m);
    expect(result.stdout).toMatch(/^line 2: created Maple Court \(.+\)$/m);
    expect(result.stdout).toMatch(/^line 4: created Cedar Point \(.+\)$/m);
    const accounts = JSON.parse((await pulse('accounts', 'list', '--json')).stdout) as Account[];
    expect(accounts.map((a) => a.name)).not.toContain('Birch Hall');
    expect(accounts.find((a) => a.name === 'Maple Court')).toMatchObject({
      timezone: 'America/Denver',
      cadence: { every: 'quarter', week: 'last', weekday: 'THU', time: '14:00', durationMinutes: 45 },
      scale: 5,
      monthlyValue: 2500,
      contacts: [
        expect.objectContaining({ name: 'Ann Bell', email: 'ann@maple.example', role: 'Property manager' }),
        expect.objectContaining({ name: 'Bo Diaz', email: 'bo@maple.example' }),
      ],
      services: ['Nightly janitorial', 'Window cleaning'],
    });
    expect(accounts.find((a) => a.name === 'Cedar Point')).toMatchObject({
      cadence: { every: 'month', week: 2, weekday: 'WED', time: '11:30', durationMinutes: 60 },
      team: { accountManager: { name: 'Ava Brooks', email: 'ava@sparkle.example' } },
      services: [],
    });
  });

  test('importing the same file twice gives the same accounts and sends no second invitation', async () => {
    const csv = [
      'externalId,name,timezone,cadence.every,cadence.week,cadence.weekday,cadence.time,scale,renewalDate,monthlyValue,team.accountManager.name,team.accountManager.email,contacts,services',
      'SP-7001,Quince Gardens,America/Chicago,month,3,WED,09:00,10,2027-08-31,3900,Dana Reyes,dana@sparkle.example,Eve Hart <eve@willow.example> (Facility manager),Nightly janitorial',
      'SP-7002,Aspen Yard,America/New_York,month,1,FRI,15:00,5,2027-10-31,2100,Dana Reyes,dana@sparkle.example,Fay Lin <fay@aspen.example>,Day porter',
    ].join('\n');
    const file = writeFile('csv', `${csv}\n`);
    const first = await pulse('import', file);
    const mailAfterFirst = (await inbox(cloud)).length;
    const accountsAfterFirst = JSON.parse((await pulse('accounts', 'list', '--json')).stdout) as Account[];

    const second = await pulse('import', file);

    expect(first.stdout).toContain('2 rows: 2 created, 0 updated, 0 unchanged, 0 rejected');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('2 rows: 0 created, 0 updated, 2 unchanged, 0 rejected');
    expect((await inbox(cloud)).length).toBe(mailAfterFirst);
    const accountsAfterSecond = JSON.parse((await pulse('accounts', 'list', '--json')).stdout) as Account[];
    expect(accountsAfterSecond.map((a) => [a.id, a.sequence, a.version])).toEqual(accountsAfterFirst.map((a) => [a.id, a.sequence, a.version]));
  });

  test('a changed meeting time in the file updates that account once, and --dry-run only says so', async () => {
    const header =
      'externalId,name,timezone,cadence.every,cadence.week,cadence.weekday,cadence.time,scale,renewalDate,monthlyValue,team.accountManager.name,team.accountManager.email,contacts';
    const row = (time: string) =>
      `SP-8001,Hazel Court,Europe/London,month,2,MON,${time},10,2027-04-30,1800,Ava Brooks,ava@sparkle.example,Gil Moss <gil@hazel.example>`;
    await pulse('import', writeFile('csv', `${header}\n${row('10:00')}\n`));
    const changed = writeFile('csv', `${header}\n${row('11:30')}\n`);
    const mailBefore = (await inbox(cloud)).length;

    const dryRun = await pulse('import', changed, '--dry-run');
    const mailAfterDryRun = (await inbox(cloud)).length;
    const real = await pulse('import', changed);

    expect(dryRun.stdout).toMatch(/^line 2: would be updated Hazel Court \(.+\): cadence$/m);
    expect(dryRun.stdout).toContain('dry run: nothing was written');
    expect(mailAfterDryRun).toBe(mailBefore);
    expect(real.stdout).toMatch(/^line 2: updated Hazel Court \(.+\): cadence$/m);
    const accounts = JSON.parse((await pulse('accounts', 'list', '--json')).stdout) as Account[];
    const hazel = accounts.filter((a) => a.name === 'Hazel Court');
    expect(hazel).toHaveLength(1);
    expect(hazel[0]).toMatchObject({ externalId: 'SP-8001', cadence: { time: '11:30' }, sequence: 1 });
  });

  test('a column that names __proto__ rejects the file and imports nothing', async () => {
    const file = writeFile('csv', 'name,__proto__.polluted\nPoison Plaza,yes\n');

    const result = await pulse('import', file);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('column "__proto__.polluted" is not a field of the account JSON; nothing was imported');
    const accounts = JSON.parse((await pulse('accounts', 'list', '--json')).stdout) as Account[];
    expect(accounts.map((a) => a.name)).not.toContain('Poison Plaza');
  });

  test('import of a file that does not exist exits 1 saying it cannot read it', async () => {
    const result = await pulse('import', join(workDir, 'missing.csv'));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`pulse: cannot read ${join(workDir, 'missing.csv')}`);
  });
});

describe('pulse accounts remove', CLI_TESTS, () => {
  test('without a terminal to confirm on, and without --yes, nothing is removed', async () => {
    const account = await createAccount({ name: 'Rowan House' });

    const result = await pulse('accounts', 'remove', account.id);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`pulse: not removed. To remove ${account.id} without a question, add --yes`);
    expect(await repos.accounts.get(account.id)).toBeDefined();
  });

  test('with --yes it removes the account and says what went with it', async () => {
    const account = await createAccount({ name: 'Linden Hall' });

    const result = await pulse('accounts', 'remove', account.id, '--yes');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`removed Linden Hall (${account.id}): its meeting schedule, its calendar series`);
    expect(await repos.accounts.get(account.id)).toBeUndefined();
    expect(hasAccountSchedule(account.id)).toBe(false);
  });
});

describe('pulse usage and failures', CLI_TESTS, () => {
  test('an unknown command exits 2 and prints the usage', async () => {
    const result = await pulse('frobnicate', 'now');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pulse: unknown command "frobnicate now"');
    expect(result.stderr).toContain('Usage: pulse <command> [options]');
  });

  test.each([
    {
      args: ['accounts', 'list', '--prot', '3000'],
      says: 'pulse: accounts list: unknown option --prot. Options here: --level LEVEL, --json, --api URL, --stack NAME, --help.',
    },
    {
      args: ['contacts', 'add', 'some-id', '--nme', 'Ann'],
      says: 'pulse: contacts add: unknown option --nme (did you mean --name?). Options here: --name N, --email E, --role R, --decision-maker,',
    },
    {
      args: ['meetings', 'held', 'some-id', '2026-12-01T15:00:00Z', '--email', 'a@b.example'],
      says: 'pulse: meetings held: unknown option --email. Options here: --note TEXT, --json,',
    },
    { args: ['clock', 'now', '--jsn'], says: 'pulse: clock now: unknown option --jsn (did you mean --json?).' },
  ])('$args.0 $args.1 with an option it does not take exits 2 naming the options it does take', async ({ args, says }) => {
    const result = await pulse(...args);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(says);
    expect(result.stderr).not.toContain('Usage:');
  });

  test('a missing argument exits 2 and names what is missing', async () => {
    const result = await pulse('accounts', 'show');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pulse: missing account ID');
  });

  test('when the API is not running it exits 1 saying it cannot reach it', async () => {
    const unused = await freePort();

    const result = await runPulse(['accounts', 'list', '--api', `http://127.0.0.1:${unused}`]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`pulse: cannot reach http://127.0.0.1:${unused}`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('the kept mail', CLI_TESTS, () => {
  test('every email is dated on the virtual clock, in its Date header and in the list of kept mail', async () => {
    const account = await createAccount({ name: 'Virtual Date Tower' });
    const { messages } = (await (await fetch(`${cloud.urls.api}/local/mail`)).json()) as {
      messages: { id: string; to: string[]; subject: string; date: string; kind: string }[];
    };
    const invitation = messages.find((m) => m.kind === 'invitation' && m.subject.includes('Virtual Date Tower'));
    if (!invitation) throw new Error(`no invitation for ${account.id} among ${messages.map((m) => m.subject).join('; ')}`);

    const raw = await (await fetch(`${cloud.urls.api}/local/mail/${encodeURIComponent(invitation.id)}`)).text();

    // The clock is frozen at a fixed day in 2026: the real clock would give another day and second.
    const dateHeader = /^Date: (.+)$/m.exec(raw.split(/\r?\n\r?\n/, 1)[0] ?? '')?.[1];
    expect(new Date(dateHeader ?? '').toISOString()).toBe(cloud.clock.now().toISOString());
    expect(invitation.date).toBe(cloud.clock.now().toISOString());
    expect(invitation.to).toEqual(['Morgan Lee <morgan@acmetower.example>']);
  });
});
