// The weekly digest email: the figures of domain/digest.ts as tables, a bar chart and plain text.
import { LEVEL_WORDS } from '#domain/alert.ts';
import {
  capped,
  DIGEST_WINDOW_DAYS,
  DIGEST_LIST_LIMIT,
  OVERDUE_COMMITMENT_DAYS,
  RENEWAL_HORIZON_DAYS,
  type Digest,
  type DigestScores,
  type Renewal,
  type ResponseRate,
  type ScoreAverage,
} from '#domain/digest.ts';
import { averageOf, dateWords, daysWords, perMonth, plural, sentence, shortDate, shortMeetingTime } from '#domain/format.ts';
import type { Person } from '#domain/model.ts';
import { BAND_COLOURS, barChart } from './chart.ts';
import type { OutgoingEmail, Sender } from './email.ts';
import { html, joinHtml, type SafeHtml } from './html.ts';
import { frame, heading, link, paragraph, PALETTE, textBar, textSection, textStyle } from './layout.ts';

function onScales(average: ScoreAverage): string {
  return average.byScale
    .map((s) => `${averageOf(s.average, s.scale)}${average.byScale.length > 1 ? ` on 1–${s.scale} accounts` : ''}`)
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

/** Each account's page for the digest's reader (/m/{token}), by account id. */
export type AccountLinks = Readonly<Record<string, string>>;

/** A cell of text, of lines, or of a link (an account's name, to its page). */
type Cell = string | readonly string[] | { text: string; href: string };

/** A table whose cells are escaped; a cell given as lines is shown one line under the other. */
function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): SafeHtml {
  const cell = (value: Cell) =>
    typeof value === 'string'
      ? html`${value}`
      : 'href' in value
        ? link(value.href, value.text)
        : joinHtml(value.map((line) => html`${line}`), html`<br>`);
  const head = headers.map(
    (h) =>
      html`<th class="pp-text pp-rule" align="left" style="padding:4px 8px 4px 0;${textStyle(13, 18)}font-weight:700;border-bottom:1px solid ${PALETTE.light.rule};">${h}</th>`,
  );
  const body = rows.map(
    (row) =>
      html`<tr>${row.map((value) => html`<td class="pp-text pp-faint" valign="top" style="padding:4px 8px 4px 0;${textStyle(14, 20)}border-bottom:1px solid ${PALETTE.light.faint};">${cell(value)}</td>`)}</tr>`,
  );
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>${head}</tr>${body}</table>`;
}

/** One bar per band, in the band's colour. */
function distributionChart(distribution: Digest['distribution']): SafeHtml {
  const most = Math.max(1, ...distribution.map((d) => d.count));
  return barChart(distribution.map((d) => ({ label: d.band, fraction: d.count / most, colour: BAND_COLOURS[d.band], value: String(d.count) })));
}

interface Block {
  heading: string;
  /** Plain sentences under the heading. */
  lines: string[];
  chart?: { html: SafeHtml; text: string[] };
  table?: { headers: string[]; rows: Cell[][]; text: string[]; empty: string; more?: string };
}

/** The first rows of a list, and "and N more …" for the rest (`what` names one and many). */
function list<T>(items: readonly T[], what: [string, string], row: (item: T) => Cell[], text: (item: T) => string) {
  const { shown, more } = capped(items, DIGEST_LIST_LIMIT);
  return {
    rows: shown.map(row),
    text: shown.map(text),
    ...(more > 0 ? { more: `And ${plural(more, ...what)}, not listed here.` } : {}),
  };
}

function blocks(digest: Digest, links: AccountLinks): Block[] {
  const name = (accountId: string, text: string): Cell => (Object.hasOwn(links, accountId) ? { text, href: links[accountId] ?? '' } : text);
  // The plain-text part puts the page's address under the line it belongs to.
  const withLink = (accountId: string, line: string) => (Object.hasOwn(links, accountId) ? `${line}\n  Open the account: ${links[accountId] ?? ''}` : line);
  const lastScoreWords = (r: Renewal) =>
    r.lastScore ? `${averageOf(r.lastScore.average, r.lastScore.scale)} (${shortDate(r.lastScore.meetingId, r.timezone)})` : 'no score yet';
  const most = Math.max(1, ...digest.distribution.map((d) => d.count));
  return [
    {
      heading: 'Scores',
      lines: [describeScores(digest.scores), describeResponseRate(digest.responseRate), `Answers by score (0–100), last ${DIGEST_WINDOW_DAYS} days:`],
      chart: {
        html: distributionChart(digest.distribution),
        text: digest.distribution.map(
          (d) => `${d.band.padEnd(7)} ${textBar(Math.round((d.count / most) * 20))} ${d.count}`,
        ),
      },
    },
    {
      heading: 'Accounts that need attention',
      lines: [],
      table: {
        headers: ['Account', 'Level', 'Renewal', 'Why'],
        ...list(
          digest.attention,
          ['more account needs attention', 'more accounts need attention'],
          (a) => [name(a.accountId, a.name), LEVEL_WORDS[a.level], [dateWords(a.renewalDate), daysWords(a.daysToRenewal)], a.reasons.length > 0 ? a.reasons : ['(no reason recorded)']],
          (a) =>
            withLink(
              a.accountId,
              `${a.name}: ${LEVEL_WORDS[a.level]}, renewal ${dateWords(a.renewalDate)} (${daysWords(a.daysToRenewal)})` +
                (a.reasons.length > 0 ? `. ${a.reasons.map(sentence).join(' ')}` : ''),
            ),
        ),
        empty: 'None: every account is healthy.',
      },
    },
    {
      heading: `Renewals in the next ${RENEWAL_HORIZON_DAYS} days`,
      lines: [],
      table: {
        headers: ['Account', 'Renewal', 'Value', 'Last score'],
        ...list(
          digest.renewals,
          ['more renewal', 'more renewals'],
          (r) => [name(r.accountId, r.name), [dateWords(r.renewalDate), daysWords(r.daysToRenewal)], perMonth(r.monthlyValue), lastScoreWords(r)],
          (r) => withLink(r.accountId, `${r.name}: renewal ${dateWords(r.renewalDate)} (${daysWords(r.daysToRenewal)}), ${perMonth(r.monthlyValue)}, last score ${lastScoreWords(r)}`),
        ),
        empty: `No renewal in the next ${RENEWAL_HORIZON_DAYS} days.`,
      },
    },
    {
      heading: `Meetings next week (${dateWords(digest.nextWeek.monday)} – ${dateWords(digest.nextWeek.sunday)})`,
      lines: [],
      table: {
        headers: ['When', 'Account', 'Length'],
        ...list(
          digest.meetings,
          ['more meeting', 'more meetings'],
          (m) => [shortMeetingTime(m.at, m.timezone), name(m.accountId, m.name), `${m.durationMinutes} min`],
          (m) => withLink(m.accountId, `${shortMeetingTime(m.at, m.timezone)}: ${m.name} (${m.durationMinutes} min)`),
        ),
        empty: 'No partnership meetings next week.',
      },
    },
    {
      heading: 'Overdue commitments',
      lines: digest.overdueCommitments.length > 0 ? [`Open for more than ${OVERDUE_COMMITMENT_DAYS} days, oldest first:`] : [],
      table: {
        headers: ['Account', 'They asked', 'Owner', 'Open for'],
        ...list(
          digest.overdueCommitments,
          ['more overdue commitment', 'more overdue commitments'],
          (c) => [name(c.accountId, c.accountName), c.request, c.owner.name, plural(c.ageDays, 'day', 'days')],
          (c) => withLink(c.accountId, `${c.accountName}: "${c.request}" (owner ${c.owner.name}, open ${plural(c.ageDays, 'day', 'days')})`),
        ),
        empty: `None: no commitment has been open for more than ${OVERDUE_COMMITMENT_DAYS} days.`,
      },
    },
  ];
}

function blockHtml({ heading: title, lines, chart, table: rows }: Block): SafeHtml {
  const listed = rows === undefined ? [] : rows.rows.length > 0 ? table(rows.headers, rows.rows) : paragraph(rows.empty);
  const more = rows?.more === undefined ? [] : html`<p class="pp-text" style="margin:8px 0 0 0;${textStyle(14, 20)}">${rows.more}</p>`;
  return html`${heading(title)}${lines.map((line) => paragraph(line))}${chart?.html ?? []}${listed}${more}`;
}

function blockText({ heading: title, lines, chart, table: rows }: Block): string {
  const listed = rows === undefined ? [] : rows.rows.length > 0 ? [] : [rows.empty];
  const section = textSection(title, [...lines, ...(chart?.text ?? []), ...listed], rows?.text ?? []);
  return rows?.more === undefined ? section : `${section}\n${rows.more}`;
}

export function renderDigest(digest: Digest, recipient: Person, sender: Sender, links: AccountLinks = {}): OutgoingEmail {
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
  const parts = blocks(digest, links);
  return {
    from: { name: `Partner Pulse (${sender.companyName})`, address: sender.senderEmail },
    to: [{ name: recipient.name, address: recipient.email }],
    ...(sender.replyTo ? { replyTo: { name: sender.companyName, address: sender.replyTo } } : {}),
    subject,
    html: frame({ title, preheader: intro, body: [paragraph(intro), ...parts.map(blockHtml)], footer }).toString(),
    text: [title, '', intro, '', ...parts.map((block) => `${blockText(block)}\n`), '--', ...footer].join('\n'),
  };
}
