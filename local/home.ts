// The local home page: what runs where, the accounts (most urgent first) with their last scores and
// risk, buttons that move the virtual clock, and what the last move fired.
import { nextOccurrences, describeCadence } from '#domain/cadence.ts';
import { scoresByCycle } from '#domain/insights.ts';
import type { Account, Score } from '#domain/model.ts';
import type { LocalCloud } from './cloud.ts';
import { html, page } from './html.ts';

const RISK_COLOURS: Record<Account['risk']['level'], string> = {
  healthy: '#1e7b34',
  watch: '#9a6700',
  'at-risk': '#c2410c',
  critical: '#b91c1c',
};

/** What one move of the clock did, as the home page sums it up. */
export interface ClockMove {
  from: string;
  now: string;
  fired: { name: string; scheduledTime: string; outcome: string }[];
  /** Emails sent during the move, by kind. */
  emails: Record<string, number>;
}

/** The schedules' names start with what they run: account-…, agenda-…, survey-…, reminder-…. */
const RUN_NAMES: Record<string, [string, string]> = {
  account: ['meeting', 'meetings'],
  agenda: ['agenda', 'agendas'],
  survey: ['survey round', 'survey rounds'],
  reminder: ['reminder round', 'reminder rounds'],
  escalation: ['alert climb', 'alert climbs'],
  'weekly-digest': ['weekly digest', 'weekly digests'],
};

function counted(counts: Record<string, number>, names: Record<string, [string, string]> = {}): string {
  const parts = Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, n]) => {
      const [one, many] = names[kind] ?? [kind, `${kind}s`];
      return `${n} ${n === 1 ? one : many}`;
    });
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

export function describeMove(move: ClockMove): { runs: string; emails: string; failures: string[] } {
  const runs: Record<string, number> = {};
  for (const run of move.fired) {
    const kind = Object.keys(RUN_NAMES).find((prefix) => run.name === prefix || run.name.startsWith(`${prefix}-`)) ?? 'other run';
    runs[kind] = (runs[kind] ?? 0) + 1;
  }
  return {
    runs: counted(runs, RUN_NAMES),
    emails: counted(move.emails, { other: ['other email', 'other emails'] }),
    failures: move.fired.filter((run) => run.outcome !== 'ok').map((run) => `${run.name} at ${run.scheduledTime}: ${run.outcome}`),
  };
}

/** "Tue, Dec 8, 2026, 10:00 CST": a time as the account's people read it, with their zone. */
export function inZone(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: timezone,
    timeZoneName: 'short',
  }).format(instant);
}

/** One line for a reason: the first of the facts merged into it, the rest counted, long ones cut. */
export function oneLine(reason: string, max = 90): string {
  const [first = '', ...more] = reason.split('; ');
  const line = more.length > 0 ? `${first} (and ${more.length} more)` : first;
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/** `pages`: each account's page (/m/{token}), signed for its account manager, in the order of `accounts`. */
export function renderHome(cloud: LocalCloud, accounts: Account[], scores: Score[][], pages: string[], move?: ClockMove): string {
  const now = cloud.clock.now();
  const rows = accounts.map((account, index) => {
    const cycles = scoresByCycle(scores[index] ?? []);
    const last = cycles.at(-1);
    const [next] = account.status === 'active' ? nextOccurrences(account.cadence, account.timezone, now, 1) : [];
    const trail = cycles
      .slice(-6)
      .map((c) => c.average)
      .join(' → ');
    return html`<tr>
        <td><a href="${pages[index] ?? ''}" title="The account's page, as ${account.team.accountManager.name} opens it from an alert or the digest"><strong>${account.name}</strong></a><br><small>${account.id} · <a href="/admin/accounts/${encodeURIComponent(account.id)}" title="pulse accounts show ${account.id} --json">JSON</a></small></td>
        <td>${describeCadence(account.cadence, account.timezone)}</td>
        <td>${next ? inZone(next, account.timezone) : account.status}<br><small>${account.timezone}</small></td>
        <td>${last ? `${last.average} / ${account.scale}` : '—'}<br><small>${trail}</small></td>
        <td><span style="color:${RISK_COLOURS[account.risk.level]};font-weight:600">${account.risk.level}</span>
          ${account.risk.reasons.length > 0 ? html`<ul class="reasons">${account.risk.reasons.map((r) => html`<li title="${r}">${oneLine(r)}</li>`)}</ul>` : []}</td>
        <td class="nowrap">${account.renewalDate}</td>
      </tr>`;
  });
  const advance = (label: string, value: string) =>
    html`<form method="post" action="/local/clock"><input type="hidden" name="advance" value="${value}"><button>${label}</button></form>`;
  const summary = move && describeMove(move);
  return page(
    'Partner Pulse (local)',
    html`<nav><a href="/">Home</a><a href="/local/inbox">Inbox</a></nav>
<h1>Partner Pulse — local cloud</h1>
<p>Everything below runs on this machine. Every email it sends lands in the <a href="/local/inbox">inbox</a>.</p>
<ul>
  <li>HTTP API: <code>${cloud.urls.api}</code> (admin routes under <code>/admin</code>)</li>
  <li>SES emulator: <a href="${cloud.urls.inbox}">${cloud.urls.inbox}</a> (its own view of this run's emails; the <a href="/local/inbox">inbox</a> keeps them all)</li>
  <li>DynamoDB Local: <code>${cloud.urls.dynamodb}</code>, table <code>${cloud.tableName}</code></li>
  <li>Scheduler emulator: <code>${cloud.urls.scheduler}</code> — <a href="/local/schedules">schedules</a>, <a href="/local/dead-letters">dead letters</a></li>
</ul>
<h2>Clock</h2>
<div class="clock"><span>Now: <strong id="now">${now.toISOString().slice(0, 16).replace('T', ' ')} UTC</strong></span>
${advance('+1 day', '1d')}${advance('+1 week', '7d')}${advance('+35 days', '35d')}${advance('+90 days', '90d')}</div>
${
  summary && move
    ? html`<div class="fired" id="fired"><p><strong>The clock moved from ${move.from.slice(0, 16).replace('T', ' ')} to ${move.now.slice(0, 16).replace('T', ' ')} UTC.</strong></p>
<p>Ran: ${summary.runs}.<br>Sent: ${summary.emails} (<a href="/local/inbox">inbox</a>).</p>
${summary.failures.length > 0 ? html`<p>Failed: ${summary.failures.join('; ')} (see <a href="/local/dead-letters">dead letters</a>).</p>` : []}</div>`
    : []
}
${
  cloud.failures.length > 0
    ? html`<div class="fired" id="failures"><p><strong>${cloud.failures.length === 1 ? 'One run' : `${cloud.failures.length} runs`} failed three times</strong> and ${cloud.failures.length === 1 ? 'waits' : 'wait'} in ${cloud.failures.length === 1 ? 'its' : 'their'} function's failure queue (<a href="/local/dead-letters">dead letters</a>): ${cloud.failures
        .slice(0, 3)
        .map((f) => `${f.functionName.replace(/^.*-/, '')}: ${f.error}`)
        .join('; ')}${cloud.failures.length > 3 ? '; …' : ''}.</p>
<form method="post" action="/local/dead-letters/redrive"><button>Redrive them</button></form></div>`
    : []
}
<h2>Accounts (${accounts.length}), most urgent first</h2>
<table><thead><tr><th>Account</th><th>Cadence</th><th>Next meeting (account's time)</th><th>Last score</th><th>Risk</th><th>Renewal</th></tr></thead>
<tbody>
${rows.length > 0 ? rows : html`<tr><td colspan="6">No accounts yet. Add one with <code>npx pulse accounts add account.json</code>.</td></tr>`}
</tbody></table>`,
  );
}
