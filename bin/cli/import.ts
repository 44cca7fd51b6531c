// `pulse import accounts.csv`: one account per row. Column names are the account JSON's paths
// (`name`, `cadence.week`, `team.accountManager.email`, ...); `contacts` lists
// "Name <email> (Role)" entries and `services` names, both separated by semicolons. Each bad row is
// reported by its line and field; the good rows are imported.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describeProblem, problemsOf } from '#domain/errors.ts';
import { AccountInput, type Account } from '#domain/model.ts';
import { CliError, type ApiClient } from './api-client.ts';

export interface ImportSummary {
  rows: number;
  created: { line: number; id: string; name: string }[];
  errors: { line: number; message: string }[];
}

const NUMERIC = new Set(['scale', 'monthlyValue', 'cadence.durationMinutes']);
const CONTACT = /^\s*(?<name>[^<]+?)\s*<(?<email>[^>]+)>\s*(?:\((?<role>[^)]*)\))?\s*(?<dm>\*)?\s*$/;

/** Turns one CSV record into the account JSON; fields it cannot read are left for validation to name. */
export function rowToAccountJson(record: Record<string, string>): Record<string, unknown> {
  const account: Record<string, unknown> = {};
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
  const { name = '', email = '', role, dm } = match.groups;
  return { name, email, ...(role ? { role } : {}), ...(dm ? { decisionMaker: true } : {}) };
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = (target[head] ??= {}) as Record<string, unknown>;
  setPath(child, rest, value);
}

export async function importAccounts(api: ApiClient, file: string, options: { progress: boolean }): Promise<ImportSummary> {
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
  const summary: ImportSummary = { rows: records.length, created: [], errors: [] };
  for (const [index, { record, info }] of records.entries()) {
    const line = info.lines;
    const json = rowToAccountJson(record);
    const checked = AccountInput.safeParse(json);
    if (!checked.success) {
      summary.errors.push({ line, message: problemsOf(checked.error, json).map(describeProblem).join('; ') });
    } else {
      try {
        const account = await api.request<Account>('POST', '/admin/accounts', json);
        summary.created.push({ line, id: account.id, name: account.name });
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        summary.errors.push({ line, message: error.message.replace(/\n/g, '; ') });
      }
    }
    if (options.progress) progressBar(index + 1, records.length);
  }
  return summary;
}

function progressBar(done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stderr.write('\n');
}
