// EventBridge Scheduler: one recurring schedule per account (each occurrence is a meeting) and
// one-time schedules for what follows a meeting. Schedule names are derived from what they are for,
// so creating the same one twice is a no-op and a redelivered occurrence schedules nothing twice.
import type { Followup, FollowupKind, RecurringSchedule, ScheduleStore } from '#app/ports.ts';
import { createHash } from 'node:crypto';
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { SCHEDULE_RETRY_POLICY } from '#contract/scheduler.ts';
import { atOrSoon } from '#domain/time.ts';
import { clock } from './clock.ts';

export interface SchedulerSettings {
  group: string;
  roleArn: string;
  occurrenceTargetArn: string;
  followupTargetArn: string;
  deadLetterArn?: string;
}

export interface ScheduleSummary {
  name: string;
  expression: string;
  timezone: string;
  enabled: boolean;
}

export type { Followup, FollowupKind, RecurringSchedule } from '#app/ports.ts';

const NAME_LIMIT = 64;

export function accountScheduleName(accountId: string): string {
  return boundedName('account', accountId);
}

const FOLLOWUP_KINDS: readonly FollowupKind[] = ['agenda', 'survey', 'reminder', 'escalation', 'unrecorded', 'risk-check'];

export function followupScheduleName(kind: FollowupKind, accountId: string, meetingId: string, step?: number): string {
  const stamp = meetingId.replace(/[^0-9T]/g, '').slice(0, 13);
  return boundedName(kind, `${accountId}-${stamp}${step === undefined ? '' : `-${step}`}`);
}

/** Scheduler names allow 64 characters of [0-9a-zA-Z-_.]; long ids keep a readable head and a hash. */
function boundedName(prefix: string, key: string): string {
  const safe = `${prefix}-${key}`.replace(/[^0-9a-zA-Z-_.]/g, '-');
  if (safe.length <= NAME_LIMIT) return safe;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return `${safe.slice(0, NAME_LIMIT - hash.length - 1)}-${hash}`;
}

export class Scheduler implements ScheduleStore {
  constructor(
    private readonly client: SchedulerClient,
    private readonly settings: SchedulerSettings,
  ) {}

  /** Creates or replaces the account's recurring schedule so that it matches `schedule`. */
  async putAccountSchedule(schedule: RecurringSchedule): Promise<void> {
    const input = this.recurringInput(schedule);
    try {
      await this.client.send(new UpdateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      try {
        await this.client.send(new CreateScheduleCommand(input));
      } catch (raced) {
        // A concurrent writer created it first: ours must still win, as the latest intent.
        if (!(raced instanceof ConflictException)) throw raced;
        await this.client.send(new UpdateScheduleCommand(input));
      }
    }
  }

  async getAccountSchedule(accountId: string): Promise<ScheduleSummary | undefined> {
    try {
      const found = await this.client.send(
        new GetScheduleCommand({ Name: accountScheduleName(accountId), GroupName: this.settings.group }),
      );
      return {
        name: found.Name ?? accountScheduleName(accountId),
        expression: found.ScheduleExpression ?? '',
        timezone: found.ScheduleExpressionTimezone ?? 'UTC',
        enabled: found.State !== 'DISABLED',
      };
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  /** The name of an account's recurring schedule (reconciliation compares names). */
  accountScheduleName(accountId: string): string {
    return accountScheduleName(accountId);
  }

  async deleteAccountSchedule(accountId: string): Promise<void> {
    await this.deleteByName(accountScheduleName(accountId));
  }

  async deleteByName(name: string): Promise<void> {
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.settings.group }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }

  /** Names of the recurring account schedules in the group (for reconciliation). */
  listAccountScheduleNames(): Promise<string[]> {
    return this.namesStartingWith('account-');
  }

  /** Deletes the account's pending follow-ups (agendas, surveys, reminders not yet run). */
  async deleteFollowupsOf(accountId: string): Promise<number> {
    const names = (
      await Promise.all(FOLLOWUP_KINDS.map((kind) => this.namesStartingWith(`${kind}-${accountId}-`)))
    ).flat();
    for (const name of names) await this.deleteByName(name);
    return names.length;
  }

  private async namesStartingWith(prefix: string): Promise<string[]> {
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListSchedulesCommand({ GroupName: this.settings.group, NamePrefix: prefix, NextToken }),
      );
      names.push(...(page.Schedules ?? []).flatMap((s) => (s.Name ? [s.Name] : [])));
      NextToken = page.NextToken;
    } while (NextToken);
    return names;
  }

  /** Schedules a one-time follow-up; false when it was already scheduled. */
  async scheduleFollowup(followup: Followup): Promise<boolean> {
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: followupScheduleName(followup.kind, followup.accountId, followup.meetingId, followup.step),
          GroupName: this.settings.group,
          ScheduleExpression: atOrSoon(followup.at, clock.now()),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: this.target(this.settings.followupTargetArn, {
            kind: followup.kind,
            accountId: followup.accountId,
            meetingId: followup.meetingId,
            ...(followup.step === undefined ? {} : { step: String(followup.step) }),
            ...(followup.ref === undefined ? {} : { ref: followup.ref }),
          }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConflictException) return false;
      throw error;
    }
  }

  private recurringInput(schedule: RecurringSchedule): CreateScheduleCommandInput {
    return {
      Name: accountScheduleName(schedule.accountId),
      GroupName: this.settings.group,
      ScheduleExpression: schedule.expression,
      ScheduleExpressionTimezone: schedule.timezone,
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: schedule.enabled ? 'ENABLED' : 'DISABLED',
      Description: `Partnership meetings of account ${schedule.accountId}`,
      Target: this.target(this.settings.occurrenceTargetArn, {
        accountId: schedule.accountId,
        scheduledTime: '<aws.scheduler.scheduled-time>',
      }),
    };
  }

  private target(arn: string, input: Record<string, string>) {
    return {
      Arn: arn,
      RoleArn: this.settings.roleArn,
      Input: JSON.stringify(input),
      RetryPolicy: { ...SCHEDULE_RETRY_POLICY },
      ...(this.settings.deadLetterArn ? { DeadLetterConfig: { Arn: this.settings.deadLetterArn } } : {}),
    };
  }
}
