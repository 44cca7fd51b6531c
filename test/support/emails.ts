// One email of every kind, rendered straight from the renderers with realistic data: what the
// rendering and deliverability checks look at. The digest covers a company's accounts (as many as asked).
import type { Account, AccountEvent, Commitment, RiskLevel, Score } from '#domain/model.ts';
import type { CycleScore } from '#domain/insights.ts';
import { renderAgenda } from '#render/agenda.ts';
import { renderAlert, renderRecovery } from '#render/alert.ts';
import { renderDigest } from '#render/digest.ts';
import type { OutgoingEmail, Sender } from '#render/email.ts';
import { renderInvitation } from '#render/invitation.ts';
import { renderSurveyEmail } from '#render/survey.ts';
import { account, ago, commitment, dateIn, digestOf, request, score } from './digest.ts';
import { buildAccount } from './fixtures.ts';

export const EMAIL_KINDS = ['agenda', 'survey', 'reminder', 'invitation', 'alert', 'escalation', 'recovery', 'digest'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export const SAMPLE_SENDER: Sender = {
  companyName: 'Sparkle Facility Services',
  senderEmail: 'surveys@sparkle.example',
  postalAddress: '100 Main Street, Springfield, IL 62701',
  replyTo: 'ops@sparkle.example',
};

const NOW = new Date('2026-11-23T15:00:00Z');
const MANAGERS = [
  { name: 'Dana Reyes', email: 'dana@sparkle.example' },
  { name: 'Luis Ortega', email: 'luis@sparkle.example' },
];

function sampleAccount(): Account {
  return buildAccount(
    {
      name: 'Lakeshore Medical Plaza',
      contacts: [
        { name: 'Morgan Lee', email: 'morgan@lakeshore.example', role: 'Facility manager' },
        { name: 'Priya Shah', email: 'priya@lakeshore.example', role: 'Operations director' },
      ],
      renewalDate: '2027-01-15',
      monthlyValue: 12_800,
    },
    NOW,
  );
}

const event = (accountId: string, type: AccountEvent['type'], description: string, at: string): AccountEvent => ({ id: `e-${at}`, accountId, type, description, at });

function cycles(): CycleScore[] {
  return [
    { meetingId: '2026-08-11T15:00:00.000Z', average: 9, normalized: 89, answers: 2 },
    { meetingId: '2026-09-08T15:00:00.000Z', average: 7.5, normalized: 72, answers: 2 },
    { meetingId: '2026-10-13T15:00:00.000Z', average: 5.5, normalized: 50, answers: 2 },
    { meetingId: '2026-11-10T15:00:00.000Z', average: 3, normalized: 22, answers: 2 },
    { meetingId: '2026-11-17T15:00:00.000Z', average: 10, normalized: 100, answers: 1 },
  ];
}

function alertOf(acct: Account, rung: number): OutgoingEmail {
  const open: Commitment = { id: 'k1', accountId: acct.id, request: 'Restock the second-floor restrooms by 7 am', owner: MANAGERS[0]!, status: 'open', createdAt: '2026-10-01T14:00:00.000Z' };
  return renderAlert({
    account: acct,
    level: 'critical',
    reasons: ['Average score fell from 7.5 to 3 of 10', 'Comments mention "cancel"', 'Renewal in 53 days (2027-01-15)'],
    cycles: cycles(),
    comments: [{ author: 'Morgan Lee', text: 'The lobby was not cleaned twice this month; we are looking at other vendors.' }],
    commitments: [open],
    actions: ['Call Morgan Lee today', 'Walk the building with the night supervisor this week', 'Bring a recovery plan to the next meeting'],
    daysToRenewal: 53,
    recipients: rung === 0 ? [MANAGERS[0]!] : MANAGERS,
    acknowledgeUrl: 'https://pulse.sparkle.example/a?t=eyJhbGciOi.signed',
    managerUrl: 'https://pulse.sparkle.example/m/eyJhbGciOi.signed',
    rung,
    ...(rung > 0 ? { climb: { businessDays: 3, since: '2026-11-18T15:00:00.000Z', toldBefore: [MANAGERS[0]!.name] } } : {}),
    sender: SAMPLE_SENDER,
  });
}

const LEVELS: readonly RiskLevel[] = ['healthy', 'watch', 'at-risk', 'critical'];

/** A digest of `count` accounts, a fifth of them needing attention, with answers, requests and overdue commitments. */
export function sampleDigest(count: number): OutgoingEmail {
  const accounts = Array.from({ length: count }, (_, i) =>
    account(
      { name: `Account ${String(i + 1).padStart(3, '0')} Corporate Center`, renewalDate: dateIn(2 + (i % 120)), monthlyValue: 2_000 + (i % 17) * 450 },
      i % 5 === 0
        ? { risk: { level: LEVELS[1 + (i % 3)]!, reasons: ['Average score fell 20 points', `Renewal in ${9 + (i % 120)} days (${dateIn(2 + (i % 120))})`], codes: ['score-drop', 'renewal-near'] } }
        : {},
    ),
  );
  const scores: Score[] = accounts.flatMap((a, i) => [score(a.id, 1 + (i % 10), 10, ago(3 + (i % 20))), score(a.id, 1 + ((i + 3) % 10), 10, ago(35 + (i % 20)))]);
  return renderDigest(
    digestOf({
      scope: 'all',
      accounts,
      scores,
      surveyRequests: accounts.map((a, i) => request(a.id, `c${i}`, ago(5))),
      commitments: accounts.filter((_, i) => i % 3 === 0).map((a, i) => commitment(a.id, ago(31 + (i % 60)), { id: `k${i}` })),
    }),
    { name: 'Jordan Blake', email: 'jordan@sparkle.example' },
    SAMPLE_SENDER,
  );
}

/** Every kind of email the product sends, rendered. */
export function sampleEmails(): Record<EmailKind, OutgoingEmail> {
  const acct = sampleAccount();
  const contact = acct.contacts[0]!;
  const links = {
    survey: 'https://pulse.sparkle.example/s?t=eyJhbGciOi.signed',
    unsubscribe: 'https://pulse.sparkle.example/u?t=eyJhbGciOi.signed',
    honeypot: 'https://pulse.sparkle.example/h?t=eyJhbGciOi.signed',
  };
  const survey = (reminder: boolean) =>
    renderSurveyEmail({
      account: acct,
      contact,
      meetingTime: new Date('2026-11-17T15:00:00Z'),
      pastScores: [{ accountId: acct.id, meetingId: '2026-10-13T15:00:00.000Z', contactId: contact.id, score: 8, scale: 10, answeredAt: '2026-10-13T19:00:00.000Z', provisional: false }],
      value: {
        extraServices: [event(acct.id, 'extra-service', 'Carpet care in the east wing', '2026-11-02T15:00:00.000Z')],
        complaintsResolved: [event(acct.id, 'complaint-resolved', 'Lobby glass streaks', '2026-11-05T15:00:00.000Z')],
        upsells: [],
        complaintsNow: 1,
        complaintsBefore: 3,
      },
      closedLoops: [{ id: 'k0', accountId: acct.id, request: 'Empty the bins before 6 pm', owner: MANAGERS[0]!, status: 'done', createdAt: '2026-10-13T16:00:00.000Z', whatWeDid: 'moved the evening round to 5 pm' }],
      links,
      sender: SAMPLE_SENDER,
      reminder,
    });
  return {
    agenda: renderAgenda({
      account: acct,
      meetingTime: new Date('2026-12-08T16:00:00Z'),
      lastMeetingTime: new Date('2026-11-17T15:00:00Z'),
      scores: [{ accountId: acct.id, meetingId: '2026-11-17T15:00:00.000Z', contactId: contact.id, score: 6, scale: 10, answeredAt: '2026-11-17T19:00:00.000Z', provisional: false, comment: 'Restrooms run out of paper by noon.' }],
      events: [event(acct.id, 'complaint', 'Restrooms on floor 2 out of paper towels', '2026-11-20T15:00:00.000Z')],
      commitments: [{ id: 'k1', accountId: acct.id, request: 'Restock the second-floor restrooms by 7 am', owner: MANAGERS[0]!, status: 'open', createdAt: '2026-11-17T16:00:00.000Z' }],
      catalog: ['Window cleaning', 'Power washing', 'Carpet care'],
      defaultTeam: {},
      sender: SAMPLE_SENDER,
    }),
    survey: survey(false),
    reminder: survey(true),
    invitation: renderInvitation({ account: acct, method: 'REQUEST', now: NOW, sender: SAMPLE_SENDER, defaultTeam: {} }),
    alert: alertOf(acct, 0),
    escalation: alertOf(acct, 1),
    recovery: renderRecovery({ account: acct, recipients: MANAGERS, sender: SAMPLE_SENDER, latest: cycles().at(-1)! }),
    digest: sampleDigest(60),
  };
}
