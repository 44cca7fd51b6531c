// Human output of the CLI: aligned tables and an account's summary.
import { describeCadence } from '#domain/cadence.ts';
import { scoresByCycle } from '#domain/insights.ts';
import type { Account, Meeting, Score } from '#domain/model.ts';

export function table(headings: string[], rows: string[][]): string {
  if (rows.length === 0) return '(none)';
  const widths = headings.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headings), ...rows.map(line)].join('\n');
}

export function describeAccount(account: Account, meetings: Meeting[], scores: Score[]): string {
  const cycles = scoresByCycle(scores);
  const team = Object.entries(account.team)
    .map(([role, person]) => `  ${role}: ${person.name} <${person.email}>`)
    .join('\n');
  const contacts = account.contacts
    .map((c) => `  ${c.name} <${c.email}>${c.role ? `, ${c.role}` : ''}${c.status === 'active' ? '' : ` [${c.status}]`}`)
    .join('\n');
  return [
    `${account.name} (${account.id})${account.status === 'paused' ? ' [paused]' : ''}`,
    `meetings: ${describeCadence(account.cadence, account.timezone)}`,
    `scale 1–${account.scale} · renewal ${account.renewalDate} · $${account.monthlyValue}/month`,
    `risk: ${account.risk.level}${account.risk.reasons.length ? ` (${account.risk.reasons.join('; ')})` : ''}`,
    `team:\n${team}`,
    `contacts:\n${contacts || '  (none)'}`,
    `services: ${account.services.join(', ') || '(none)'}`,
    `recent meetings: ${meetings.map((m) => `${m.scheduledTime.slice(0, 10)} ${m.status}`).join(', ') || '(none)'}`,
    `scores by meeting: ${cycles.map((c) => `${c.meetingId.slice(0, 10)} ${c.average}`).join(', ') || '(none)'}`,
  ].join('\n');
}
