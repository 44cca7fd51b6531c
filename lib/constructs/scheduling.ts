// Scheduling: the EventBridge Scheduler group that holds every account's meeting series and one-time
// follow-ups, the role Scheduler invokes their targets with, and the dead-letter queue of deliveries
// that failed. Handlers create the schedules at run time (functions/adapters/scheduler.ts): they get
// the role's and the queue's ARNs, and may pass exactly this role.
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule, ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { SCHEDULE_RETRY_POLICY } from '#contract/scheduler.ts';
import { FailureQueue } from './failure-queue.ts';
import type { PulseFunction } from './function.ts';
import { acknowledgeWildcardResource } from './nag.ts';


export interface SchedulingProps {
  /**
   * Name of the schedule group (up to 64 letters, digits, `-`, `_`, `.`).
   * @default - the stack's name
   */
  readonly scheduleGroupName?: string;

  /** Where the dead-letter queue's alarm notifies. */
  readonly alarmTopic: ITopic;
}

export interface ScheduleManagerOptions {
  /**
   * Also read schedules (GetSchedule in the group, ListSchedules), and delete them: what account
   * changes, removal and `pulse schedules reconcile` need.
   * @default false (create and update only)
   */
  readonly manage?: boolean;
}

export interface RecurringTargetOptions {
  /** Schedule name within the group; must not start with `account-` (reconcile owns those). */
  readonly name: string;
  /** e.g. `cron(0 8 ? * MON *)` */
  readonly expression: string;
  /** IANA time zone the expression is read in. */
  readonly timezone: string;
  readonly description: string;
  /** The event the function receives; `<aws.scheduler.scheduled-time>` is replaced by the run's time. */
  readonly input: Readonly<Record<string, string>>;
}

export class Scheduling extends Construct {
  public readonly scheduleGroup: ScheduleGroup;
  /** ARN pattern of every schedule in the group: `arn:…:scheduler:<region>:<account>:schedule/<group>/*`. */
  public readonly schedulesArn: string;
  /** The role Scheduler assumes to invoke targets: only for schedules of this group, in this account. */
  public readonly executionRole: Role;
  /** Deliveries Scheduler gave up on (target throttled or gone, after the retry policy). */
  public readonly deadLetters: FailureQueue;

  private readonly targets = new Set<PulseFunction>();

  constructor(scope: Construct, id: string, props: SchedulingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const scheduleGroupName = props.scheduleGroupName ?? stack.stackName;
    if (!/^[0-9A-Za-z_.-]{1,64}$/.test(scheduleGroupName)) {
      throw new Error(`Schedule group name "${scheduleGroupName}" must be 1-64 letters, digits, '-', '_' or '.'`);
    }
    this.scheduleGroup = new ScheduleGroup(this, 'ScheduleGroup', {
      scheduleGroupName,
      // Schedules are derived from the (retained) table and rebuilt by `pulse schedules reconcile`;
      // a retained group would block redeploying a stack of the same name.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.schedulesArn = stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${scheduleGroupName}/*` });

    this.deadLetters = new FailureQueue(this, 'DeadLetters', {
      deadLettersOf: "EventBridge Scheduler's deliveries to their function (after the schedule's retry policy)",
      alarmTopic: props.alarmTopic,
    });

    this.executionRole = new Role(this, 'ExecutionRole', {
      description: `EventBridge Scheduler invokes the targets of the ${scheduleGroupName} schedule group with this role`,
      // Confused deputy: only Scheduler acting for schedules of this group in this account.
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': this.schedulesArn },
        },
      }),
    });
    // sendMessage only: Scheduler needs nothing else of its dead-letter queue (no KMS, SQS-managed SSE).
    this.executionRole.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetters.queue.queueArn] }));
  }

  /**
   * Lets schedules of the group invoke `fn` by its unqualified ARN (the adapter never targets a
   * version or alias). Scheduler invokes asynchronously, so a run that throws is retried by Lambda and
   * then lands in the function's failure queue: the function must have one.
   */
  public addTarget(fn: PulseFunction): void {
    if (this.targets.has(fn)) return;
    if (!fn.asyncFailureQueue) {
      throw new Error(`${fn.node.path} is a schedule target without a failure queue: call deliverAsyncFailures first`);
    }
    this.targets.add(fn);
    this.executionRole.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.function.functionArn] }));
  }

  /**
   * Lets `fn` create and update schedules of this group and pass them the execution role (that role,
   * never another). With `manage`, also read, list and delete them.
   */
  public grantScheduleWriter(fn: PulseFunction, options: ScheduleManagerOptions = {}): void {
    this.scheduleGroup.grants.writeSchedules(fn);
    if (options.manage) {
      this.scheduleGroup.grants.deleteSchedules(fn);
      fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['scheduler:GetSchedule'], resources: [this.schedulesArn] }));
      // ListSchedules has no resource type: IAM checks it against `*` whatever the policy names
      // (the L2 readSchedules grant scopes it to the group and is always denied: aws-cdk#38201).
      fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['scheduler:ListSchedules'], resources: ['*'] }));
      acknowledgeWildcardResource(
        fn,
        '*',
        'Only scheduler:ListSchedules is on `*`: the action has no resource type, so IAM cannot scope it. Every other scheduler action is limited to the schedules of this group.',
      );
    }
    this.executionRole.grantPassRole(fn.grantPrincipal);
    acknowledgeWildcardResource(
      fn,
      this.schedulesArn,
      'Schedules are created at run time, one per account and follow-up, so their names are not known at deploy: the grant covers the schedules of this one group (`schedule/<group>/*`), no other group.',
    );
  }

  /**
   * A recurring schedule of the group that invokes `fn` (e.g. the weekly digest), with the same
   * retry policy and dead-letter queue as the schedules the handlers create.
   */
  public addRecurringTarget(fn: PulseFunction, options: RecurringTargetOptions): CfnSchedule {
    if (options.name.startsWith('account-')) throw new Error(`schedule name ${options.name}: "account-" names belong to accounts`);
    this.addTarget(fn);
    const schedule = new CfnSchedule(this, `Schedule-${options.name}`, {
      name: options.name,
      groupName: this.scheduleGroup.scheduleGroupName,
      description: options.description,
      scheduleExpression: options.expression,
      scheduleExpressionTimezone: options.timezone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: fn.function.functionArn,
        roleArn: this.executionRole.roleArn,
        input: JSON.stringify(options.input),
        retryPolicy: {
          maximumRetryAttempts: SCHEDULE_RETRY_POLICY.MaximumRetryAttempts,
          maximumEventAgeInSeconds: SCHEDULE_RETRY_POLICY.MaximumEventAgeInSeconds,
        },
        deadLetterConfig: { arn: this.deadLetters.queue.queueArn },
      },
    });
    // The role's permissions must exist before Scheduler first assumes it.
    schedule.node.addDependency(this.executionRole);
    return schedule;
  }
}
