// FailureQueue: where a delivery that failed for good waits for an operator (a dead-letter queue, an
// on-failure destination), with an alarm on the first message, so no failure is silently dropped.
import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface FailureQueueProps {
  /**
   * Whose failures land here, in words, for the alarm's description and the cdk-nag acknowledgement,
   * e.g. "EventBridge Scheduler deliveries (after the schedule's retry policy)".
   */
  readonly deadLettersOf: string;

  /** Where the alarm notifies (the monitoring topic). */
  readonly alarmTopic: ITopic;
}

/** SQS's longest retention: an operator back from a holiday still finds every failed event. */
export const FAILURE_RETENTION = Duration.days(14);

export class FailureQueue extends Construct {
  /** Encrypted (SQS-managed keys), TLS only, messages kept 14 days. */
  public readonly queue: Queue;
  /** In alarm while at least one message is visible. */
  public readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: FailureQueueProps) {
    super(scope, id);
    if (props.deadLettersOf.trim() === '') throw new Error(`FailureQueue ${this.node.path} needs to say whose failures it holds`);

    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: FAILURE_RETENTION,
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: `This queue is itself the dead-letter queue of ${props.deadLettersOf}; a queue behind it would only move the problem. Its alarm notifies on the first message.`,
    });

    this.alarm = new Alarm(this, 'Alarm', {
      alarmDescription: `Partner Pulse: ${props.deadLettersOf} failed for good. The failed events wait in the queue: fix the cause, then replay or delete them.`,
      // SQS publishes every minute while active; a queue idle for hours may take minutes to report again.
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: Stats.MAXIMUM }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
