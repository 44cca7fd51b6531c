// Keeps the emulator's state in one JSON file between runs of the local cloud.
import { readJsonObject, writeFileAtomically } from '../files.ts';
import { parseScheduleExpression } from './expressions.ts';
import type { DeadLetter, GroupRecord, ScheduleRecord } from './model.ts';

const FORMAT = 'partner-pulse/scheduler-emulator@1';

export interface SchedulerSnapshot {
  groups: GroupRecord[];
  schedules: ScheduleRecord[];
  deadLetters: DeadLetter[];
}

interface SnapshotFile extends SchedulerSnapshot {
  format: typeof FORMAT;
}

export function saveSnapshot(file: string, snapshot: SchedulerSnapshot): void {
  const body: SnapshotFile = { format: FORMAT, ...snapshot };
  writeFileAtomically(file, `${JSON.stringify(body, null, 2)}\n`);
}

/** The stored state, or undefined when there is no file yet. */
export function loadSnapshot(file: string): SchedulerSnapshot | undefined {
  const corrupt = (why: string): Error =>
    new Error(
      `The scheduler data file ${file} is corrupt (${why}). Delete it, or start the local cloud with --reset, ` +
        'to begin again with no schedules.',
    );
  const parsed = readJsonObject(file, corrupt);
  if (parsed === undefined) return undefined;
  const body = parsed as Partial<SnapshotFile>;
  if (body.format !== FORMAT) throw corrupt(`expected "format": "${FORMAT}"`);
  if (!Array.isArray(body.groups) || !Array.isArray(body.schedules) || !Array.isArray(body.deadLetters)) {
    throw corrupt('expected "groups", "schedules" and "deadLetters" lists');
  }
  body.groups.forEach((group: Partial<GroupRecord>, index) => {
    if (typeof group.name !== 'string' || typeof group.arn !== 'string' || typeof group.createdAt !== 'number' || !Array.isArray(group.tags)) {
      throw corrupt(`groups[${index}] is not a schedule group`);
    }
  });
  body.schedules.forEach((record: Partial<ScheduleRecord>, index) => {
    const where = `schedules[${index}]`;
    if (
      typeof record.name !== 'string' ||
      typeof record.group !== 'string' ||
      typeof record.expression !== 'string' ||
      typeof record.cursor !== 'number' ||
      typeof record.createdAt !== 'number' ||
      typeof record.target?.Arn !== 'string'
    ) {
      throw corrupt(`${where} is not a schedule`);
    }
    try {
      parseScheduleExpression(record.expression);
    } catch (error) {
      throw corrupt(`${where}: ${(error as Error).message}`);
    }
  });
  return { groups: body.groups, schedules: body.schedules, deadLetters: body.deadLetters };
}
