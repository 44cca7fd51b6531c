// The local home page: what runs where, the accounts with their last scores and risk, and buttons
// that move the virtual clock.
import { nextOccurrences, describeCadence } from '#domain/cadence.ts';
import { scoresByCycle } from '#domain/insights.ts';
import type { Account, Score } from '#domain/model.ts';
import { html, joinHtml } from '#render/html.ts';
import type { LocalCloud } from './cloud.ts';

const RISK_COLOURS: Record<Account['risk']['level'], string> = {
  healthy: '#1e7b34',
  watch: '#9a6700',
  'at-risk': '#c2410c',
  critical: '#b91c1c',
};

export function renderHome(cloud: LocalCloud, accounts: Account[], scores: Score[][]): string {
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
        <td><strong>${account.name}</strong><br><small>${account.id}</small></td>
        <td>${describeCadence(account.cadence, account.timezone)}</td>
        <td>${next ? `${next.toISOString().replace('T', ' ').slice(0, 16)} UTC` : account.status}</td>
        <td>${last ? `${last.average} / ${account.scale}` : '—'}<br><small>${trail}</small></td>
        <td><span style="color:${RISK_COLOURS[account.risk.level]};font-weight:600">${account.risk.level}</span>
          ${account.risk.reasons.length ? html`<br><small>${account.risk.reasons.join('; ')}</small>` : []}</td>
        <td>${account.renewalDate}</td>
      </tr>`;
  });
  const advance = (label: string, value: string) =>
    html`<form method="post" action="/local/clock"><input type="hidden" name="advance" value="${value}"><button>${label}</button></form>`;
  const none = html`<tr><td colspan="6">No accounts yet. Add one with <code>npx pulse accounts add account.json</code>.</td></tr>`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Partner Pulse (local)</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #1f2933; max-width: 72rem; }
  table { border-collapse: collapse; width: 100%; } td, th { padding: .5rem; border-bottom: 1px solid #d9e2ec; text-align: left; vertical-align: top; }
  .clock { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; } button { font-size: 1rem; padding: .4rem .8rem; }
  small { color: #52606d; }
</style></head>
<body>
<h1>Partner Pulse — local cloud</h1>
<p>Everything below runs on this machine. Emails land in the <a href="${cloud.urls.inbox}">inbox</a>.</p>
<ul>
  <li>HTTP API: <code>${cloud.urls.api}</code> (admin routes under <code>/admin</code>)</li>
  <li>SES emulator and inbox: <a href="${cloud.urls.inbox}">${cloud.urls.inbox}</a></li>
  <li>DynamoDB Local: <code>${cloud.urls.dynamodb}</code>, table <code>${cloud.tableName}</code></li>
  <li>Scheduler emulator: <code>${cloud.urls.scheduler}</code> — <a href="/local/schedules">schedules</a>, <a href="/local/dead-letters">dead letters</a></li>
</ul>
<h2>Clock</h2>
<div class="clock"><span>Now: <strong id="now">${now.toISOString()}</strong></span>
${advance('+1 day', '1d')}${advance('+1 week', '7d')}${advance('+35 days', '35d')}${advance('+90 days', '90d')}</div>
<h2>Accounts (${accounts.length})</h2>
<table><thead><tr><th>Account</th><th>Cadence</th><th>Next meeting</th><th>Last score</th><th>Risk</th><th>Renewal</th></tr></thead>
<tbody>
${rows.length > 0 ? joinHtml(rows, html`\n`) : none}
</tbody></table>
</body></html>`.toString();
}
