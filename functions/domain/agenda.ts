// What the agenda before each partnership meeting says, as data: its sections follow the practice
// (personal check-in, quality, upcoming needs, open issues, past successes, upsell ideas, and one
// question for the customer to prepare). render/agenda.ts turns them into the email.
import { shortDate } from './format.ts';
import {
  describeValue,
  openCommitments,
  scoresByCycle,
  trendOf,
  unresolvedComplaints,
  upsellIdeas,
  valueSince,
} from './insights.ts';
import type { Account, AccountEvent, Commitment, Score } from './model.ts';

export interface AgendaFacts {
  account: Account;
  /** The meeting the agenda is for. */
  meetingTime: Date;
  /** The previous meeting, if any: value is counted since then. */
  lastMeetingTime?: Date;
  scores: readonly Score[];
  events: readonly AccountEvent[];
  commitments: readonly Commitment[];
  catalog: readonly string[];
}

export interface AgendaBlock {
  heading: string;
  paragraphs: string[];
  items: string[];
}

export function agendaBlocks(input: AgendaFacts): AgendaBlock[] {
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

  const quality: AgendaBlock = {
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

  const openIssues: AgendaBlock = {
    heading: '4. Open issues',
    paragraphs: complaints.length + commitments.length === 0 ? ['Nothing open. Tell us if we missed something.'] : [],
    items: [
      ...complaints.map((c) => `Complaint from ${shortDate(c.at, tz)}: ${c.description}`),
      ...commitments.map((c) => `You asked: "${c.request}" (owner: ${c.owner.name}, since ${shortDate(c.createdAt, tz)})`),
    ],
  };

  const successes: AgendaBlock = {
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
