// The weekly digest each manager receives on Monday morning: scores and their trend, response rate,
// the spread of scores, accounts that need attention by renewal date, renewals within 90 days,
// next week's meetings and overdue commitments. `computeDigest` does the numbers, `renderDigest`
// the email. Pure: "now" (the digest's scheduled time) is a parameter.
import { resolveTeam, type DefaultTeam } from './accounts.ts';
import { shortDate, type Sender } from './agenda.ts';
import { LEVEL_WORDS } from './alert.ts';
import { occurrencesBetween } from './cadence.ts';
import { escapeHtml, type OutgoingEmail } from './email.ts';
import { scoresByCycle, type Trend } from './insights.ts';
import { frame, paragraph, textSection } from './layout.ts';
import type { Account, Commitment, Person, RiskLevel, Score, SurveyRequest } from './model.ts';
import { normalizeScore } from './model.ts';
import { daysToRenewal, levelRank } from './risk.ts';
import { addCalendarDays, localParts, localToUtcCompatible } from './time.ts';

/** Scores, response rate and distribution look at this many days before the digest, trend at as many before that. */
export const DIGEST_WINDOW_DAYS = 30;
/** Renewals this many days away or fewer are listed. */
export const RENEWAL_HORIZON_DAYS = 90;
/** An open commitment older than this many days is overdue (the risk engine's rule too). */
export const OVERDUE_COMMITMENT_DAYS = 30;
/** The levels listed under "need attention". */
export const ATTENTION_LEVELS: readonly RiskLevel[] = ['watch', 'at-risk', 'critical'];
/** A change of at least this many points (0–100) between the two windows is a rise or a fall. */
export const TREND_POINTS = 5;

export const SCORE_BANDS = [
  { label: '0–40', from: 0, to: 40 },
  { label: '41–60', from: 41, to: 60 },
  { label: '61–80', from: 61, to: 80 },
  { label: '81–100', from: 81, to: 100 },
] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number]['label'];

const DAY_MS = 86_400_000;

// ---- who receives a digest, about which accounts ---------------------------------------------

export type ManagerRole = 'accountManager' | 'supervisor' | 'operationsManager' | 'executive';

const ROLES: readonly ManagerRole[] = ['accountManager', 'supervisor', 'operationsManager', 'executive'];
/** Roles that oversee the whole company: whoever holds one on any account sees every account. */
const OVERSEEING: readonly ManagerRole[] = ['operationsManager', 'executive'];

export interface DigestRecipient {
  person: Person;
  /** Every role the person holds on some account, in ladder order. */
  roles: ManagerRole[];
  /** `all`: an operations manager or executive, who oversees every account. */
  scope: 'all' | 'own';
  /** The accounts the digest covers, by id. */
  accountIds: string[];
}

/**
 * Every distinct person in any account's team (deployment defaults filling the empty roles), once
 * each by email, ordered by email. Operations managers and executives get every account; account
 * managers and supervisors the accounts they are on.
 */
export function digestRecipients(accounts: readonly Account[], defaults: DefaultTeam): DigestRecipient[] {
  const people = new Map<string, { person: Person; roles: Set<ManagerRole>; accountIds: Set<string> }>();
  for (const account of accounts) {
    const team = resolveTeam(account, defaults);
    for (const role of ROLES) {
      const person = team[role];
      if (person === undefined) continue;
      const email = person.email.trim().toLowerCase();
      const entry = people.get(email) ?? { person: { name: person.name, email }, roles: new Set(), accountIds: new Set() };
      entry.roles.add(role);
      entry.accountIds.add(account.id);
      people.set(email, entry);
    }
  }
  const everyId = accounts.map((account) => account.id);
  return [...people.values()]
    .sort((a, b) => a.person.email.localeCompare(b.person.email))
    .map(({ person, roles, accountIds }) => {
      const scope = OVERSEEING.some((role) => roles.has(role)) ? 'all' : 'own';
      return {
        person,
        roles: ROLES.filter((role) => roles.has(role)),
        scope,
        accountIds: scope === 'all' ? everyId : everyId.filter((id) => accountIds.has(id)),
      };
    });
}

// ---- the week ------------------------------------------------------------------------------

export interface Week {
  /** Local midnight starting the Monday, as an instant. */
  from: Date;
  /** Local midnight starting the following Monday (exclusive). */
  to: Date;
  /** The Monday and the Sunday, YYYY-MM-DD local to the timezone. */
  monday: string;
  sunday: string;
}

const pad = (value: number) => String(value).padStart(2, '0');
const dateText = (d: { year: number; month: number; day: number }) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

/** The Monday–Sunday week, local to `timezone`, that `instant` falls in, moved by `weeks`. */
export function weekOf(instant: Date, timezone: string, weeks = 0): Week {
  const local = localParts(instant, timezone);
  const monday = addCalendarDays(local, 1 - local.weekday + 7 * weeks);
  const nextMonday = addCalendarDays(monday, 7);
  // A midnight the clock skips (a few zones change at 00:00) starts the day at the first instant after the gap.
  const midnight = (d: { year: number; month: number; day: number }) => localToUtcCompatible({ ...d, hour: 0, minute: 0 }, timezone);
  return { from: midnight(monday), to: midnight(nextMonday), monday: dateText(monday), sunday: dateText(addCalendarDays(monday, 6)) };
}

/** The week after the digest's week: its meetings are what the digest announces. */
export function nextWeek(instant: Date, timezone: string): Week {
  return weekOf(instant, timezone, 1);
}

// ---- the numbers ----------------------------------------------------------------------------

export interface DigestInput {
  /** The digest's scheduled time. */
  now: Date;
  /** The deployment's timezone: what "Monday" and "next week" mean. */
  timezone: string;
  scope: 'all' | 'own';
  /** The accounts the digest covers. */
  accounts: readonly Account[];
  /** Answers of any age and account; only those of `accounts` answered before `now` count. */
  scores: readonly Score[];
  /** Survey requests of any age and account; those sent in the last 30 days count. */
  surveyRequests: readonly SurveyRequest[];
  /** Commitments of any status and account; the open ones older than 30 days are listed. */
  commitments: readonly Commitment[];
}

export interface ScaleAverage {
  scale: 5 | 10;
  /** Mean of the answers given on this scale, one decimal. */
  average: number;
  answers: number;
}

export interface ScoreAverage {
  answers: number;
  /** Mean of the answers on 0–100, rounded. */
  normalized: number;
  /** The mean on each scale the answers were given on (5 before 10). */
  byScale: ScaleAverage[];
}

export interface DigestScores {
  /** Answers in the last 30 days; undefined when there were none. */
  current?: ScoreAverage;
  /** Answers in the 30 days before those. */
  previous?: ScoreAverage;
  /** current − previous, in points on 0–100 (of the rounded averages, as shown). */
  change?: number;
  /** `none`: no answers in the last 30 days; `new`: nothing before to compare with. */
  trend: Trend | 'none';
}

export interface ResponseRate {
  /** Survey requests sent in the last 30 days (one per meeting and contact). */
  sent: number;
  /** How many of those have an answer. */
  answered: number;
  /** answered / sent as a whole percentage; undefined when nothing was sent. */
  percent?: number;
}

export interface AttentionAccount {
  accountId: string;
  name: string;
  level: RiskLevel;
  reasons: string[];
  renewalDate: string;
  daysToRenewal: number;
  monthlyValue: number;
}

export interface LastScore {
  meetingId: string;
  average: number;
  normalized: number;
  scale: 5 | 10;
  answers: number;
}

export interface Renewal {
  accountId: string;
  name: string;
  level: RiskLevel;
  renewalDate: string;
  daysToRenewal: number;
  monthlyValue: number;
  /** The account's timezone: the last score's meeting date is shown in it. */
  timezone: string;
  lastScore?: LastScore;
}

export interface UpcomingMeeting {
  accountId: string;
  name: string;
  /** UTC ISO instant. */
  at: string;
  timezone: string;
  durationMinutes: number;
}

export interface OverdueCommitment {
  accountId: string;
  accountName: string;
  request: string;
  owner: Person;
  createdAt: string;
  /** Whole days open. */
  ageDays: number;
}

export interface Digest {
  /** The Monday of the digest's week, YYYY-MM-DD in the deployment's timezone: the digest's identity. */
  weekOf: string;
  timezone: string;
  scope: 'all' | 'own';
  accounts: number;
  scores: DigestScores;
  responseRate: ResponseRate;
  /** Answers of the last 30 days per band of the 0–100 score, every band present. */
  distribution: { band: ScoreBand; count: number }[];
  /** Watch, at-risk and critical accounts, nearest renewal first. */
  attention: AttentionAccount[];
  /** Renewals from today to 90 days out, nearest first. */
  renewals: Renewal[];
  /** The Monday–Sunday after the digest's week. */
  nextWeek: { monday: string; sunday: string };
  meetings: UpcomingMeeting[];
  /** Open commitments older than 30 days, oldest first. */
  overdueCommitments: OverdueCommitment[];
}

/** The band (0–40, 41–60, 61–80, 81–100) of a 0–100 score. */
export function scoreBand(normalized: number): ScoreBand {
  return (SCORE_BANDS.find((b) => normalized <= b.to) ?? SCORE_BANDS[3]).label;
}

/** Whether the account renews from today (in its timezone) to `days` days out. */
export function renewsWithin(account: Pick<Account, 'renewalDate' | 'timezone'>, now: Date, days = RENEWAL_HORIZON_DAYS): boolean {
  const left = daysToRenewal(account.renewalDate, now, account.timezone);
  return left >= 0 && left <= days;
}

export function computeDigest(input: DigestInput): Digest {
  const { now, timezone } = input;
  const ids = new Set(input.accounts.map((account) => account.id));
  const nowMs = now.getTime();
  const windowStart = nowMs - DIGEST_WINDOW_DAYS * DAY_MS;
  const previousStart = windowStart - DIGEST_WINDOW_DAYS * DAY_MS;
  const answeredBy = input.scores.filter((s) => ids.has(s.accountId) && Date.parse(s.answeredAt) < nowMs);
  const within = (at: string, from: number, to: number) => {
    const ms = Date.parse(at);
    return ms >= from && ms < to;
  };
  const current = answeredBy.filter((s) => within(s.answeredAt, windowStart, nowMs));
  const previous = answeredBy.filter((s) => within(s.answeredAt, previousStart, windowStart));
  const week = nextWeek(now, timezone);

  return {
    weekOf: weekOf(now, timezone).monday,
    timezone,
    scope: input.scope,
    accounts: input.accounts.length,
    scores: scoreSummary(averageOf(current), averageOf(previous)),
    responseRate: responseRate(
      input.surveyRequests.filter((r) => ids.has(r.accountId) && within(r.sentAt, windowStart, nowMs)),
      answeredBy,
      nowMs,
    ),
    distribution: SCORE_BANDS.map(({ label }) => ({
      band: label,
      count: current.filter((s) => scoreBand(normalizeScore(s.score, s.scale)) === label).length,
    })),
    attention: byRenewal(input.accounts.filter((a) => ATTENTION_LEVELS.includes(a.risk.level))).map((account) => ({
      accountId: account.id,
      name: account.name,
      level: account.risk.level,
      reasons: account.risk.reasons,
      renewalDate: account.renewalDate,
      daysToRenewal: daysToRenewal(account.renewalDate, now, account.timezone),
      monthlyValue: account.monthlyValue,
    })),
    renewals: byRenewal(input.accounts.filter((a) => renewsWithin(a, now))).map((account) => {
      const last = lastScore(answeredBy.filter((s) => s.accountId === account.id));
      return {
        accountId: account.id,
        name: account.name,
        level: account.risk.level,
        renewalDate: account.renewalDate,
        daysToRenewal: daysToRenewal(account.renewalDate, now, account.timezone),
        monthlyValue: account.monthlyValue,
        timezone: account.timezone,
        ...(last ? { lastScore: last } : {}),
      };
    }),
    nextWeek: { monday: week.monday, sunday: week.sunday },
    meetings: input.accounts
      .filter((account) => account.status === 'active')
      .flatMap((account) =>
        occurrencesBetween(account.cadence, account.timezone, week.from, week.to).map((at) => ({
          accountId: account.id,
          name: account.name,
          at: at.toISOString(),
          timezone: account.timezone,
          durationMinutes: account.cadence.durationMinutes,
        })),
      )
      .sort((a, b) => a.at.localeCompare(b.at) || a.name.localeCompare(b.name)),
    overdueCommitments: overdue(input, ids, nowMs),
  };
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;
const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

function averageOf(scores: readonly Score[]): ScoreAverage | undefined {
  if (scores.length === 0) return undefined;
  const byScale = ([5, 10] as const).flatMap((scale): ScaleAverage[] => {
    const on = scores.filter((s) => s.scale === scale);
    return on.length === 0 ? [] : [{ scale, average: oneDecimal(mean(on.map((s) => s.score))), answers: on.length }];
  });
  return {
    answers: scores.length,
    normalized: Math.round(mean(scores.map((s) => normalizeScore(s.score, s.scale)))),
    byScale,
  };
}

function scoreSummary(current: ScoreAverage | undefined, previous: ScoreAverage | undefined): DigestScores {
  const known = { ...(current ? { current } : {}), ...(previous ? { previous } : {}) };
  if (!current) return { ...known, trend: 'none' };
  if (!previous) return { ...known, trend: 'new' };
  const change = current.normalized - previous.normalized;
  const trend: Trend = change >= TREND_POINTS ? 'rising' : change <= -TREND_POINTS ? 'falling' : 'steady';
  return { ...known, change, trend };
}

const answerKey = (accountId: string, meetingId: string, contactId: string) =>
  `${accountId}#${Date.parse(meetingId) || meetingId}#${contactId}`;

function responseRate(sent: readonly SurveyRequest[], scores: readonly Score[], nowMs: number): ResponseRate {
  const answers = new Set(scores.map((s) => answerKey(s.accountId, s.meetingId, s.contactId)));
  const answered = sent.filter(
    (r) =>
      (r.answeredAt !== undefined && Date.parse(r.answeredAt) < nowMs) || answers.has(answerKey(r.accountId, r.meetingId, r.contactId)),
  ).length;
  return { sent: sent.length, answered, ...(sent.length > 0 ? { percent: Math.round((answered / sent.length) * 100) } : {}) };
}

function lastScore(scores: readonly Score[]): LastScore | undefined {
  const latest = scoresByCycle(scores).at(-1);
  if (!latest) return undefined;
  const scale = scores.find((s) => s.meetingId === latest.meetingId)?.scale ?? 10;
  return { meetingId: latest.meetingId, average: latest.average, normalized: latest.normalized, scale, answers: latest.answers };
}

/** Nearest renewal first; the same date puts the graver level, then the name, first. */
function byRenewal(accounts: readonly Account[]): Account[] {
  return [...accounts].sort(
    (a, b) =>
      a.renewalDate.localeCompare(b.renewalDate) ||
      levelRank(b.risk.level) - levelRank(a.risk.level) ||
      a.name.localeCompare(b.name),
  );
}

function overdue(input: DigestInput, ids: ReadonlySet<string>, nowMs: number): OverdueCommitment[] {
  const names = new Map(input.accounts.map((account) => [account.id, account.name]));
  return input.commitments
    .filter((c) => c.status === 'open' && ids.has(c.accountId) && nowMs - Date.parse(c.createdAt) > OVERDUE_COMMITMENT_DAYS * DAY_MS)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
    .map((c) => ({
      accountId: c.accountId,
      accountName: names.get(c.accountId) ?? c.accountId,
      request: c.request,
      owner: c.owner,
      createdAt: c.createdAt,
      ageDays: Math.floor((nowMs - Date.parse(c.createdAt)) / DAY_MS),
    }));
}

// ---- the email ------------------------------------------------------------------------------

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A calendar date (YYYY-MM-DD) in words: "Feb 13, 2027". */
function dateWords(date: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

function meetingWords(meeting: UpcomingMeeting): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: meeting.timezone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(meeting.at));
}

/** A reason as a sentence ending in a full stop. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function daysWords(days: number): string {
  if (days > 1) return `in ${days} days`;
  if (days === 1) return 'tomorrow';
  if (days === 0) return 'today';
  return `passed ${plural(-days, 'day', 'days')} ago`;
}

const money = (value: number) => `$${value.toLocaleString('en-US')}/month`;

function onScales(average: ScoreAverage): string {
  return average.byScale
    .map((s) => `${s.average.toFixed(1)} of ${s.scale}${average.byScale.length > 1 ? ` on 1–${s.scale} accounts` : ''}`)
    .join(', ');
}

/** "Average score: 62 of 100 (6.5 of 10) from 4 answers in the last 30 days, down 20 points from 82 in the 30 days before." */
export function describeScores(scores: DigestScores): string {
  const { current, previous } = scores;
  if (!current) {
    return previous
      ? `No survey answers in the last ${DIGEST_WINDOW_DAYS} days (${plural(previous.answers, 'answer', 'answers')} averaging ${previous.normalized} of 100 in the ${DIGEST_WINDOW_DAYS} days before).`
      : `No survey answers in the last ${DIGEST_WINDOW_DAYS} days.`;
  }
  const head = `Average score: ${current.normalized} of 100 (${onScales(current)}) from ${plural(current.answers, 'answer', 'answers')} in the last ${DIGEST_WINDOW_DAYS} days`;
  if (!previous || scores.change === undefined) return `${head}; no answers in the ${DIGEST_WINDOW_DAYS} days before to compare with.`;
  const before = `${previous.normalized} in the ${DIGEST_WINDOW_DAYS} days before`;
  if (scores.change > 0) return `${head}, up ${plural(scores.change, 'point', 'points')} from ${before}.`;
  if (scores.change < 0) return `${head}, down ${plural(-scores.change, 'point', 'points')} from ${before}.`;
  return `${head}, the same as ${before}.`;
}

export function describeResponseRate(rate: ResponseRate): string {
  if (rate.percent === undefined) return `No surveys were sent in the last ${DIGEST_WINDOW_DAYS} days.`;
  return `Response rate: ${rate.percent}% (${rate.answered} of ${plural(rate.sent, 'survey', 'surveys')} sent in the last ${DIGEST_WINDOW_DAYS} days answered).`;
}

type Cell = string | readonly string[];

/** A table of escaped cells; a cell given as lines is shown one line under the other. */
function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cell = (value: Cell) => (typeof value === 'string' ? escapeHtml(value) : value.map(escapeHtml).join('<br>'));
  const head = headers
    .map((h) => `<th align="left" style="padding:4px 8px 4px 0;font-size:13px;line-height:18px;border-bottom:1px solid #9aa5b1;">${escapeHtml(h)}</th>`)
    .join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((value) => `<td valign="top" style="padding:4px 8px 4px 0;font-size:14px;line-height:20px;border-bottom:1px solid #e4e7eb;">${cell(value)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>${head}</tr>${body}</table>`;
}

const heading = (text: string) => `<h2 style="margin:0 0 8px 0;font-size:18px;line-height:24px;">${escapeHtml(text)}</h2>`;

/** One bar per band, as HTML table cells (Outlook and Gmail render these; images they may not). */
function distributionChart(distribution: Digest['distribution']): string {
  const most = Math.max(1, ...distribution.map((d) => d.count));
  const rows = distribution
    .map((d) => {
      const width = Math.max(2, Math.round((d.count / most) * 240));
      return (
        `<tr><td style="padding:2px 8px 2px 0;font-size:13px;white-space:nowrap;">${escapeHtml(d.band)}</td>` +
        `<td style="padding:2px 0;"><table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>` +
        `<td width="${width}" height="14" style="background:#1d4ed8;width:${width}px;height:14px;font-size:1px;line-height:1px;">&nbsp;</td>` +
        `<td style="padding-left:6px;font-size:13px;">${d.count}</td></tr></table></td></tr>`
      );
    })
    .join('');
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0">${rows}</table>`;
}

interface Block {
  heading: string;
  /** Plain sentences under the heading. */
  lines: string[];
  chart?: { html: string; text: string[] };
  table?: { headers: string[]; rows: Cell[][]; text: string[]; empty: string };
}

function blocks(digest: Digest): Block[] {
  const lastScoreWords = (r: Renewal) =>
    r.lastScore ? `${r.lastScore.average.toFixed(1)} of ${r.lastScore.scale} (${shortDate(r.lastScore.meetingId, r.timezone)})` : 'no score yet';
  const most = Math.max(1, ...digest.distribution.map((d) => d.count));
  return [
    {
      heading: 'Scores',
      lines: [describeScores(digest.scores), describeResponseRate(digest.responseRate), `Answers by score (0–100), last ${DIGEST_WINDOW_DAYS} days:`],
      chart: {
        html: distributionChart(digest.distribution),
        text: digest.distribution.map(
          (d) => `${d.band.padEnd(7)} ${'#'.repeat(Math.round((d.count / most) * 20)).padEnd(20)} ${d.count}`,
        ),
      },
    },
    {
      heading: 'Accounts that need attention',
      lines: [],
      table: {
        headers: ['Account', 'Level', 'Renewal', 'Why'],
        rows: digest.attention.map((a) => [
          a.name,
          LEVEL_WORDS[a.level],
          [dateWords(a.renewalDate), daysWords(a.daysToRenewal)],
          a.reasons.length > 0 ? a.reasons : ['(no reason recorded)'],
        ]),
        text: digest.attention.map(
          (a) =>
            `${a.name}: ${LEVEL_WORDS[a.level]}, renewal ${dateWords(a.renewalDate)} (${daysWords(a.daysToRenewal)})` +
            (a.reasons.length > 0 ? `. ${a.reasons.map(sentence).join(' ')}` : ''),
        ),
        empty: 'None: every account is healthy.',
      },
    },
    {
      heading: `Renewals in the next ${RENEWAL_HORIZON_DAYS} days`,
      lines: [],
      table: {
        headers: ['Account', 'Renewal', 'Value', 'Last score'],
        rows: digest.renewals.map((r) => [r.name, [dateWords(r.renewalDate), daysWords(r.daysToRenewal)], money(r.monthlyValue), lastScoreWords(r)]),
        text: digest.renewals.map(
          (r) => `${r.name}: renewal ${dateWords(r.renewalDate)} (${daysWords(r.daysToRenewal)}), ${money(r.monthlyValue)}, last score ${lastScoreWords(r)}`,
        ),
        empty: `No renewal in the next ${RENEWAL_HORIZON_DAYS} days.`,
      },
    },
    {
      heading: `Meetings next week (${dateWords(digest.nextWeek.monday)} – ${dateWords(digest.nextWeek.sunday)})`,
      lines: [],
      table: {
        headers: ['When', 'Account', 'Length'],
        rows: digest.meetings.map((m) => [meetingWords(m), m.name, `${m.durationMinutes} min`]),
        text: digest.meetings.map((m) => `${meetingWords(m)}: ${m.name} (${m.durationMinutes} min)`),
        empty: 'No partnership meetings next week.',
      },
    },
    {
      heading: 'Overdue commitments',
      lines: digest.overdueCommitments.length > 0 ? [`Open for more than ${OVERDUE_COMMITMENT_DAYS} days, oldest first:`] : [],
      table: {
        headers: ['Account', 'They asked', 'Owner', 'Open for'],
        rows: digest.overdueCommitments.map((c) => [c.accountName, c.request, c.owner.name, plural(c.ageDays, 'day', 'days')]),
        text: digest.overdueCommitments.map(
          (c) => `${c.accountName}: "${c.request}" (owner ${c.owner.name}, open ${plural(c.ageDays, 'day', 'days')})`,
        ),
        empty: `None: no commitment has been open for more than ${OVERDUE_COMMITMENT_DAYS} days.`,
      },
    },
  ];
}

function blockHtml({ heading: title, lines, chart, table: rows }: Block): string {
  const listed = rows === undefined ? '' : rows.rows.length > 0 ? table(rows.headers, rows.rows) : paragraph(rows.empty);
  return `${heading(title)}${lines.map(paragraph).join('')}${chart?.html ?? ''}${listed}`;
}

function blockText({ heading: title, lines, chart, table: rows }: Block): string {
  const listed = rows === undefined ? [] : rows.rows.length > 0 ? [] : [rows.empty];
  return textSection(title, [...lines, ...(chart?.text ?? []), ...listed], rows?.text ?? []);
}

export function renderDigest(digest: Digest, recipient: Person, sender: Sender): OutgoingEmail {
  const firstName = recipient.name.split(/\s+/)[0] ?? recipient.name;
  const whose =
    digest.scope === 'own'
      ? `your ${plural(digest.accounts, 'account', 'accounts')}`
      : digest.accounts === 1
        ? 'the one account'
        : `all ${digest.accounts} accounts`;
  const week = dateWords(digest.weekOf);
  const attention = digest.attention.length;
  const title = `Weekly digest, week of ${week}`;
  const intro =
    `Good morning ${firstName}. Here is the week for ${whose}: ` +
    `${attention === 0 ? 'none needs attention' : `${plural(attention, 'account needs', 'accounts need')} attention`}, ` +
    `${plural(digest.renewals.length, 'renewal', 'renewals')} in the next ${RENEWAL_HORIZON_DAYS} days, ` +
    `${plural(digest.meetings.length, 'meeting', 'meetings')} next week.`;
  const subject =
    attention === 0
      ? `Weekly digest, week of ${week}: no account needs attention`
      : `Weekly digest, week of ${week}: ${plural(attention, 'account needs', 'accounts need')} attention`;
  const footer = [
    `${sender.companyName}, ${sender.postalAddress}`,
    `You receive this every Monday as a manager of ${digest.scope === 'all' ? 'all accounts' : 'these accounts'}.`,
  ];
  const parts = blocks(digest);
  return {
    from: { name: `Partner Pulse (${sender.companyName})`, address: sender.senderEmail },
    to: [{ name: recipient.name, address: recipient.email }],
    subject,
    html: frame({ title, preheader: intro, body: [paragraph(intro), ...parts.map(blockHtml)], footer }),
    text: [title, '', intro, '', ...parts.map((block) => `${blockText(block)}\n`), '--', ...footer].join('\n'),
  };
}
