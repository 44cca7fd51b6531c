// What customers read over five virtual months of the demo company: the local cloud runs its own
// schedules week by week, the demo's customers answer their surveys, and every email sent is
// checked. `npx tsx bench/content-months.ts [months]`; exits non-zero on any finding.
//   1. no agenda lists the same item twice;
//   2. no customer's comment appears in an email to another contact;
//   3. no account at risk or critical is offered an upsell;
//   4. every open complaint can be resolved (through the admin API, with `resolves`).
import { createDocumentClient, repositories } from '#adapters/dynamo/index.ts';
import type { Account } from '#domain/model.ts';
import { answerAsDemoCustomers, loadDemoQuietly } from '../local/demo.ts';
import { api, inbox, startTestCloud, type StoredEmail } from '../test/support/cloud.ts';

const WEEK = 7 * 86_400_000;
const months = Number(process.argv[2] ?? 5);
const started = Date.now();
const cloud = await startTestCloud({ clockStart: new Date('2026-11-23T12:00:00Z') });
const findings: string[] = [];
try {
  await loadDemoQuietly(cloud);
  const repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);
  const levelAtSend = new Map<string, string>();
  let seen = 0;
  const weeks = Math.ceil((months * 30.5 * 86_400_000) / WEEK);
  for (let week = 0; week < weeks; week += 1) {
    const accounts = await repos.accounts.list();
    await cloud.runUntil(new Date(cloud.clock.now().getTime() + WEEK));
    await answerAsDemoCustomers(cloud);
    const emails = await inbox(cloud);
    for (const email of emails.slice(seen)) {
      const account = accounts.find((a) => email.subject.includes(a.name));
      if (email.subject.startsWith('Agenda') && account) levelAtSend.set(email.messageId, account.risk.level);
    }
    seen = emails.length;
  }

  const accounts = await repos.accounts.list();
  const emails = await inbox(cloud);
  const agendas = emails.filter((e) => e.subject.startsWith('Agenda'));
  for (const agenda of agendas) checkAgenda(agenda, levelAtSend.get(agenda.messageId));
  const comments = (await Promise.all(accounts.map((a) => repos.scores.recent(a.id, 500)))).flat().filter((s) => s.comment);
  for (const score of comments) {
    const account = accounts.find((a) => a.id === score.accountId);
    const author = account?.contacts.find((c) => c.id === score.contactId)?.email.toLowerCase();
    const others = new Set(account?.contacts.map((c) => c.email.toLowerCase()).filter((e) => e !== author));
    for (const email of emails) {
      const to = [...email.destination.to, ...email.destination.cc].map((t) => (/<([^>]+)>/.exec(t)?.[1] ?? t).toLowerCase());
      if (to.some((t) => others.has(t)) && (email.body.text ?? '').includes(score.comment ?? '')) {
        findings.push(`"${score.comment}" by ${author} appears in "${email.subject}" to ${to.join(', ')}`);
      }
    }
  }
  const resolved = await resolveAll(accounts, repos);
  console.log(
    [
      `${months} virtual months, ${weeks} weeks, ${accounts.length} accounts, ${((Date.now() - started) / 1000).toFixed(0)} s`,
      `${emails.length} emails: ${agendas.length} agendas (${[...levelAtSend.values()].filter((l) => l === 'at-risk' || l === 'critical').length} to accounts at risk or critical), ` +
        `${emails.filter((e) => e.subject.startsWith('How did we do')).length} surveys, ${emails.filter((e) => e.subject.includes('meeting happen?')).length} unrecorded-meeting questions`,
      `${comments.length} customer comments checked against every email to another contact`,
      `${(await Promise.all(accounts.map((a) => repos.commitments.of(a.id)))).flat().length} commitments; ${resolved} open complaints resolved with resolves`,
      findings.length === 0 ? 'no findings' : `${findings.length} findings:\n  ${findings.slice(0, 30).join('\n  ')}`,
    ].join('\n'),
  );
} finally {
  await cloud.stop();
}
process.exitCode = findings.length === 0 ? 0 : 1;

function checkAgenda(agenda: StoredEmail, level: string | undefined): void {
  const lines = (agenda.body.text ?? '').split('\n').filter((l) => l.startsWith('- '));
  const twice = lines.filter((line, i) => lines.indexOf(line) !== i);
  if (twice.length > 0) findings.push(`"${agenda.subject}" lists twice: ${twice.join(' | ')}`);
  if ((level === 'at-risk' || level === 'critical') && /Ideas for your site|In season now/.test(agenda.body.text ?? '')) {
    findings.push(`"${agenda.subject}" offers services to an account ${level}`);
  }
}

async function resolveAll(accounts: readonly Account[], repos: ReturnType<typeof repositories>): Promise<number> {
  let resolved = 0;
  for (const account of accounts) {
    const events = await repos.events.since(account.id, '1970-01-01T00:00:00.000Z');
    const closed = new Set(events.map((e) => e.resolves).filter(Boolean));
    for (const complaint of events.filter((e) => e.type === 'complaint' && !closed.has(e.id))) {
      const answer = await api(cloud, 'POST', `/admin/accounts/${account.id}/events`, {
        type: 'complaint-resolved',
        description: 'Resolved',
        resolves: complaint.id,
      });
      if (answer.status === 201) resolved += 1;
      else findings.push(`complaint ${complaint.id} of ${account.id} could not be resolved: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  }
  return resolved;
}
