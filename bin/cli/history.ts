// The CLI's read commands about an account's past: its events, its alerts (who got them, who
// acknowledged them), its scores with the comments, and the CSV exports of scores and commitments.
import type { Account, AccountEvent, Alert, Commitment, Score } from '#domain/model.ts';
import { CliError, type ApiClient } from './api-client.ts';
import { csv } from './csv.ts';
import { table } from './format.ts';

export interface HistoryContext {
  api: ApiClient;
  json: boolean;
  args: string[];
  options: Record<string, string | boolean | undefined>;
}

const enc = encodeURIComponent;

function accountId(ctx: HistoryContext): string {
  const id = ctx.args[0];
  if (!id) throw new CliError('missing account ID (see accounts list)', 2);
  return id;
}

/** `?from=&to=` from the options, as the admin API takes them (it checks them and names a bad one). */
function period(ctx: HistoryContext): string {
  const query = new URLSearchParams();
  for (const name of ['from', 'to']) {
    const value = ctx.options[name];
    if (typeof value !== 'string') continue;
    if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(value)) throw new CliError(`--${name} must be a date (YYYY-MM-DD) or a UTC instant, got "${value}"`, 2);
    query.set(name, value);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

function print(ctx: HistoryContext, value: unknown, human: () => string): void {
  console.log(ctx.json ? JSON.stringify(value, null, 2) : human());
}

const contactNames = (account: Account) => new Map(account.contacts.map((c) => [c.id, c.name]));

async function accounts(ctx: HistoryContext): Promise<Account[]> {
  return (await ctx.api.request<{ accounts: Account[] }>('GET', '/admin/accounts')).accounts;
}

async function scoresOf(ctx: HistoryContext, id: string): Promise<Score[]> {
  // Without dates: every meeting since the account began.
  const query = period(ctx) || '?from=1970-01-01';
  return (await ctx.api.request<{ scores: Score[] }>('GET', `/admin/accounts/${enc(id)}/scores${query}`)).scores;
}

async function alertsOf(ctx: HistoryContext, account: Account): Promise<(Alert & { accountName: string })[]> {
  const { alerts } = await ctx.api.request<{ alerts: Alert[] }>('GET', `/admin/accounts/${enc(account.id)}/alerts?limit=100`);
  return alerts.map((a) => ({ ...a, accountName: account.name }));
}

export const historyCommands: Record<string, (ctx: HistoryContext) => Promise<void>> = {
  'events list': async (ctx) => {
    const id = accountId(ctx);
    const { events } = await ctx.api.request<{ events: AccountEvent[] }>('GET', `/admin/accounts/${enc(id)}/events${period(ctx)}`);
    print(ctx, events, () =>
      table(
        ['WHEN', 'TYPE', 'DESCRIPTION', 'BY', 'ID'],
        events.map((e) => [e.at.slice(0, 16).replace('T', ' '), e.type + (e.resolves ? ` (of ${e.resolves})` : ''), e.description, e.by ?? '', e.id]),
      ),
    );
  },
  'alerts list': async (ctx) => {
    const id = ctx.args[0];
    const targets = id ? [await ctx.api.request<Account>('GET', `/admin/accounts/${enc(id)}`)] : await accounts(ctx);
    const alerts = (await Promise.all(targets.map((account) => alertsOf(ctx, account)))).flat().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    print(ctx, alerts, () =>
      table(
        ['CREATED', 'ACCOUNT', 'LEVEL', 'RUNG', 'SENT TO', 'ACKNOWLEDGED'],
        alerts.map((a) => [
          a.createdAt.slice(0, 16).replace('T', ' '),
          a.accountName,
          a.level,
          String(a.rung),
          a.recipients.join(', '),
          a.acknowledgedAt ? `${a.acknowledgedBy ?? 'someone'} at ${a.acknowledgedAt.slice(0, 16).replace('T', ' ')}` : 'no',
        ]),
      ),
    );
  },
  scores: async (ctx) => {
    const id = accountId(ctx);
    const [account, scores] = await Promise.all([ctx.api.request<Account>('GET', `/admin/accounts/${enc(id)}`), scoresOf(ctx, id)]);
    const names = contactNames(account);
    const confirmed = scores.filter((s) => !s.provisional);
    print(ctx, confirmed, () =>
      table(
        ['MEETING', 'CONTACT', 'SCORE', 'ANSWERED', 'COMMENT'],
        confirmed.map((s) => [s.meetingId.slice(0, 10), names.get(s.contactId) ?? s.contactId, `${s.score}/${s.scale}`, s.answeredAt.slice(0, 10), s.comment ?? '']),
      ),
    );
  },
  'export scores': async (ctx) => {
    const rows = [];
    for (const account of await accounts(ctx)) {
      const names = contactNames(account);
      for (const s of await scoresOf(ctx, account.id)) {
        if (s.provisional) continue;
        rows.push([account.id, account.name, s.meetingId, s.contactId, names.get(s.contactId), s.score, s.scale, s.answeredAt, s.comment]);
      }
    }
    process.stdout.write(csv(['account_id', 'account', 'meeting', 'contact_id', 'contact', 'score', 'scale', 'answered_at', 'comment'], rows));
  },
  'export commitments': async (ctx) => {
    const window = period(ctx);
    const rows = [];
    for (const account of await accounts(ctx)) {
      const { commitments } = await ctx.api.request<{ commitments: Commitment[] }>('GET', `/admin/commitments?accountId=${enc(account.id)}`);
      for (const c of commitments) {
        if (!inPeriod(c.createdAt, window)) continue;
        rows.push([account.id, account.name, c.id, c.status, c.owner.name, c.owner.email, c.createdAt, c.dueDate, c.doneAt, c.doneBy, c.request, c.whatWeDid]);
      }
    }
    process.stdout.write(
      csv(['account_id', 'account', 'id', 'status', 'owner', 'owner_email', 'created_at', 'due_date', 'done_at', 'done_by', 'request', 'what_we_did'], rows),
    );
  },
};

/** Whether a commitment made at `at` falls within `--from`/`--to` (a date as `--to` includes that day). */
function inPeriod(at: string, query: string): boolean {
  const params = new URLSearchParams(query);
  const from = params.get('from');
  const to = params.get('to');
  const day = at.slice(0, 10);
  return (!from || (from.length === 10 ? day >= from : at >= from)) && (!to || (to.length === 10 ? day <= to : at < to));
}
