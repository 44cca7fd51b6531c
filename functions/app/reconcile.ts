// Finds and repairs drift between accounts and their recurring schedules: a missing schedule, an
// orphaned one (its account is gone), a stale expression, timezone or state.
import { cadenceToSchedule } from '#domain/cadence.ts';
import type { Schedules, Uses } from './ports.ts';

export interface Drift {
  schedule: string;
  accountId?: string;
  action: 'create' | 'update' | 'delete';
  reason: string;
}

export type ReconcilePorts = Uses<{ accounts: 'list' }> &
  Schedules<'listAccountScheduleNames' | 'accountScheduleName' | 'getAccountSchedule' | 'putAccountSchedule' | 'deleteByName'>;

export async function reconcileSchedules(
  deps: ReconcilePorts,
  options: { dryRun: boolean },
): Promise<Drift[]> {
  const [accounts, names] = await Promise.all([deps.accounts.list(), deps.scheduler.listAccountScheduleNames()]);
  const changes: Drift[] = [];
  const expectedNames = new Set<string>();

  for (const account of accounts) {
    const name = deps.scheduler.accountScheduleName(account.id);
    expectedNames.add(name);
    const want = { ...cadenceToSchedule(account.cadence, account.timezone), enabled: account.status === 'active' };
    const have = names.includes(name) ? await deps.scheduler.getAccountSchedule(account.id) : undefined;
    let drift: Drift | undefined;
    if (!have) {
      drift = { schedule: name, accountId: account.id, action: 'create', reason: 'the account has no schedule' };
    } else {
      const differences = [
        have.expression !== want.expression ? `expression ${have.expression} should be ${want.expression}` : '',
        have.timezone !== want.timezone ? `timezone ${have.timezone} should be ${want.timezone}` : '',
        have.enabled !== want.enabled ? `it is ${have.enabled ? 'enabled' : 'disabled'} but the account is ${account.status}` : '',
      ].filter(Boolean);
      if (differences.length > 0) {
        drift = { schedule: name, accountId: account.id, action: 'update', reason: differences.join('; ') };
      }
    }
    if (!drift) continue;
    changes.push(drift);
    if (!options.dryRun) await deps.scheduler.putAccountSchedule({ accountId: account.id, ...want });
  }

  for (const name of names.filter((n) => !expectedNames.has(n))) {
    changes.push({ schedule: name, action: 'delete', reason: 'no account owns it' });
    if (!options.dryRun) await deps.scheduler.deleteByName(name);
  }
  return changes;
}
