// Account use cases: each validates, applies the domain rules, then writes the store and keeps the
// account's schedule in step. The admin API (and the CLI through it) calls these.
import { addContact, applyChange, newAccount, removeContact, slugify } from '#domain/accounts.ts';
import { cadenceToSchedule } from '#domain/cadence.ts';
import { InvalidInput, NotFound, parseInput } from '#domain/errors.ts';
import { unresolvedComplaints } from '#domain/insights.ts';
import type { Score } from '#domain/model.ts';
import {
  type Account,
  AccountEventInput,
  AccountInput,
  AccountPatch,
  type AccountEvent,
  ContactStatusChange,
  ContactInput,
  type Meeting,
  MeetingUpdate,
  RISK_LEVELS,
  type RiskLevel,
} from '#domain/model.ts';
import type { SeriesChange } from './invitations.ts';
import type { Clock, Ids, Schedules, Uses } from './ports.ts';

export type AccountPorts = Clock &
  Ids &
  Schedules<'putAccountSchedule' | 'deleteAccountSchedule' | 'deleteFollowupsOf'> &
  Uses<{
    accounts: 'create' | 'get' | 'require' | 'save' | 'list' | 'delete';
    events: 'add' | 'since';
    meetings: 'get' | 'save' | 'recent';
    signals: 'record';
  }> & {
    /** Told after every change that alters the meeting series (for the calendar invitation). */
    onSeriesChange?: SeriesChange;
  };

export class AccountUseCases {
  constructor(private readonly deps: AccountPorts) {}

  async create(body: unknown): Promise<Account> {
    const input = parseInput(AccountInput, body);
    const account = newAccount(input, {
      id: `${slugify(input.name)}-${this.deps.idSuffix()}`,
      now: this.deps.now(),
      newId: () => this.deps.newId(),
    });
    await this.deps.accounts.create(account);
    try {
      await this.syncSchedule(account);
    } catch (error) {
      // Without its schedule the account would never meet: take it back rather than keep half of it.
      await this.deps.accounts.delete(account.id);
      throw error;
    }
    await this.deps.onSeriesChange?.(undefined, account);
    return account;
  }

  async list(level?: string): Promise<Account[]> {
    if (level === undefined) return this.deps.accounts.list();
    if (!RISK_LEVELS.includes(level as RiskLevel)) {
      throw new NotFound(`no risk level "${level}"; use one of ${RISK_LEVELS.join(', ')}`);
    }
    return this.deps.accounts.list([level as RiskLevel]);
  }

  get(id: string): Promise<Account> {
    return this.deps.accounts.require(id);
  }

  async update(id: string, body: unknown): Promise<Account> {
    const patch = parseInput(AccountPatch, body);
    return this.change(id, (account, now) => applyChange(account, patch, now));
  }

  async remove(id: string): Promise<void> {
    const account = await this.deps.accounts.require(id);
    await this.deps.scheduler.deleteAccountSchedule(id);
    await this.deps.scheduler.deleteFollowupsOf(id);
    await this.deps.onSeriesChange?.(account, undefined);
    await this.deps.accounts.delete(id);
  }

  async addContact(id: string, body: unknown): Promise<Account> {
    const input = parseInput(ContactInput, body);
    return this.change(id, (account, now) => addContact(account, input, this.deps.newId(), now));
  }

  async removeContact(id: string, contact: string): Promise<Account> {
    return this.change(id, (account, now) => removeContact(account, contact, now));
  }

  /** An operator's undo of an unsubscribe, a bounce or a complaint. */
  async reactivateContact(id: string, contact: string, body: unknown): Promise<Account> {
    parseInput(ContactStatusChange, body);
    const key = contact.toLowerCase();
    return this.change(id, (account, now) => {
      const found = account.contacts.find((c) => c.id === contact || c.email === key);
      if (!found) throw new NotFound(`${account.name} has no contact "${contact}"`);
      const contacts = account.contacts.map((c) =>
        c === found ? { ...c, status: 'active' as const, statusChangedAt: now.toISOString() } : c,
      );
      return applyChange(account, { contacts }, now);
    });
  }

  async addEvent(id: string, body: unknown): Promise<AccountEvent> {
    const input = parseInput(AccountEventInput, body);
    await this.deps.accounts.require(id);
    await this.checkResolves(id, input);
    const event: AccountEvent = {
      id: this.deps.newId(),
      accountId: id,
      type: input.type,
      description: input.description,
      at: input.at ?? this.deps.now().toISOString(),
      ...(input.resolves ? { resolves: input.resolves } : {}),
    };
    await this.deps.events.add(event);
    return event;
  }

  /** A complaint-resolved event closes one open complaint of the same account, named by its id. */
  private async checkResolves(id: string, input: { type: string; resolves?: string | undefined }): Promise<void> {
    if (input.resolves === undefined) return;
    if (input.type !== 'complaint-resolved') {
      throw new InvalidInput([{ field: 'resolves', message: 'is only for a complaint-resolved event' }]);
    }
    const open = unresolvedComplaints(await this.deps.events.since(id, '1970-01-01T00:00:00.000Z'));
    if (!open.some((complaint) => complaint.id === input.resolves)) {
      throw new InvalidInput([
        {
          field: 'resolves',
          message: `"${input.resolves}" is not an open complaint of ${id}${open.length > 0 ? ` (open: ${open.map((c) => c.id).join(', ')})` : ' (it has none open)'}`,
        },
      ]);
    }
  }

  async markMeeting(id: string, meetingId: string, body: unknown): Promise<Meeting> {
    const update = parseInput(MeetingUpdate, body);
    await this.deps.accounts.require(id);
    const meeting = await this.deps.meetings.get(id, meetingId);
    if (!meeting) throw new NotFound(`account ${id} has no meeting at ${meetingId}`);
    const next: Meeting = {
      ...meeting,
      status: update.status,
      recordedAt: this.deps.now().toISOString(),
      ...(update.note ? { note: update.note } : {}),
    };
    await this.deps.meetings.save(next);
    if (next.status === 'skipped') await recordSkippedInARow(this.deps, id, meetingId);
    return next;
  }

  /** Brings the account's recurring schedule in line with the account. */
  async syncSchedule(account: Account): Promise<void> {
    const { expression, timezone } = cadenceToSchedule(account.cadence, account.timezone);
    await this.deps.scheduler.putAccountSchedule({
      accountId: account.id,
      expression,
      timezone,
      enabled: account.status === 'active',
    });
  }

  private async change(id: string, apply: (account: Account, now: Date) => Account): Promise<Account> {
    const before = await this.deps.accounts.require(id);
    const saved = await this.deps.accounts.save(apply(before, this.deps.now()));
    if (saved.sequence === before.sequence) return saved;
    try {
      await this.syncSchedule(saved);
    } catch (error) {
      // The schedule still follows the old account: put the old account back so the two agree.
      await this.deps.accounts.save({ ...before, version: saved.version });
      throw error;
    }
    await this.deps.onSeriesChange?.(before, saved);
    return saved;
  }
}

/** An account's latest scores (NotFound for no account). */
export async function recentScores(ports: Uses<{ accounts: 'require'; scores: 'recent' }>, id: string, limit: number): Promise<Score[]> {
  await ports.accounts.require(id);
  return ports.scores.recent(id, limit);
}

/** An account's latest meetings (NotFound for no account). */
export async function recentMeetings(ports: Uses<{ accounts: 'require'; meetings: 'recent' }>, id: string, limit: number): Promise<Meeting[]> {
  await ports.accounts.require(id);
  return ports.meetings.recent(id, limit);
}

/** Two meetings skipped in a row is a risk signal of its own (a cadence that is slipping). */
export async function recordSkippedInARow(
  ports: Clock & Uses<{ meetings: 'recent'; signals: 'record' }>,
  accountId: string,
  meetingId: string,
): Promise<void> {
  const meetings = (await ports.meetings.recent(accountId, 12)).filter((m) => m.scheduledTime <= meetingId);
  const [latest, previous] = meetings;
  if (latest?.status !== 'skipped' || previous?.status !== 'skipped') return;
  await ports.signals.record({
    id: `skipped-meetings-${meetingId}`,
    accountId,
    kind: 'skipped-meetings',
    at: ports.now().toISOString(),
    detail: `two meetings skipped in a row (${previous.scheduledTime.slice(0, 10)} and ${latest.scheduledTime.slice(0, 10)})`,
  });
}
