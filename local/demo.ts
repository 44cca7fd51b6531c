// The demo company: Sparkle Facility Services and six customer accounts in several timezones, with a
// year of meetings, scores and account events behind them. One account, Harbor Medical Plaza, is
// sliding toward its renewal. Accounts are created through the admin API (so they get their
// schedules and invitations like any other); their history is written straight to the store, and
// each account's risk is then assessed from it by the risk rules, as the engine would.
import { createDocumentClient, repositories } from '#adapters/dynamo/index.ts';
import { occurrencesBetween } from '#domain/cadence.ts';
import { assessRisk } from '#domain/risk.ts';
import type { Account, AccountEvent, AccountInput, Score, SurveyRequest } from '#domain/model.ts';
import type { LocalCloud } from './cloud.ts';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DAY = 86_400_000;

interface DemoAccount {
  input: Omit<AccountInput, 'contacts' | 'services'> & {
    contacts: AccountInput['contacts'];
    services: string[];
  };
  /** Score per past meeting, oldest first, on the account's scale (the last entries are the latest). */
  scores: (contactIndex: number, cycle: number, cycles: number) => number;
  comments?: Record<number, string>;
  events: (meeting: Date, cycle: number) => Omit<AccountEvent, 'id' | 'accountId' | 'at'>[];
}

const team = {
  accountManager: { name: 'Dana Reyes', email: 'dana@sparkle.example' },
  supervisor: { name: 'Luis Ortega', email: 'luis@sparkle.example' },
};

function renewalIn(now: Date, days: number): string {
  return new Date(now.getTime() + days * DAY).toISOString().slice(0, 10);
}

function demoAccounts(now: Date): DemoAccount[] {
  return [
    {
      input: {
        name: 'Acme Tower',
        timezone: 'America/Chicago',
        cadence: { every: 'month', week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60 },
        scale: 10,
        renewalDate: renewalIn(now, 220),
        monthlyValue: 4200,
        team,
        contacts: [
          { name: 'Morgan Lee', email: 'morgan@acmetower.example', role: 'Facility manager', decisionMaker: true },
          { name: 'Jordan Park', email: 'jordan@acmetower.example', role: 'Office manager' },
        ],
        services: ['Nightly janitorial', 'Restroom supplies'],
      },
      scores: (contact, cycle) => 8 + ((cycle + contact) % 3 === 0 ? 1 : 0),
      events: (_, cycle) =>
        cycle % 3 === 0 ? [{ type: 'extra-service', description: 'Carpet spot cleaning after the tenant event' }] : [],
    },
    {
      input: {
        name: 'Harbor Medical Plaza',
        timezone: 'America/New_York',
        cadence: { every: 'month', week: 1, weekday: 'WED', time: '09:00', durationMinutes: 45 },
        scale: 5,
        renewalDate: renewalIn(now, 75),
        monthlyValue: 9800,
        team: {
          ...team,
          accountManager: { name: 'Ava Brooks', email: 'ava@sparkle.example' },
        },
        contacts: [
          { name: 'Dr. Priya Shah', email: 'priya@harbormed.example', role: 'Practice administrator', decisionMaker: true },
          { name: 'Tom Ellis', email: 'tom@harbormed.example', role: 'Building engineer' },
        ],
        services: ['Nightly janitorial', 'Disinfection service'],
      },
      // Five for most of the year, then sliding: 5 5 5 5 5 5 4 4 4 3 3 3
      scores: (contact, cycle, cycles) => {
        const fromEnd = cycles - cycle;
        if (fromEnd <= 3) return 3 - (contact === 1 && fromEnd === 1 ? 1 : 0);
        if (fromEnd <= 6) return 4;
        return 5;
      },
      comments: { 1: 'Exam rooms were missed twice this month.', 0: 'Restrooms on the 3rd floor need attention in the afternoons.' },
      events: (_, cycle) =>
        cycle >= 8
          ? [{ type: 'complaint', description: 'Exam room 4 not cleaned overnight' }]
          : cycle % 4 === 1
            ? [{ type: 'extra-service', description: 'Terminal clean of the procedure room' }]
            : [],
    },
    {
      input: {
        name: 'Riverside Logistics Center',
        timezone: 'America/Denver',
        cadence: { every: 'month', week: 'last', weekday: 'THU', time: '14:00', durationMinutes: 60 },
        scale: 10,
        renewalDate: renewalIn(now, 400),
        monthlyValue: 6100,
        team,
        contacts: [{ name: 'Casey Nguyen', email: 'casey@riverside.example', role: 'Site manager', decisionMaker: true }],
        services: ['Nightly janitorial', 'Floor stripping and waxing', 'Power washing'],
      },
      scores: (_, cycle) => 7 + (cycle % 2),
      events: (_, cycle) =>
        cycle === 5
          ? [
              { type: 'complaint', description: 'Loading dock restroom out of paper towels' },
              { type: 'complaint-resolved', description: 'Added a mid-shift supply check at the dock' },
            ]
          : [],
    },
    {
      input: {
        name: 'Pacific Crest Offices',
        timezone: 'America/Los_Angeles',
        cadence: { every: 'quarter', week: 2, weekday: 'MON', time: '11:00', durationMinutes: 60 },
        scale: 10,
        renewalDate: renewalIn(now, 150),
        monthlyValue: 3500,
        team,
        contacts: [{ name: 'Riley Adams', email: 'riley@pacificcrest.example', role: 'Property manager', decisionMaker: true }],
        services: ['Day porter', 'Nightly janitorial', 'Window cleaning'],
      },
      scores: () => 9,
      events: () => [{ type: 'upsell', description: 'Quarterly window cleaning added for the south façade' }],
    },
    {
      input: {
        name: 'Kensington Lofts',
        timezone: 'Europe/London',
        cadence: { every: 'quarter', months: [2, 5, 8, 11], week: 1, weekday: 'FRI', time: '10:30', durationMinutes: 45 },
        scale: 5,
        renewalDate: renewalIn(now, 300),
        monthlyValue: 2800,
        team,
        contacts: [{ name: 'Harriet Cole', email: 'harriet@kensingtonlofts.example', role: 'Estate manager', decisionMaker: true }],
        services: ['Common areas cleaning'],
      },
      scores: (_, cycle) => (cycle % 2 === 0 ? 4 : 5),
      events: () => [{ type: 'note', description: 'Residents praised the lobby refresh' }],
    },
    {
      input: {
        name: 'Southbank Arts Centre',
        timezone: 'Australia/Sydney',
        cadence: { every: 'month', week: 3, weekday: 'TUE', time: '09:00', durationMinutes: 60 },
        scale: 10,
        renewalDate: renewalIn(now, 500),
        monthlyValue: 7300,
        team,
        contacts: [
          { name: 'Mia Wilson', email: 'mia@southbankarts.example', role: 'Operations director', decisionMaker: true },
          { name: 'Noah Singh', email: 'noah@southbankarts.example', role: 'Front of house' },
        ],
        services: ['Nightly janitorial', 'Event clean-up', 'Restroom supplies'],
      },
      scores: (contact, cycle) => 8 + ((cycle + contact) % 2),
      events: (_, cycle) => (cycle % 2 === 0 ? [{ type: 'extra-service', description: 'Post-performance deep clean' }] : []),
    },
  ];
}

let loadedInThisProcess = false;

/** Whether this local cloud holds the demo company (loaded now, or on an earlier start). */
export function hasDemo(cloud: LocalCloud): boolean {
  return loadedInThisProcess || (cloud.dataDir !== undefined && existsSync(join(cloud.dataDir, 'demo.json')));
}

/**
 * Loads the demo company with the stream paused and then skipped: its year of history is the past,
 * not a year of news to alert about. Each account's risk is then assessed from that history by the
 * risk rules themselves and stored, as after an import: the demo shows where each account stands
 * from the first second, and the engine alerts when the next answers change it.
 */
export async function loadDemoQuietly(cloud: LocalCloud): Promise<string> {
  cloud.poller.stop();
  try {
    const summary = await loadDemo(cloud);
    await cloud.poller.skipToLatest();
    await assessDemoRisk(cloud);
    return summary;
  } finally {
    cloud.poller.start();
  }
}

/** Stores each account's risk as the rules assess it from everything the store holds about it. */
async function assessDemoRisk(cloud: LocalCloud): Promise<void> {
  const repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);
  const now = cloud.clock.now();
  for (const account of await repos.accounts.list()) {
    const [scores, meetings, commitments, signals] = await Promise.all([
      repos.scores.ofMeetingsSince(account.id, new Date(now.getTime() - 400 * DAY).toISOString()),
      repos.meetings.recent(account.id, 24),
      repos.commitments.of(account.id),
      repos.signals.of(account.id),
    ]);
    const assessment = assessRisk({ account, scores, meetings, commitments, signals, now });
    await repos.accounts.save({
      ...account,
      risk: {
        level: assessment.level,
        reasons: assessment.reasons.map((reason) => reason.text),
        codes: assessment.reasons.map((reason) => reason.code),
        evaluatedAt: now.toISOString(),
      },
    });
  }
}

/** Loads the demo company; answers with a one-line summary. */
export async function loadDemo(cloud: LocalCloud): Promise<string> {
  loadedInThisProcess = true;
  if (cloud.dataDir) writeFileSync(join(cloud.dataDir, 'demo.json'), JSON.stringify({ loadedAt: cloud.clock.now().toISOString() }));
  const repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);
  const now = cloud.clock.now();
  let meetings = 0;
  let answers = 0;
  const demo = demoAccounts(now);
  for (const entry of demo) {
    const response = await fetch(`${cloud.urls.api}/admin/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(entry.input),
    });
    if (!response.ok) throw new Error(`demo account ${entry.input.name}: ${response.status} ${await response.text()}`);
    const account = (await response.json()) as Account;
    const past = occurrencesBetween(account.cadence, account.timezone, new Date(now.getTime() - 365 * DAY), now);
    const answered: Score[] = [];
    for (const [cycle, meeting] of past.entries()) {
      const meetingId = meeting.toISOString().replace(/\.\d{3}Z$/, 'Z');
      await repos.meetings.record({ accountId: account.id, scheduledTime: meetingId, status: 'held', recordedAt: meetingId });
      meetings += 1;
      for (const [index, contact] of account.contacts.entries()) {
        // The survey went out after the meeting, and each contact answered it a day or so later.
        const sentAt = new Date(meeting.getTime() + 2 * 3_600_000).toISOString();
        const answeredAt = new Date(meeting.getTime() + (26 + index * 5) * 3_600_000).toISOString();
        if (sentAt > now.toISOString()) continue;
        const isAnswered = answeredAt <= now.toISOString();
        const request: SurveyRequest = {
          accountId: account.id,
          meetingId,
          contactId: contact.id,
          scale: account.scale,
          sentAt,
          clicks: [],
          ...(isAnswered ? { answeredAt } : {}),
        };
        await repos.surveys.record(request);
        if (!isAnswered) continue;
        const comment = cycle === past.length - 1 ? entry.comments?.[index] : undefined;
        const score: Score = {
          accountId: account.id,
          meetingId,
          contactId: contact.id,
          score: entry.scores(index, cycle, past.length),
          scale: account.scale,
          answeredAt,
          provisional: false,
          ...(comment ? { comment } : {}),
        };
        answered.push(score);
        answers += 1;
        if (comment) {
          await repos.commitments.save({
            id: `${account.id}-${cycle}-${index}`,
            accountId: account.id,
            request: comment,
            owner: account.team.accountManager,
            sourceMeetingId: meetingId,
            status: 'open',
            createdAt: answeredAt,
          });
        }
      }
      let complaintId: string | undefined;
      for (const [n, event] of entry.events(meeting, cycle).entries()) {
        const at = new Date(meeting.getTime() + (7 + n) * DAY).toISOString();
        if (at > now.toISOString()) continue;
        const id = `${account.id}-${cycle}-${n}`;
        const resolves = event.type === 'complaint-resolved' ? complaintId : undefined;
        if (event.type === 'complaint') complaintId = id;
        await repos.events.add({ ...event, id, accountId: account.id, at, ...(resolves ? { resolves } : {}) });
      }
    }
    for (const score of answered) await repos.scores.save(score);
  }
  return `demo: ${demo.length} accounts, ${meetings} past meetings, ${answers} answers`;
}

/** How each demo contact answers the next survey: Harbor Medical Plaza keeps sliding, the rest are content. */
const DEMO_ANSWERS: Record<string, { score: number; comment?: string }> = {
  'priya@harbormed.example': {
    score: 2,
    comment: 'Exam rooms were missed again. Honestly, we have started collecting bids from other cleaning companies.',
  },
  'tom@harbormed.example': { score: 2 },
  'morgan@acmetower.example': { score: 9 },
  'jordan@acmetower.example': { score: 8, comment: 'Could the lobby glass be done on Fridays too?' },
  'casey@riverside.example': { score: 8 },
  'riley@pacificcrest.example': { score: 9 },
  'harriet@kensingtonlofts.example': { score: 5 },
  'mia@southbankarts.example': { score: 9 },
};

interface InboxEmail {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  body: { html?: string };
}

const answered = new Set<string>();

/**
 * The demo's customers: each answers the survey emails that reached them, through the real links of
 * the email in the inbox, as a person would. Runs after each clock move.
 */
export async function answerAsDemoCustomers(cloud: LocalCloud): Promise<number> {
  const store = (await (await fetch(`${cloud.urls.inbox}/store`)).json()) as { emails: InboxEmail[] };
  let count = 0;
  for (const email of store.emails) {
    if (answered.has(email.messageId) || !email.subject.startsWith('How did we do at')) continue;
    answered.add(email.messageId);
    const address = /<([^>]+)>/.exec(email.destination.to[0] ?? '')?.[1] ?? email.destination.to[0] ?? '';
    const answer = DEMO_ANSWERS[address.toLowerCase()];
    const link = /href="([^"]+\/s\/[^"?]+)\?score=\d+"/.exec(email.body.html ?? '')?.[1];
    if (!answer || !link) continue;
    const response = await fetch(link.replace(/&amp;/g, '&'), {
      method: 'POST',
      body: new URLSearchParams({ mode: 'submit', score: String(answer.score), comment: answer.comment ?? '' }),
    });
    if (response.ok) count += 1;
  }
  return count;
}
