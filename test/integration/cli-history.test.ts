// The pulse CLI's history commands against the local cloud: events, alerts, scores, and the CSV
// exports, whose cells a spreadsheet would run as formulas come out as text.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDocumentClient, repositories, type Repositories } from '#adapters/dynamo/index.ts';
import type { Account, Alert, Commitment, Score } from '#domain/model.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { api, startTestCloud } from '../support/cloud.ts';
import { accountJson } from '../support/fixtures.ts';
import { runPulse } from '../support/pulse-cli.ts';

const CLI_TESTS = { timeout: 90_000 };
const FORMULA = '=HYPERLINK("http://evil.example","Click")';

let cloud: LocalCloud;
let repos: Repositories;
let account: Account;

const pulse = (...args: string[]) => runPulse([...args, '--api', cloud.urls.api]);

beforeAll(async () => {
  execFileSync(process.execPath, ['bin/build-cli.mjs'], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  cloud = await startTestCloud();
  repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);
  account = (await api<Account>(cloud, 'POST', '/admin/accounts', accountJson({ name: 'History Tower' }))).body;
  const contactId = account.contacts[0]!.id;
  const score = (meetingId: string, value: number, comment?: string): Score => ({
    accountId: account.id,
    meetingId,
    contactId,
    score: value,
    scale: 10,
    answeredAt: new Date(Date.parse(meetingId) + 3_600_000).toISOString(),
    provisional: false,
    ...(comment ? { comment } : {}),
  });
  await repos.scores.save(score('2026-09-08T15:00:00.000Z', 8, 'Fine'));
  await repos.scores.save(score('2026-10-13T15:00:00.000Z', 3, FORMULA));
  await repos.events.add({ id: 'e1', accountId: account.id, type: 'complaint', description: 'Bins not emptied', at: '2026-10-14T12:00:00.000Z', by: 'dana@sparkle.example' });
  const alert: Alert = {
    id: 'a1',
    accountId: account.id,
    level: 'at-risk',
    reasons: ['Latest score is 3.0 out of 10'],
    createdAt: '2026-10-13T18:00:00.000Z',
    rung: 0,
    recipients: ['dana@sparkle.example', 'luis@sparkle.example'],
    acknowledgedAt: '2026-10-14T09:00:00.000Z',
    acknowledgedBy: 'luis@sparkle.example',
  };
  await repos.alerts.save(alert);
  const commitment: Commitment = {
    id: 'k1',
    accountId: account.id,
    request: FORMULA,
    owner: { name: 'Dana Reyes', email: 'dana@sparkle.example' },
    status: 'open',
    createdAt: '2026-10-13T18:00:00.000Z',
  };
  await repos.commitments.save(commitment);
}, 120_000);

afterAll(async () => {
  await cloud?.stop();
});

describe('pulse history commands', () => {
  test('events list shows each event with who recorded it', CLI_TESTS, async () => {
    const result = await pulse('events', 'list', account.id);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2026-10-14 12:00 +complaint +Bins not emptied +dana@sparkle\.example/);
  });

  test('alerts list says who got each alert and who acknowledged it', CLI_TESTS, async () => {
    const one = await pulse('alerts', 'list', account.id);
    const all = await pulse('alerts', 'list', '--json');

    expect(one.code).toBe(0);
    expect(one.stdout).toContain('dana@sparkle.example, luis@sparkle.example');
    expect(one.stdout).toContain('luis@sparkle.example at 2026-10-14 09:00');
    expect((JSON.parse(all.stdout) as Alert[]).map((a) => a.id)).toContain('a1');
  });

  test('scores shows the history with comments, and only the meetings between --from and --to', CLI_TESTS, async () => {
    const every = await pulse('scores', account.id);
    const october = await pulse('scores', account.id, '--from', '2026-10-01', '--to', '2026-10-31');

    expect(every.stdout).toMatch(/2026-09-08 +Morgan Lee +8\/10 +2026-09-08 +Fine/);
    expect(every.stdout).toContain(FORMULA);
    expect(october.stdout).not.toContain('2026-09-08');
    expect(october.stdout).toContain('2026-10-13');
  });

  test('a date that is no date is refused, naming the option', CLI_TESTS, async () => {
    const cli = await pulse('scores', account.id, '--from', 'last week');
    const api = await pulse('scores', account.id, '--from', '2026-02-30');

    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('--from must be a date');
    expect(api.code).not.toBe(0);
    expect(api.stderr).toContain('from');
  });

  test('export scores writes CSV in which a formula is text', CLI_TESTS, async () => {
    const result = await pulse('export', 'scores', '--from', '2026-10-01');

    const lines = result.stdout.split('\r\n');
    expect(result.code).toBe(0);
    expect(lines[0]).toBe('account_id,account,meeting,contact_id,contact,score,scale,answered_at,comment');
    const row = lines.find((line) => line.startsWith(`${account.id},`));
    expect(row).toBe(`${account.id},History Tower,2026-10-13T15:00:00.000Z,${account.contacts[0]!.id},Morgan Lee,3,10,2026-10-13T16:00:00.000Z,"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(result.stdout).not.toContain('2026-09-08');
  });

  test('export commitments writes CSV in which a formula is text', CLI_TESTS, async () => {
    const result = await pulse('export', 'commitments');

    const row = result.stdout.split('\r\n').find((line) => line.startsWith(`${account.id},`));
    expect(row).toContain(`,k1,open,Dana Reyes,dana@sparkle.example,2026-10-13T18:00:00.000Z,`);
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
  });

  test('--help names PULSE_API and the new commands', CLI_TESTS, async () => {
    const result = await runPulse(['--help']);

    expect(result.stdout).toContain('$PULSE_API');
    expect(result.stdout).toContain('export scores [--from D --to D] > scores.csv');
  });
});
