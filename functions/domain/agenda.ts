// What the agenda before each partnership meeting says, as data: its sections follow the practice
// (personal check-in, quality, upcoming needs, open issues, "we did", past successes, ideas, and one
// question to prepare). render/agenda.ts turns them into the email.
//
// The agenda goes to every contact of the account, so it never quotes a customer: a commitment is
// shown in the company's words (its summary), and only a contact's own survey email quotes them.
import { contentWords, sameRequest } from './comments.ts';
import { dateWords, shortDate } from './format.ts';
import { openCommitments, scoresByCycle, unresolvedComplaints, upsellIdeas, valueParts, valueSince } from './insights.ts';
import type { Account, AccountEvent, Commitment, Score } from './model.ts';
import { describeTrend } from './trend.ts';

export interface AgendaFacts {
  account: Account;
  /** The meeting the agenda is for. */
  meetingTime: Date;
  /** The previous meeting, if any: value and "we did" count from then. */
  lastMeetingTime?: Date;
  /** What the account manager noted at the previous meeting. */
  lastMeetingNote?: string;
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

/** Upsell ideas are for accounts doing well; an account at risk hears about fixes, not offers. */
const OFFERS_ARE_WELCOME = new Set(['healthy', 'watch']);
/** A normalized score at or above this, at the last meeting, is a success worth naming. */
const HIGH_SCORE = 80;
/** How far ahead the renewal is worth raising, in days. */
const RENEWAL_AHEAD_DAYS = 120;

/** Services that come with a season (northern hemisphere months, 1–12), by a word of their name. */
const SEASONAL: readonly { word: string; months: readonly number[] }[] = [
  { word: 'window', months: [3, 4, 5, 9] },
  { word: 'carpet', months: [3, 4, 8, 9] },
  { word: 'floor', months: [6, 7, 8, 12] },
  { word: 'snow', months: [11, 12, 1, 2] },
  { word: 'mat', months: [10, 11, 12, 1, 2] },
  { word: 'pressure', months: [4, 5, 6] },
  { word: 'disinfect', months: [10, 11, 12, 1, 2] },
];

/** Where "since our last meeting" starts: the last meeting, or one cadence before this one. */
export function agendaWindowStart(facts: Pick<AgendaFacts, 'account' | 'meetingTime' | 'lastMeetingTime'>): Date {
  if (facts.lastMeetingTime) return facts.lastMeetingTime;
  const start = new Date(facts.meetingTime);
  start.setUTCMonth(start.getUTCMonth() - (facts.account.cadence.every === 'quarter' ? 3 : 1));
  return start;
}

/** The company's words for a commitment, for any contact to read. */
export function commitmentWords(c: Commitment, timezone: string): string {
  return c.summary ?? `${c.kind === 'complaint' ? 'Your comment' : 'Your request'} of ${shortDate(c.createdAt, timezone)}`;
}

/**
 * An open commitment as every contact reads it. The default wording names the customer's request
 * ("Your request of Nov 5 about …"), which reads as what we follow up on; a summary the account manager
 * wrote says what we committed to.
 */
export function openCommitmentLine(c: Commitment, timezone: string): string {
  const words = commitmentWords(c, timezone);
  return /^Your (request|comment)\b/.test(words) ? `We are following up on y${words.slice(1)}` : `We committed to: ${words}`;
}

/** Complaints once each: the same complaint logged twice (same words) is one item, with its count. */
export function distinctComplaints(complaints: readonly AccountEvent[]): { complaint: AccountEvent; times: number }[] {
  const kept: { complaint: AccountEvent; times: number }[] = [];
  const key = (e: AccountEvent) => e.description.trim().toLowerCase();
  for (const complaint of complaints) {
    const same = kept.find((k) => key(k.complaint) === key(complaint));
    if (same) same.times += 1;
    else kept.push({ complaint, times: 1 });
  }
  return kept;
}

/** Open commitments once each, leaving out those that are the same as a complaint already listed. */
export function distinctCommitments(commitments: readonly Commitment[], complaints: readonly AccountEvent[], timezone: string): Commitment[] {
  const kept: Commitment[] = [];
  for (const c of commitments) {
    if (complaints.some((e) => sameRequest(c.request, e.description))) continue;
    if (kept.some((k) => sameRequest(k.request, c.request) || commitmentWords(k, timezone) === commitmentWords(c, timezone))) continue;
    kept.push(c);
  }
  return kept;
}

function mentions(service: string, text: string): boolean {
  const words = new Set(contentWords(text));
  return contentWords(service).some((word) => words.has(word));
}

export function agendaBlocks(input: AgendaFacts): AgendaBlock[] {
  const { account } = input;
  const tz = account.timezone;
  const cycles = scoresByCycle(input.scores).slice(-4);
  const trend = describeTrend(
    cycles.map((c) => c.average),
    account.scale,
  );
  const since = agendaWindowStart(input).toISOString();
  const until = input.meetingTime.toISOString();
  const value = valueSince(input.events, since, until);
  const openComplaints = distinctComplaints(unresolvedComplaints(input.events));
  const complaints = openComplaints.map((c) => c.complaint);
  const commitments = distinctCommitments(openCommitments(input.commitments), complaints, tz);
  const done = input.commitments.filter((c) => c.status === 'done' && (c.doneAt ?? '') >= since);
  const recentComplaints = input.events.filter((e) => e.type === 'complaint' && e.at >= since);
  const ideas = OFFERS_ARE_WELCOME.has(account.risk.level)
    ? upsellIdeas(input.catalog, account.services, input.events)
        .filter((service) => ![...complaints, ...recentComplaints].some((c) => mentions(service, c.description)))
        .slice(0, 3)
    : [];
  const horizon = account.cadence.every === 'quarter' ? 'the coming quarter' : 'the coming month';

  const personal: AgendaBlock = {
    heading: 'Personal check-in',
    paragraphs: input.lastMeetingNote
      ? [`Last time we noted: ${input.lastMeetingNote.trim()}. How has that gone since?`]
      : [`Is anything changing at ${account.name} (people, building or plans) that we should plan around?`],
    items: [],
  };

  const quality: AgendaBlock = {
    heading: 'Quality',
    paragraphs: cycles.length === 0 ? ['No scores yet: this meeting sets the baseline.'] : [`${trend.words} (scores of 1–${account.scale}).`],
    items: cycles.map((c) => `${shortDate(c.meetingId, tz)}: ${c.average} (${c.answers} ${c.answers === 1 ? 'answer' : 'answers'})`),
  };

  const upcoming = upcomingNeeds(input, horizon);

  const openIssues: AgendaBlock = {
    heading: 'Open issues',
    paragraphs: complaints.length + commitments.length === 0 ? ['Nothing open. Tell us if we missed something.'] : [],
    items: [
      // Logged twice stays one item, but the count says so: it agrees with the open-complaint list.
      ...openComplaints.map(({ complaint: c, times }) => `Complaint of ${shortDate(c.at, tz)}${times > 1 ? ` (logged ${times} times)` : ''}: ${c.description}`),
      ...commitments.map((c) => {
        const again = c.askedAgain?.length ? `, asked again on ${c.askedAgain.map((at) => shortDate(at, tz)).join(', ')}` : '';
        const due = c.dueDate ? `, due ${dateWords(c.dueDate)}` : '';
        return `${openCommitmentLine(c, tz)} (owner: ${c.owner.name}${due}${again})`;
      }),
    ],
  };

  const weDid: AgendaBlock = {
    heading: 'We did',
    paragraphs: [],
    items: done.map((c) => `${commitmentWords(c, tz)}: ${c.whatWeDid ?? 'done'}`),
  };

  const last = cycles.at(-1);
  const parts = valueParts(value);
  const successes: AgendaBlock = {
    heading: 'Past successes',
    paragraphs: parts.length > 0 ? [`Since our last meeting: ${parts.join(', ')}.`] : [],
    items: [
      ...(done.length > 0 ? [`${done.length} ${done.length === 1 ? 'commitment' : 'commitments'} kept (see "We did")`] : []),
      ...value.extraServices.map((e) => `Extra service: ${e.description}`),
      ...value.complaintsResolved.map((e) => `Resolved: ${e.description}`),
      ...value.upsells.map((e) => `Started: ${e.description}`),
      ...(last && last.normalized >= HIGH_SCORE && last.meetingId >= since
        ? [`A score of ${last.average} of ${account.scale} at our last meeting`]
        : []),
    ].slice(0, 8),
  };

  const question =
    complaints.length > 0 || trend.direction === 'falling'
      ? 'Which one thing, fixed first, would make the biggest difference to you?'
      : `What can we do in ${horizon} to improve your score?`;

  const blocks = [
    personal,
    quality,
    upcoming,
    openIssues,
    ...(weDid.items.length > 0 ? [weDid] : []),
    ...(successes.paragraphs.length + successes.items.length > 0 ? [successes] : []),
    ...(ideas.length > 0 ? [{ heading: 'Ideas for your site', paragraphs: ['Services other clients add, if they would help you:'], items: ideas }] : []),
  ];
  return [
    ...blocks.map((b, i) => ({ ...b, heading: `${i + 1}. ${b.heading}` })),
    { heading: 'Something to think about before we meet', paragraphs: [question], items: [] },
  ];
}

/** What is known of the coming period (the renewal, seasonal services), or one question about it. */
function upcomingNeeds(input: AgendaFacts, horizon: string): AgendaBlock {
  const { account, meetingTime } = input;
  const items: string[] = [];
  const renewalDays = (Date.parse(`${account.renewalDate}T00:00:00Z`) - meetingTime.getTime()) / 86_400_000;
  if (renewalDays >= 0 && renewalDays <= RENEWAL_AHEAD_DAYS) items.push(`Your contract renews on ${dateWords(account.renewalDate)}: what should the next term cover?`);
  const months = account.cadence.every === 'quarter' ? 3 : 1;
  const ahead = Array.from({ length: months + 1 }, (_, i) => ((meetingTime.getUTCMonth() + i) % 12) + 1);
  // A seasonal booking is an offer too: an account at risk hears about fixes first.
  const pool = OFFERS_ARE_WELCOME.has(account.risk.level) ? [...account.services, ...input.catalog] : [];
  const seasonal = [...new Set(pool)].filter((service) =>
    SEASONAL.some((s) => service.toLowerCase().includes(s.word) && s.months.some((m) => ahead.includes(m))),
  );
  if (seasonal.length > 0) items.push(`In season now: ${seasonal.slice(0, 3).join(', ')}. Shall we book a date?`);
  return {
    heading: 'Upcoming needs',
    paragraphs: items.length > 0 ? [] : [`Is there an event, inspection or move-in in ${horizon} that we should plan for?`],
    items,
  };
}
