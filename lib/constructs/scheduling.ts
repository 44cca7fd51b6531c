// Scheduling: the EventBridge Scheduler group that holds every account's meeting series and
// one-time follow-ups. Later: targets, their role, retry policy and dead-letter queue.
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';

export interface SchedulingProps {
  /**
   * Name of the schedule group (up to 64 letters, digits, `-`, `_`, `.`).
   * @default - the stack's name
   */
  readonly scheduleGroupName?: string;
}

export class Scheduling extends Construct {
  public readonly scheduleGroup: ScheduleGroup;

  constructor(scope: Construct, id: string, props: SchedulingProps = {}) {
    super(scope, id);
    const scheduleGroupName = props.scheduleGroupName ?? Stack.of(this).stackName;
    if (!/^[0-9A-Za-z_.-]{1,64}$/.test(scheduleGroupName)) {
      throw new Error(`Schedule group name "${scheduleGroupName}" must be 1-64 letters, digits, '-', '_' or '.'`);
    }
    this.scheduleGroup = new ScheduleGroup(this, 'ScheduleGroup', {
      scheduleGroupName,
      // Schedules are derived from the (retained) table and rebuilt by `pulse schedules reconcile`;
      // a retained group would block redeploying a stack of the same name.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
