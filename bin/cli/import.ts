// `pulse import accounts.csv`: one account per row. Column names are the account JSON's paths
// (`name`, `cadence.week`, `team.accountManager.email`, ...); `contacts` lists
// "Name <email> (Role)" entries and `services` names, both separated by semicolons.
//
// Import is idempotent: a row matches an existing account by `externalId` (the company's own account
// number) when it has one, else by its exact name. A matched row changes only the fields that differ
// (and adds the contacts the account lacks), so running the same file twice changes and sends nothing.
// Each bad row is reported by its line and field; the good rows are imported.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describeProblem, problemsOf } from '#domain/errors.ts';
import { AccountInput, type Account } from '#domain/model.ts';
import { CliError, type ApiClient } from './api-client.ts';

type Json = Record<string, unknown>;

export interface PlannedRow {
  line: number;
  name: string;
}

export interface ImportPlan {
  rows: number;
  create: (PlannedRow & { json: Json })[];
  update: (PlannedRow & { id: string; patch: Json; addContacts: Json[]; fields: string[] })[];
  unchanged: (PlannedRow & { id: string })[];
  errors: { line: number; message: string }[];
}

export interface ImportSummary {
  rows: number;
  dryRun: boolean;
  created: { line: number; id: string; name: string }[];
  updated: { line: number; id: string; name: string; fields: string[] }[];
  unchanged: { line: number; id: string; name: string }[];
  errors: { line: number; message: string }[];
}

const NUMERIC = new Set(['scale', 'monthlyValue', 'cadence.durationMinutes']);
/** `Name <email> (role) {salutation} *`: role, salutation (how to greet them) and the decision-maker star are optional. */
const CONTACT = /^\s*(?<name>[^<]+?)\s*<(?<email>[^>]+)>\s*(?:\((?<role>[^)]*)\))?\s*(?:\{(?<salutation>[^}]*)\})?\s*(?<dm>\*)?\s*$/;
/** Path segments that would reach an object's prototype instead of a field of the account. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

/** Rejects a file whose columns could write outside the account JSON (e.g. `__proto__.polluted`). */
export function checkColumns(columns: readonly string[]): void {
  for (const column of columns) {
    const segments = column.trim().split('.');
    if (segments.some((segment) => FORBIDDEN_SEGMENTS.has(segment) || segment === '')) {
      throw new CliError(`column "${column}" is not a field of the account JSON; nothing was imported`);
    }
  }
}

/** Turns one CSV record into the account JSON; fields it cannot read are left for validation to name. */
export function rowToAccountJson(record: Record<string, string>): Json {
  checkColumns(Object.keys(record));
  const account: Json = {};
  for (const [column, raw] of Object.entries(record)) {
    const value = raw.trim();
    if (value === '') continue;
    const key = column.trim();
    let parsed: unknown = value;
    if (NUMERIC.has(key)) parsed = Number(value);
    else if (key === 'cadence.week') parsed = value === 'last' ? 'last' : Number(value);
    else if (key === 'cadence.months') parsed = value.split(/[;, ]+/).filter(Boolean).map(Number);
    else if (key === 'services') parsed = value.split(';').map((s) => s.trim()).filter(Boolean);
    else if (key === 'contacts') parsed = value.split(';').filter((s) => s.trim()).map(parseContact);
    setPath(account, key.split('.'), parsed);
  }
  return account;
}

function parseContact(text: string): unknown {
  const match = CONTACT.exec(text);
  if (!match?.groups) return { name: text.trim(), email: '' };
  const { name = '', email = '', role, salutation, dm } = match.groups;
  return { name, email, ...(role ? { role } : {}), ...(salutation?.trim() ? { salutation: salutation.trim() } : {}), ...(dm ? { decisionMaker: true } : {}) };
}

function setPath(target: Json, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const existing = Object.hasOwn(target, head) ? target[head] : undefined;
  const child: Json = existing !== null && typeof existing === 'object' ? (existing as Json) : {};
  target[head] = child;
  setPath(child, rest, value);
}

/** JSON with keys in a fixed order, so that equal values compare equal whatever order they came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Json).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** What a row changes in the account it matched: the fields it names that differ, and new contacts. */
function changesOf(input: AccountInput, named: Json, account: Account): { patch: Json; addContacts: Json[] } {
  const patch: Json = {};
  for (const field of Object.keys(named)) {
    if (field === 'contacts') continue;
    const wanted = input[field as keyof AccountInput];
    if (canonical(wanted) !== canonical(account[field as keyof Account])) patch[field] = wanted;
  }
  const known = new Set(account.contacts.map((contact) => contact.email));
  const addContacts = named.contacts === undefined ? [] : input.contacts.filter((contact) => !known.has(contact.email));
  return { patch, addContacts };
}

/**
 * Decides, without writing anything, what each row does: create an account, update the one it
 * matches (by externalId, else exact name), leave it as it is, or fail with a reason by field.
 */
export function planImport(records: { line: number; record: Record<string, string> }[], existing: Account[]): ImportPlan {
  const byExternalId = new Map(existing.filter((a) => a.externalId).map((a) => [a.externalId as string, a]));
  const byName = new Map(existing.map((a) => [a.name, a]));
  const plan: ImportPlan = { rows: records.length, create: [], update: [], unchanged: [], errors: [] };
  const seen = new Map<string, number>();
  for (const { line, record } of records) {
    const json = rowToAccountJson(record);
    const checked = AccountInput.safeParse(json);
    if (!checked.success) {
      plan.errors.push({ line, message: problemsOf(checked.error, json).map(describeProblem).join('; ') });
      continue;
    }
    const input = checked.data;
    const key = input.externalId ? `externalId ${input.externalId}` : `name "${input.name}"`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      plan.errors.push({ line, message: `the ${key} is already on line ${earlier}; each account once per file` });
      continue;
    }
    seen.set(key, line);
    const match = input.externalId ? (byExternalId.get(input.externalId) ?? byName.get(input.name)) : byName.get(input.name);
    if (!match || (input.externalId && match.externalId && match.externalId !== input.externalId)) {
      plan.create.push({ line, name: input.name, json });
      continue;
    }
    const { patch, addContacts } = changesOf(input, json, match);
    const fields = [...Object.keys(patch), ...(addContacts.length > 0 ? ['contacts'] : [])];
    if (fields.length === 0) plan.unchanged.push({ line, name: input.name, id: match.id });
    else plan.update.push({ line, name: input.name, id: match.id, patch, addContacts, fields });
  }
  return plan;
}

export function readRecords(file: string): { line: number; record: Record<string, string> }[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`cannot read ${file}`);
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, info: true, bom: true, trim: false }) as typeof records;
  } catch (error) {
    throw new CliError(`${file} is not a readable CSV file: ${(error as Error).message}`);
  }
  const first = records[0];
  if (first) checkColumns(Object.keys(first.record));
  return records.map(({ record, info }) => ({ line: info.lines, record }));
}

export async function importAccounts(
  api: ApiClient,
  file: string,
  options: { progress: boolean; dryRun: boolean },
): Promise<ImportSummary> {
  const records = readRecords(file);
  const { accounts } = await api.request<{ accounts: Account[] }>('GET', '/admin/accounts');
  const plan = planImport(records, accounts);
  const summary: ImportSummary = {
    rows: plan.rows,
    dryRun: options.dryRun,
    created: [],
    updated: [],
    unchanged: plan.unchanged.map(({ line, id, name }) => ({ line, id, name })),
    errors: [...plan.errors],
  };
  if (options.dryRun) {
    summary.created = plan.create.map(({ line, name }) => ({ line, id: '', name }));
    summary.updated = plan.update.map(({ line, id, name, fields }) => ({ line, id, name, fields }));
    return summary;
  }
  const steps = plan.create.length + plan.update.length;
  let done = 0;
  const tick = () => options.progress && progressBar(++done, steps);
  for (const row of plan.create) {
    await attempt(summary, row.line, async () => {
      const account = await api.request<Account>('POST', '/admin/accounts', row.json);
      summary.created.push({ line: row.line, id: account.id, name: account.name });
    });
    tick();
  }
  for (const row of plan.update) {
    await attempt(summary, row.line, async () => {
      const path = `/admin/accounts/${encodeURIComponent(row.id)}`;
      if (Object.keys(row.patch).length > 0) await api.request<Account>('PATCH', path, row.patch);
      for (const contact of row.addContacts) await api.request<Account>('POST', `${path}/contacts`, contact);
      summary.updated.push({ line: row.line, id: row.id, name: row.name, fields: row.fields });
    });
    tick();
  }
  summary.errors.sort((a, b) => a.line - b.line);
  return summary;
}

async function attempt(summary: ImportSummary, line: number, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    summary.errors.push({ line, message: error.message.replace(/\n/g, '; ') });
  }
}

function progressBar(done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stderr.write('\n');
}
