// The EventBridge Scheduler operations over in-memory state, in the API's own shapes (SDK types),
// so the HTTP layer only translates the wire format and programmatic callers get the same checks.
import type {
  CreateScheduleGroupInput,
  CreateScheduleGroupOutput,
  CreateScheduleInput,
  CreateScheduleOutput,
  DeleteScheduleGroupInput,
  DeleteScheduleInput,
  GetScheduleGroupInput,
  GetScheduleGroupOutput,
  GetScheduleInput,
  GetScheduleOutput,
  ListScheduleGroupsInput,
  ListScheduleGroupsOutput,
  ListSchedulesInput,
  ListSchedulesOutput,
  ListTagsForResourceOutput,
  ScheduleGroupSummary,
  ScheduleSummary,
  UpdateScheduleInput,
  UpdateScheduleOutput,
} from '@aws-sdk/client-scheduler';
import { conflict, notFound, validation } from './errors.ts';
import type { GroupRecord, ScheduleDefinition, ScheduleRecord, Tag } from './model.ts';
import {
  checkName,
  type Fields,
  readPageRequest,
  readScheduleDefinition,
  readTags,
  type PageRequest,
} from './validation.ts';

export const DEFAULT_GROUP = 'default';

export interface SchedulerServiceOptions {
  accountId: string;
  region: string;
  /** ms since epoch, from the virtual clock */
  now: () => number;
  /** Called after every change, so the emulator can persist. */
  onChange: () => void;
}

export interface ServiceState {
  groups: GroupRecord[];
  schedules: ScheduleRecord[];
}

const keyOf = (group: string, name: string): string => `${group}/${name}`;
const asFields = (input: object): Fields => input as Fields;
const floorToMinute = (ms: number): number => Math.floor(ms / 60_000) * 60_000;

export class SchedulerService {
  private readonly groups = new Map<string, GroupRecord>();
  private readonly records = new Map<string, ScheduleRecord>();

  constructor(private readonly options: SchedulerServiceOptions) {
    this.ensureDefaultGroup();
  }

  // ---- schedules --------------------------------------------------------------------------

  createSchedule(input: CreateScheduleInput): CreateScheduleOutput {
    const fields = asFields(input);
    const name = checkName(fields.Name, 'Name');
    const group = this.existingGroup(fields.GroupName).name;
    const clientToken = typeof fields.ClientToken === 'string' ? fields.ClientToken : undefined;
    const existing = this.records.get(keyOf(group, name));
    if (existing !== undefined) {
      // The SDK retries a timed-out call with the same token; that is not a second schedule.
      if (clientToken !== undefined && existing.clientToken === clientToken) return { ScheduleArn: existing.arn };
      throw conflict(`Schedule ${name} already exists in schedule group ${group}.`);
    }
    const now = this.options.now();
    const definition = readScheduleDefinition(fields, now);
    const record: ScheduleRecord = {
      ...definition,
      name,
      group,
      arn: this.scheduleArn(group, name),
      createdAt: now,
      modifiedAt: now,
      // AWS invokes with one-minute precision, so a time earlier in the current minute is still due.
      cursor: floorToMinute(now),
      firedCount: 0,
    };
    if (clientToken !== undefined) record.clientToken = clientToken;
    this.records.set(keyOf(group, name), record);
    this.options.onChange();
    return { ScheduleArn: record.arn };
  }

  getSchedule(input: GetScheduleInput): GetScheduleOutput {
    return describeSchedule(this.existingSchedule(asFields(input)));
  }

  /** A full replacement, as in AWS: fields left out go back to their defaults. */
  updateSchedule(input: UpdateScheduleInput): UpdateScheduleOutput {
    const fields = asFields(input);
    const current = this.existingSchedule(fields);
    const now = this.options.now();
    const definition: ScheduleDefinition = readScheduleDefinition(fields, now);
    // A new object, not an edit: the emulator caches per record and notices the replacement.
    const record: ScheduleRecord = {
      ...definition,
      name: current.name,
      group: current.group,
      arn: current.arn,
      createdAt: current.createdAt,
      modifiedAt: now,
      cursor: Math.max(current.cursor, floorToMinute(now)),
      firedCount: 0,
    };
    if (current.clientToken !== undefined) record.clientToken = current.clientToken;
    this.records.set(keyOf(record.group, record.name), record);
    this.options.onChange();
    return { ScheduleArn: record.arn };
  }

  deleteSchedule(input: DeleteScheduleInput): Record<string, never> {
    const record = this.existingSchedule(asFields(input));
    this.records.delete(keyOf(record.group, record.name));
    this.options.onChange();
    return {};
  }

  listSchedules(input: ListSchedulesInput): ListSchedulesOutput {
    const fields = asFields(input);
    const page = readPageRequest(fields);
    const groupFilter = fields.GroupName === undefined || fields.GroupName === null ? undefined : checkName(fields.GroupName, 'GroupName');
    const state = fields.State;
    if (state !== undefined && state !== null && state !== 'ENABLED' && state !== 'DISABLED') {
      throw validation(`State must be ENABLED or DISABLED, got ${JSON.stringify(state)}.`);
    }
    const matching = this.all().filter(
      (record) =>
        (groupFilter === undefined || record.group === groupFilter) &&
        (page.namePrefix === undefined || record.name.startsWith(page.namePrefix)) &&
        (state === undefined || state === null || record.state === state),
    );
    const { items, nextToken } = paginate(matching, (record) => keyOf(record.group, record.name), page);
    const output: ListSchedulesOutput = { Schedules: items.map(summarizeSchedule) };
    if (nextToken !== undefined) output.NextToken = nextToken;
    return output;
  }

  // ---- groups -----------------------------------------------------------------------------

  createScheduleGroup(input: CreateScheduleGroupInput): CreateScheduleGroupOutput {
    const fields = asFields(input);
    const name = checkName(fields.Name, 'schedule group Name');
    if (this.groups.has(name)) throw conflict(`Schedule group ${name} already exists.`);
    const tags = readTags(fields.Tags);
    const now = this.options.now();
    const group: GroupRecord = { name, arn: this.groupArn(name), createdAt: now, modifiedAt: now, tags };
    this.groups.set(name, group);
    this.options.onChange();
    return { ScheduleGroupArn: group.arn };
  }

  getScheduleGroup(input: GetScheduleGroupInput): GetScheduleGroupOutput {
    return summarizeGroup(this.existingGroup(checkName(asFields(input).Name, 'schedule group Name')));
  }

  /** Deletes the group and every schedule in it (AWS does this in the background). */
  deleteScheduleGroup(input: DeleteScheduleGroupInput): Record<string, never> {
    const name = checkName(asFields(input).Name, 'schedule group Name');
    if (name === DEFAULT_GROUP) throw validation('The default schedule group cannot be deleted.');
    this.existingGroup(name);
    this.groups.delete(name);
    for (const record of this.all()) {
      if (record.group === name) this.records.delete(keyOf(record.group, record.name));
    }
    this.options.onChange();
    return {};
  }

  listScheduleGroups(input: ListScheduleGroupsInput): ListScheduleGroupsOutput {
    const page = readPageRequest(asFields(input));
    const groups = [...this.groups.values()]
      .filter((group) => page.namePrefix === undefined || group.name.startsWith(page.namePrefix))
      .sort((a, b) => compare(a.name, b.name));
    const { items, nextToken } = paginate(groups, (group) => group.name, page);
    const output: ListScheduleGroupsOutput = { ScheduleGroups: items.map(summarizeGroup) };
    if (nextToken !== undefined) output.NextToken = nextToken;
    return output;
  }

  // ---- tags (schedule groups are the only taggable resource) --------------------------------

  listTagsForResource(resourceArn: string): ListTagsForResourceOutput {
    return { Tags: this.groupByArn(resourceArn).tags.map((tag) => ({ ...tag })) };
  }

  tagResource(resourceArn: string, tags: unknown): Record<string, never> {
    const group = this.groupByArn(resourceArn);
    const added = readTags(tags);
    group.tags = [...group.tags.filter((tag) => !added.some((next) => next.Key === tag.Key)), ...added];
    this.options.onChange();
    return {};
  }

  untagResource(resourceArn: string, keys: string[]): Record<string, never> {
    const group = this.groupByArn(resourceArn);
    group.tags = group.tags.filter((tag: Tag) => !keys.includes(tag.Key));
    this.options.onChange();
    return {};
  }

  // ---- for the emulator -------------------------------------------------------------------

  /** Every schedule, ordered by group then name. */
  all(): ScheduleRecord[] {
    return [...this.records.values()].sort((a, b) => compare(keyOf(a.group, a.name), keyOf(b.group, b.name)));
  }

  /** Every schedule, unordered: the cheap walk the firing loop needs. */
  unordered(): IterableIterator<ScheduleRecord> {
    return this.records.values();
  }

  /** The record now stored under this schedule's group and name, if any. */
  current(record: ScheduleRecord): ScheduleRecord | undefined {
    return this.records.get(keyOf(record.group, record.name));
  }

  /** Removes exactly this record (not a newer one that replaced it). */
  remove(record: ScheduleRecord): void {
    if (this.current(record) !== record) return;
    this.records.delete(keyOf(record.group, record.name));
    this.options.onChange();
  }

  state(): ServiceState {
    return { groups: [...this.groups.values()], schedules: this.all() };
  }

  restore(state: ServiceState): void {
    this.groups.clear();
    this.records.clear();
    for (const group of state.groups) this.groups.set(group.name, group);
    for (const record of state.schedules) this.records.set(keyOf(record.group, record.name), record);
    this.ensureDefaultGroup();
  }

  // ---- helpers ----------------------------------------------------------------------------

  private ensureDefaultGroup(): void {
    if (this.groups.has(DEFAULT_GROUP)) return;
    const now = this.options.now();
    this.groups.set(DEFAULT_GROUP, { name: DEFAULT_GROUP, arn: this.groupArn(DEFAULT_GROUP), createdAt: now, modifiedAt: now, tags: [] });
  }

  private existingGroup(name: unknown): GroupRecord {
    const groupName = name === undefined || name === null ? DEFAULT_GROUP : checkName(name, 'GroupName');
    const group = this.groups.get(groupName);
    if (group === undefined) throw notFound(`Schedule group ${groupName} does not exist.`);
    return group;
  }

  private existingSchedule(fields: Fields): ScheduleRecord {
    const name = checkName(fields.Name, 'Name');
    const group = this.existingGroup(fields.GroupName).name;
    const record = this.records.get(keyOf(group, name));
    if (record === undefined) throw notFound(`Schedule ${name} does not exist in schedule group ${group}.`);
    return record;
  }

  private groupByArn(resourceArn: string): GroupRecord {
    const prefix = this.groupArn('');
    const group = resourceArn.startsWith(prefix) ? this.groups.get(resourceArn.slice(prefix.length)) : undefined;
    if (group === undefined) throw notFound(`Resource ${resourceArn} does not exist: only schedule groups carry tags.`);
    return group;
  }

  private scheduleArn(group: string, name: string): string {
    return `arn:aws:scheduler:${this.options.region}:${this.options.accountId}:schedule/${group}/${name}`;
  }

  private groupArn(name: string): string {
    return `arn:aws:scheduler:${this.options.region}:${this.options.accountId}:schedule-group/${name}`;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Tokens carry the last key returned, so paging stays stable while schedules come and go. */
function paginate<T>(items: T[], keyFor: (item: T) => string, page: PageRequest): { items: T[]; nextToken?: string } {
  let start = 0;
  if (page.nextToken !== undefined) {
    const after = decodeToken(page.nextToken);
    start = items.findIndex((item) => keyFor(item) > after);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + page.maxResults);
  const last = slice[slice.length - 1];
  if (start + page.maxResults >= items.length || last === undefined) return { items: slice };
  return { items: slice, nextToken: Buffer.from(JSON.stringify({ after: keyFor(last) })).toString('base64url') };
}

function decodeToken(token: string): string {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null && typeof (decoded as { after?: unknown }).after === 'string') {
      return (decoded as { after: string }).after;
    }
  } catch {
    // fall through to the error below
  }
  throw validation('NextToken is not valid: pass the NextToken from the previous page unchanged, or leave it out to start over.');
}

function describeSchedule(record: ScheduleRecord): GetScheduleOutput {
  const output: GetScheduleOutput = {
    Arn: record.arn,
    GroupName: record.group,
    Name: record.name,
    ScheduleExpression: record.expression,
    ScheduleExpressionTimezone: record.timezone,
    State: record.state,
    CreationDate: new Date(record.createdAt),
    LastModificationDate: new Date(record.modifiedAt),
    Target: structuredClone(record.target) as GetScheduleOutput['Target'],
    FlexibleTimeWindow: { ...record.flexibleTimeWindow },
    ActionAfterCompletion: record.actionAfterCompletion,
  };
  if (record.startDate !== undefined) output.StartDate = new Date(record.startDate);
  if (record.endDate !== undefined) output.EndDate = new Date(record.endDate);
  if (record.description !== undefined) output.Description = record.description;
  if (record.kmsKeyArn !== undefined) output.KmsKeyArn = record.kmsKeyArn;
  return output;
}

function summarizeSchedule(record: ScheduleRecord): ScheduleSummary {
  return {
    Arn: record.arn,
    Name: record.name,
    GroupName: record.group,
    State: record.state,
    CreationDate: new Date(record.createdAt),
    LastModificationDate: new Date(record.modifiedAt),
    Target: { Arn: record.target.Arn },
  };
}

function summarizeGroup(group: GroupRecord): ScheduleGroupSummary {
  return {
    Arn: group.arn,
    Name: group.name,
    State: 'ACTIVE',
    CreationDate: new Date(group.createdAt),
    LastModificationDate: new Date(group.modifiedAt),
  };
}
