// The agenda email sent before each partnership meeting, to the customer's contacts and the team.
// Its sections follow the practice: personal check-in, quality, upcoming needs, open issues, past
// successes, upsell ideas, and one question for the customer to prepare.
import { activeContacts, resolveTeam, type DefaultTeam } from './accounts.ts';
import type { Mailbox, OutgoingEmail } from './email.ts';
import {
  describeValue,
  openCommitments,
  scoresByCycle,
  trendOf,
  unresolvedComplaints,
  upsellIdeas,
  valueSince,
} from './insights.ts';
import { frame, paragraph, section, textSection } from './layout.ts';
import type { Account, AccountEvent, Commitment, Score } from './model.ts';

export interface Sender {
  companyName: string;
  senderEmail: string;
  postalAddress: string;
}

export interface AgendaInput {
  account: Account;
  /** The meeting the agenda is for. */
  meetingTime: Date;
  /** The previous meeting, if any: value is counted since then. */
  lastMeetingTime?: Date;
  scores: readonly Score[];
  events: readonly AccountEvent[];
  commitments: readonly Commitment[];
  catalog: readonly string[];
  defaultTeam: DefaultTeam;
  sender: Sender;
}

export function meetingTimeInWords(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(instant);
}

export function shortDate(instant: Date | string, timezone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: timezone, month: 'short', day: 'numeric', year: 'numeric' }).format(
    new Date(instant),
  );
}

/** The account manager's name at the company's verified address. */
export function fromAccountManager(account: Account, sender: Sender): Mailbox {
  return { name: `${account.team.accountManager.name} (${sender.companyName})`, address: sender.senderEmail };
}

export function teamMailboxes(account: Account, defaults: DefaultTeam): Mailbox[] {
  const team = resolveTeam(account, defaults);
  const people = [team.accountManager, team.supervisor].filter((p) => p !== undefined);
  const seen = new Set<string>();
  return people
    .filter((p) => !seen.has(p.email) && seen.add(p.email))
    .map((p) => ({ name: p.name, address: p.email }));
}

interface Block {
  heading: string;
  paragraphs: string[];
  items: string[];
}

export function agendaBlocks(input: AgendaInput): Block[] {
  const { account } = input;
  const tz = account.timezone;
  const cycles = scoresByCycle(input.scores).slice(-4);
  const trend = trendOf(cycles);
  const since = (input.lastMeetingTime ?? new Date(input.meetingTime.getTime() - 31 * 86_400_000)).toISOString();
  const value = valueSince(input.events, since, input.meetingTime.toISOString());
  const complaints = unresolvedComplaints(input.events);
  const commitments = openCommitments(input.commitments);
  const ideas = upsellIdeas(input.catalog, account.services, input.events).slice(0, 3);
  const horizon = account.cadence.every === 'quarter' ? 'the coming quarter' : 'the coming month';

  const quality: Block = {
    heading: '2. Quality',
    paragraphs:
      cycles.length === 0
        ? ['No scores yet: this meeting sets the baseline.']
        : [
            `Your recent quality scores (1–${account.scale}), ${
              { rising: 'rising', falling: 'falling', steady: 'holding steady', new: 'our first' }[trend]
            }${trend === 'new' ? ' reading' : ''}:`,
          ],
    items: cycles.map((c) => `${shortDate(c.meetingId, tz)}: ${c.average} (${c.answers} ${c.answers === 1 ? 'answer' : 'answers'})`),
  };

  const openIssues: Block = {
    heading: '4. Open issues',
    paragraphs: complaints.length + commitments.length === 0 ? ['Nothing open. Tell us if we missed something.'] : [],
    items: [
      ...complaints.map((c) => `Complaint from ${shortDate(c.at, tz)}: ${c.description}`),
      ...commitments.map((c) => `You asked: "${c.request}" (owner: ${c.owner.name}, since ${shortDate(c.createdAt, tz)})`),
    ],
  };

  const successes: Block = {
    heading: '5. Past successes',
    paragraphs: [describeValue(value) ?? 'We will review the work done since our last meeting together.'],
    items: [
      ...value.extraServices.map((e) => `Extra service: ${e.description}`),
      ...value.complaintsResolved.map((e) => `Resolved: ${e.description}`),
      ...value.upsells.map((e) => `Started: ${e.description}`),
    ].slice(0, 8),
  };

  const question =
    complaints.length > 0 || trend === 'falling'
      ? 'Which one thing, fixed first, would make the biggest difference to you?'
      : `What can we do in ${horizon} to improve your score?`;

  return [
    {
      heading: '1. Personal check-in',
      paragraphs: ['How are you and your team? Anything changing in your building, your people or your plans?'],
      items: [],
    },
    quality,
    {
      heading: '3. Upcoming needs',
      paragraphs: [`Events, inspections, move-ins, seasonal work or schedule changes in ${horizon}.`],
      items: [],
    },
    openIssues,
    successes,
    ...(ideas.length > 0
      ? [{ heading: '6. Ideas for your site', paragraphs: ['Services other clients add, if they would help you:'], items: ideas }]
      : []),
    { heading: 'Something to think about before we meet', paragraphs: [question], items: [] },
  ];
}

export function renderAgenda(input: AgendaInput): OutgoingEmail {
  const { account, sender } = input;
  const when = meetingTimeInWords(input.meetingTime, account.timezone);
  const title = `Agenda: partnership meeting, ${account.name}`;
  const blocks = agendaBlocks(input);
  const intro = `Our next partnership meeting is on ${when} (${account.cadence.durationMinutes} minutes). Here is what we would like to cover.`;
  const footer = [`${sender.companyName}, ${sender.postalAddress}`, `You receive this as a participant in the ${account.name} partnership meetings.`];
  const contacts = activeContacts(account).map((c) => ({ name: c.name, address: c.email }));
  const team = teamMailboxes(account, input.defaultTeam);
  return {
    from: fromAccountManager(account, sender),
    replyTo: { name: account.team.accountManager.name, address: account.team.accountManager.email },
    to: contacts.length > 0 ? contacts : team,
    ...(contacts.length > 0 ? { cc: team } : {}),
    subject: `Agenda for our ${account.cadence.every === 'quarter' ? 'quarterly' : 'monthly'} meeting, ${shortDate(input.meetingTime, account.timezone)}`,
    html: frame({
      title,
      preheader: intro,
      body: [paragraph(intro), ...blocks.map((b) => section(b.heading, b.paragraphs, b.items))],
      footer,
    }),
    text: [title, '', intro, '', ...blocks.map((b) => textSection(b.heading, b.paragraphs, b.items) + '\n'), '--', ...footer].join('\n'),
  };
}
