// The score survey in the local cloud: sent after a held meeting, answered through its page,
// scanner-proof, reminded, unsubscribed; every link token checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Commitment, Score } from '#domain/model.ts';
import { createDocumentClient, repositories } from '#adapters/dynamo/index.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { FUNCTION_NAMES, SCHEDULED_HANDLERS } from '../../local/functions.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { accountJson } from '../support/fixtures.ts';
import { api, clearInbox, inbox, rawMessage, startTestCloud, type StoredEmail } from '../support/cloud.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ clockStart: new Date('2026-11-23T12:00:00Z') });
});

afterAll(async () => {
  await cloud?.stop();
});

const MEETING = '2026-12-08T16:00:00Z';

async function accountWithSurvey(name: string, contacts = 1): Promise<{ account: Account; emails: StoredEmail[] }> {
  const people = [
    { name: 'Morgan Lee', email: `morgan@${name.toLowerCase().replace(/\W/g, '')}.example`, decisionMaker: true },
    { name: 'Jordan Park', email: `jordan@${name.toLowerCase().replace(/\W/g, '')}.example` },
  ].slice(0, contacts);
  const { body: account } = await api<Account>(cloud, 'POST', '/admin/accounts', accountJson({ name, contacts: people }));
  const occurrence = await SCHEDULED_HANDLERS[FUNCTION_NAMES.occurrence]!();
  const followup = await SCHEDULED_HANDLERS[FUNCTION_NAMES.followup]!();
  await occurrence({ accountId: account.id, scheduledTime: MEETING }, lambdaContext('o'));
  await clearInbox(cloud);
  await followup({ kind: 'survey', accountId: account.id, meetingId: MEETING }, lambdaContext('f'));
  // The risk engine runs beside the tests and may send alerts; these tests are about the surveys.
  return { account, emails: (await inbox(cloud)).filter(isSurvey) };
}

const isSurvey = (email: StoredEmail) => /^(How did we do|Reminder: how did we do)/.test(email.subject);

function links(email: StoredEmail | undefined): { scores: string[]; unsubscribe: string; honeypot: string } {
  const html = email?.body.html ?? '';
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  return {
    scores: hrefs.filter((h) => /\/s\/[^?]+\?score=\d+$/.test(h)),
    unsubscribe: hrefs.find((h) => h.includes('/u/')) ?? '',
    honeypot: hrefs.find((h) => h.includes('via=preview')) ?? '',
  };
}

async function scores(account: Account): Promise<Score[]> {
  return (await api<{ scores: Score[] }>(cloud, 'GET', `/admin/accounts/${account.id}/scores`)).body.scores;
}

async function submit(url: string, fields: Record<string, string>) {
  return fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
}

describe('the survey email', () => {
  it('goes to each active contact with a button per score, the question and a one-click unsubscribe', async () => {
    const { account, emails } = await accountWithSurvey('Button Hall', 2);

    const email = emails.find((e) => e.destination.to[0]?.includes('morgan@'));
    // Long header lines are folded in MIME; read them unfolded.
    const raw = (await rawMessage(cloud, email?.messageId ?? '')).replace(/\r\n[ \t]+/g, ' ');

    expect(emails).toHaveLength(2);
    expect(email?.subject).toBe('How did we do at Button Hall? One tap to score');
    expect(links(email).scores).toHaveLength(account.scale);
    expect(email?.body.text).toContain('What can we do in the coming month to improve your score?');
    expect(email?.body.text).toContain('Sparkle Facility Services, 100 Main Street');
    expect(raw).toMatch(/^List-Unsubscribe: <http:\/\/127\.0\.0\.1:\d+\/u\/[^>]+>/m);
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    expect(raw).toMatch(/^Reply-To: Dana Reyes <dana@sparkle\.example>/m);
    expect(raw).toMatch(/^From: "Dana Reyes \(Sparkle Facility Services\)" <surveys@sparkle\.example>/m);
  });

  it('is not sent for a meeting marked skipped', async () => {
    const { body: account } = await api<Account>(cloud, 'POST', '/admin/accounts', accountJson({ name: 'Skipped Survey Inn' }));
    const occurrence = await SCHEDULED_HANDLERS[FUNCTION_NAMES.occurrence]!();
    const followup = await SCHEDULED_HANDLERS[FUNCTION_NAMES.followup]!();
    await occurrence({ accountId: account.id, scheduledTime: MEETING }, lambdaContext('o'));
    await api(cloud, 'POST', `/admin/accounts/${account.id}/meetings/${MEETING}`, { status: 'skipped' });
    await clearInbox(cloud);

    const outcome = await followup({ kind: 'survey', accountId: account.id, meetingId: MEETING }, lambdaContext('f'));

    expect(outcome).toEqual({ skipped: `meeting ${MEETING} was skipped: no survey` });
    expect((await inbox(cloud)).filter(isSurvey)).toEqual([]);
  });
});

describe('answering', () => {
  it('shows the chosen score on the page and records nothing until the form is sent', async () => {
    const { account, emails } = await accountWithSurvey('Click Court');
    const link = links(emails[0]).scores[6]!;

    const page = await fetch(link);
    const html = await page.text();

    expect(page.status).toBe(200);
    expect(html).toMatch(/value="7" aria-label="7 of 10" checked/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await scores(account)).toEqual([]);
  });

  it('records the submitted score and comment, and turns the comment into a commitment', async () => {
    const { account, emails } = await accountWithSurvey('Submit Plaza');
    const link = links(emails[0]).scores[7]!;
    cloud.clock.advance(5 * 60_000);

    const response = await submit(link.split('?')[0]!, { mode: 'submit', score: '8', comment: 'Please <b>dust</b> the vents' });

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('your answer is saved');
    expect(await scores(account)).toEqual([
      expect.objectContaining({ score: 8, comment: 'Please <b>dust</b> the vents', provisional: false }),
    ]);
    const commitments = (await cloud.runUntil(cloud.clock.now()), await listCommitments(account));
    expect(commitments).toEqual([
      expect.objectContaining({ request: 'Please <b>dust</b> the vents', status: 'open', owner: account.team.accountManager }),
    ]);
  });

  it('lets the customer change the answer (latest wins) and escapes their words on the page', async () => {
    const { account, emails } = await accountWithSurvey('Change Mind Tower');
    const url = links(emails[0]).scores[0]!.split('?')[0]!;
    await submit(url, { mode: 'submit', score: '3', comment: 'Bad week' });

    const second = await submit(url, { mode: 'submit', score: '9', comment: '<script>alert(1)</script> much better' });

    const html = await second.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; much better');
    expect(html).not.toContain('<script>alert(1)');
    expect((await scores(account)).map((s) => s.score)).toEqual([9]);
  });

  it('refuses a score outside the scale with a page that says so, and records nothing', async () => {
    const { account, emails } = await accountWithSurvey('Range Check Hall');
    const url = links(emails[0]).scores[0]!.split('?')[0]!;

    const response = await submit(url, { mode: 'submit', score: '11' });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Pick a score from 1 to 10');
    expect(await scores(account)).toEqual([]);
  });
});

describe('scanners', () => {
  it('record no answer when every link of the email is requested, with GET and HEAD, right after delivery', async () => {
    const { account, emails } = await accountWithSurvey('Scanner Yard');
    const all = [...links(emails[0]).scores, links(emails[0]).unsubscribe, links(emails[0]).honeypot];

    for (const url of all) {
      await fetch(url, { method: 'HEAD' });
      await fetch(url);
    }
    cloud.clock.advance(10_000);
    for (const url of links(emails[0]).scores) {
      await submit(url.split('?')[0]!, { mode: 'provisional', score: new URL(url).searchParams.get('score')! });
    }

    expect(await scores(account)).toEqual([]);
    const { body } = await api<Account>(cloud, 'GET', `/admin/accounts/${account.id}`);
    expect(body.contacts.every((c) => c.status === 'active')).toBe(true);
  });

  it('discard a burst of different scores from one token, even later than a minute', async () => {
    const { account, emails } = await accountWithSurvey('Burst Building');
    cloud.clock.advance(5 * 60_000);
    const [one, two] = [links(emails[0]).scores[1]!, links(emails[0]).scores[8]!];
    await fetch(one);
    await fetch(two);
    cloud.clock.advance(10_000);

    await submit(two.split('?')[0]!, { mode: 'provisional', score: '9' });

    expect(await scores(account)).toEqual([]);
  });

  it('mark a token whose hidden link was followed, so its clicks never count', async () => {
    const { account, emails } = await accountWithSurvey('Honeypot House');
    cloud.clock.advance(5 * 60_000);
    await fetch(links(emails[0]).honeypot);
    await fetch(links(emails[0]).scores[4]!);
    cloud.clock.advance(10_000);

    await submit(links(emails[0]).scores[4]!.split('?')[0]!, { mode: 'provisional', score: '5' });

    expect(await scores(account)).toEqual([]);
  });

  it('let a person who clicked a score and stayed on the page count provisionally', async () => {
    const { account, emails } = await accountWithSurvey('Person Place');
    cloud.clock.advance(5 * 60_000);
    const link = links(emails[0]).scores[5]!;
    await fetch(link);
    cloud.clock.advance(6_000);

    await submit(link.split('?')[0]!, { mode: 'provisional', score: '6' });

    expect(await scores(account)).toEqual([expect.objectContaining({ score: 6, provisional: true })]);
  });
});

describe('links that do not work', () => {
  it.each([
    ['a tampered token', (url: string) => url.replace(/\/s\/(.)/, (_, c: string) => `/s/${c === 'A' ? 'B' : 'A'}`), 400],
    ['a truncated token', (url: string) => url.slice(0, url.indexOf('?') - 5), 400],
    ['garbage', () => `${cloud.urls.api}/s/not-a-token`, 400],
    ['an unsubscribe token used as a survey link', (_: string, unsubscribe: string) => unsubscribe.replace('/u/', '/s/'), 400],
  ])('answer %s with a page a person understands, a 4xx, and nothing written', async (_, mangle, status) => {
    const { account, emails } = await accountWithSurvey(`Bad Link ${status} ${Math.random().toString(36).slice(2, 6)}`);
    const url = mangle(links(emails[0]).scores[4]!, links(emails[0]).unsubscribe);

    const opened = await fetch(url);
    const posted = await submit(url.split('?')[0]!, { mode: 'submit', score: '5' });

    expect(opened.status).toBe(status);
    expect(await opened.text()).toMatch(/<h1>This link (is incomplete|goes somewhere else)<\/h1>/);
    expect(posted.status).toBe(status);
    expect(await scores(account)).toEqual([]);
  });

  it('refuse the links of a contact removed from the account, with nothing written', async () => {
    const { account, emails } = await accountWithSurvey('Removed Rooftops', 2);
    const removed = account.contacts[0]!;
    const theirs = emails.find((email) => email.destination.to.some((to) => to.includes(removed.email)));
    const url = links(theirs).scores[1]!;
    await api(cloud, 'DELETE', `/admin/accounts/${account.id}/contacts/${removed.id}`);

    const posted = await submit(url.split('?')[0]!, { mode: 'submit', score: '2', comment: 'We are switching providers.' });

    expect(posted.status).toBe(404);
    expect(await posted.text()).toContain('This survey is closed');
    expect(await scores(account)).toEqual([]);
    expect(await listCommitments(account)).toEqual([]);
  });

  it('answer an expired link with 410 and nothing written', async () => {
    const { account, emails } = await accountWithSurvey('Expiry Estate');
    const url = links(emails[0]).scores[4]!;
    cloud.clock.advance(31 * 86_400_000);

    const posted = await submit(url.split('?')[0]!, { mode: 'submit', score: '5' });

    expect(posted.status).toBe(410);
    expect(await posted.text()).toContain('This link has expired');
    expect(await scores(account)).toEqual([]);
  });
});

describe('reminders', () => {
  it('reach only the contacts who have not answered', async () => {
    const { account, emails } = await accountWithSurvey('Reminder Row', 2);
    const morgan = emails.find((e) => e.destination.to[0]?.includes('morgan@'));
    await submit(links(morgan).scores[8]!.split('?')[0]!, { mode: 'submit', score: '9' });
    await clearInbox(cloud);
    const followup = await SCHEDULED_HANDLERS[FUNCTION_NAMES.followup]!();

    await followup({ kind: 'reminder', accountId: account.id, meetingId: MEETING }, lambdaContext('r'));
    await followup({ kind: 'reminder', accountId: account.id, meetingId: MEETING }, lambdaContext('r'));

    const reminders = (await inbox(cloud)).filter(isSurvey);
    expect(reminders.map((e) => e.destination.to[0])).toEqual([expect.stringContaining('jordan@reminderrow.example')]);
    expect(reminders[0]?.subject).toBe('Reminder: how did we do at Reminder Row?');
  });
});

describe('unsubscribing', () => {
  it('shows a confirmation on GET and unsubscribes on the one-click POST; no more surveys follow', async () => {
    const { account, emails } = await accountWithSurvey('Quiet Quarters');
    const url = links(emails[0]).unsubscribe;

    const confirm = await fetch(url);
    const confirmHtml = await confirm.text();
    const before = (await api<Account>(cloud, 'GET', `/admin/accounts/${account.id}`)).body.contacts[0]?.status;
    const oneClick = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    await clearInbox(cloud);
    const followup = await SCHEDULED_HANDLERS[FUNCTION_NAMES.followup]!();
    await followup({ kind: 'reminder', accountId: account.id, meetingId: MEETING }, lambdaContext('r'));

    expect(confirmHtml).toContain('Unsubscribe morgan@quietquarters.example?');
    expect(before).toBe('active');
    expect(oneClick.status).toBe(200);
    expect((await api<Account>(cloud, 'GET', `/admin/accounts/${account.id}`)).body.contacts[0]?.status).toBe('unsubscribed');
    expect((await inbox(cloud)).filter(isSurvey)).toEqual([]);
  });
});

async function listCommitments(account: Account): Promise<Commitment[]> {
  const { body } = await api<{ commitments: Commitment[] }>(cloud, 'GET', `/admin/commitments?accountId=${account.id}`);
  return body.commitments;
}

describe('bounces and complaints', () => {
  it('suppress the contact on a hard bounce and record a risk signal when a decision-maker bounces', async () => {
    const { account, emails } = await accountWithSurvey('Bounce Bay');
    const repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);

    const response = await fetch(`${cloud.urls.api}/local/mail/${emails[0]?.messageId}/bounce`, { method: 'POST' });

    expect(response.status).toBe(200);
    const { body } = await api<Account>(cloud, 'GET', `/admin/accounts/${account.id}`);
    expect(body.contacts[0]?.status).toBe('bounced');
    expect((await repos.signals.of(account.id)).filter((signal) => signal.kind === 'champion-bounced')).toEqual([
      expect.objectContaining({ kind: 'champion-bounced', detail: expect.stringContaining('Morgan Lee') }),
    ]);
    await clearInbox(cloud);
    const followup = await SCHEDULED_HANDLERS[FUNCTION_NAMES.followup]!();
    await followup({ kind: 'reminder', accountId: account.id, meetingId: MEETING }, lambdaContext('r'));
    expect((await inbox(cloud)).filter(isSurvey)).toEqual([]);
  });

  it('suppress the contact on a complaint, and an operator can undo it', async () => {
    const { account, emails } = await accountWithSurvey('Complaint Corner');

    await fetch(`${cloud.urls.api}/local/mail/${emails[0]?.messageId}/complaint`, { method: 'POST' });
    const suppressed = (await api<Account>(cloud, 'GET', `/admin/accounts/${account.id}`)).body.contacts[0];
    const undone = await api<Account>(cloud, 'PATCH', `/admin/accounts/${account.id}/contacts/${suppressed?.id}`, {
      status: 'active',
    });

    expect(suppressed?.status).toBe('complained');
    expect(undone.status).toBe(200);
    expect(undone.body.contacts[0]?.status).toBe('active');
  });
});

describe('you said, we did', () => {
  it('quotes the request and what was done in the next survey', async () => {
    const { account, emails } = await accountWithSurvey('Loop Lofts');
    await submit(links(emails[0]).scores[5]!.split('?')[0]!, { mode: 'submit', score: '6', comment: 'Restock the 3rd floor soap' });
    const [commitment] = await listCommitments(account);

    const done = await api<Commitment>(cloud, 'POST', `/admin/accounts/${account.id}/commitments/${commitment?.id}`, {
      whatWeDid: 'Added a mid-day restock round',
    });
    const occurrence = await SCHEDULED_HANDLERS[FUNCTION_NAMES.occurrence]!();
    const followup = await SCHEDULED_HANDLERS[FUNCTION_NAMES.followup]!();
    await occurrence({ accountId: account.id, scheduledTime: '2027-01-12T16:00:00Z' }, lambdaContext('o'));
    await clearInbox(cloud);
    await followup({ kind: 'survey', accountId: account.id, meetingId: '2027-01-12T16:00:00Z' }, lambdaContext('f'));

    expect(done.body).toMatchObject({ status: 'done', whatWeDid: 'Added a mid-day restock round' });
    const [next] = (await inbox(cloud)).filter(isSurvey);
    expect(next?.body.text).toContain('You asked: "Restock the 3rd floor soap" — we did: Added a mid-day restock round. Did it help?');
    expect(next?.body.text).toContain('Dec 8, 2026: 6 of 10');
  });

  it('refuses to close a commitment without saying what was done', async () => {
    const { account, emails } = await accountWithSurvey('Empty Promise Park');
    await submit(links(emails[0]).scores[5]!.split('?')[0]!, { mode: 'submit', score: '6', comment: 'More bins' });
    const [commitment] = await listCommitments(account);

    const { status, body } = await api<{ message: string }>(
      cloud,
      'POST',
      `/admin/accounts/${account.id}/commitments/${commitment?.id}`,
      { whatWeDid: '  ' },
    );

    expect(status).toBe(400);
    expect(body.message).toContain('whatWeDid');
    expect((await listCommitments(account))[0]?.status).toBe('open');
  });
});

describe('skipped meetings', () => {
  it('record a risk signal when two are skipped in a row', async () => {
    const { body: account } = await api<Account>(cloud, 'POST', '/admin/accounts', accountJson({ name: 'Slipping Suites' }));
    const repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);
    const occurrence = await SCHEDULED_HANDLERS[FUNCTION_NAMES.occurrence]!();
    for (const time of ['2026-12-08T16:00:00Z', '2027-01-12T16:00:00Z']) {
      await occurrence({ accountId: account.id, scheduledTime: time }, lambdaContext('o'));
    }

    await api(cloud, 'POST', `/admin/accounts/${account.id}/meetings/2026-12-08T16:00:00Z`, { status: 'skipped' });
    const afterOne = await repos.signals.of(account.id);
    await api(cloud, 'POST', `/admin/accounts/${account.id}/meetings/2027-01-12T16:00:00Z`, { status: 'skipped' });

    const skipped = async () => (await repos.signals.of(account.id)).filter((signal) => signal.kind === 'skipped-meetings');
    expect(afterOne.filter((signal) => signal.kind === 'skipped-meetings')).toEqual([]);
    expect(await skipped()).toEqual([
      expect.objectContaining({ kind: 'skipped-meetings', detail: 'two meetings skipped in a row (2026-12-08 and 2027-01-12)' }),
    ]);
  });
});

describe('comments understood', () => {
  const answerWith = async (email: StoredEmail | undefined, comment: string) =>
    submit(links(email).scores[7]!.split('?')[0]!, { mode: 'submit', score: '8', comment });

  it.each([
    { kind: 'praise', comment: 'Great job, thanks!', reply: 'Thank you for the kind words' },
    { kind: 'a warning', comment: 'We have started collecting bids from other cleaning companies.', reply: 'Dana Reyes reads every comment' },
  ])('makes no commitment of $kind, and keeps the words on the score the risk engine reads', async ({ comment, reply }) => {
    const { account, emails } = await accountWithSurvey(`No Promise ${comment.slice(0, 5)}`);

    const page = await (await answerWith(emails[0], comment)).text();

    expect(page).toContain(reply);
    expect(await listCommitments(account)).toEqual([]);
    expect((await scores(account)).map((s) => s.comment)).toEqual([comment]);
  });

  it("makes a request a commitment in the company's words, and the same request from another contact joins it", async () => {
    const { account, emails } = await accountWithSurvey('Asked Twice Plaza', 2);
    const byMorgan = emails.find((e) => e.destination.to[0]?.includes('morgan@'));
    const byJordan = emails.find((e) => e.destination.to[0]?.includes('jordan@'));

    await answerWith(byMorgan, 'Please clean the 3rd floor restrooms every afternoon');
    cloud.clock.advance(60_000);
    await answerWith(byJordan, 'Third floor bathrooms in the afternoons, please');
    const commitments = await listCommitments(account);

    expect(commitments).toHaveLength(1);
    expect(commitments[0]).toMatchObject({
      kind: 'request',
      status: 'open',
      summary: expect.stringMatching(/^Your request of \d+ \w+ about the 3rd floor restrooms$/),
      askedAgain: [expect.any(String)],
    });
  });

  it('can be dismissed, given a due date and reassigned through the admin API', async () => {
    const { account, emails } = await accountWithSurvey('Dismissable Court');
    await answerWith(emails[0], 'Restock the 3rd floor soap');
    const [commitment] = await listCommitments(account);
    const path = `/admin/accounts/${account.id}/commitments/${commitment?.id}`;

    const due = await api<Commitment>(cloud, 'PATCH', path, { action: 'due', dueDate: '2027-01-15' });
    const owner = { name: 'Luis Ortega', email: 'luis@sparkle.example' };
    const reassigned = await api<Commitment>(cloud, 'PATCH', path, { action: 'reassign', owner });
    const dueless = await api(cloud, 'PATCH', path, { action: 'due' });
    const dismissed = await api<Commitment>(cloud, 'PATCH', path, { action: 'dismiss' });

    expect(due.body).toMatchObject({ dueDate: '2027-01-15' });
    expect(reassigned.body).toMatchObject({ owner, dueDate: '2027-01-15' });
    expect(dueless.status).toBe(400);
    expect(JSON.stringify(dueless.body)).toContain('dueDate');
    expect(dismissed.body).toMatchObject({ status: 'dismissed' });
  });
});

describe('complaints with a lifecycle', () => {
  it('closes an open complaint of the account named by `resolves`, and refuses any other id', async () => {
    const { account } = await accountWithSurvey('Resolving Rooms');
    const { body: other } = await api<Account>(cloud, 'POST', '/admin/accounts', accountJson({ name: 'Other Resolving Rooms' }));
    const events = (id: string) => `/admin/accounts/${id}/events`;
    const { body: complaint } = await api<{ id: string }>(cloud, 'POST', events(account.id), { type: 'complaint', description: 'Lobby glass streaked' });
    const { body: elsewhere } = await api<{ id: string }>(cloud, 'POST', events(other.id), { type: 'complaint', description: 'Mats missing' });
    const resolve = (id: string, resolves: string) => api(cloud, 'POST', events(id), { type: 'complaint-resolved', description: 'Fixed', resolves });

    const unknown = await resolve(account.id, 'no-such-complaint');
    const foreign = await resolve(account.id, elsewhere.id);
    const tooLong = await resolve(account.id, 'x'.repeat(65));
    const resolved = await resolve(account.id, complaint.id);
    const twice = await resolve(account.id, complaint.id);

    for (const refused of [unknown, foreign, tooLong, twice]) {
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('resolves');
    }
    expect(resolved.status).toBe(201);
  });
});
