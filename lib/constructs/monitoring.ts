// Monitoring: the SNS topic every alarm notifies. Later: alarms on DLQs, errors and throttles.
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface MonitoringProps {
  /**
   * Who gets alarm emails (the subscription must be confirmed from the inbox).
   * @default - no subscription
   */
  readonly alarmEmail?: string;
}

export class Monitoring extends Construct {
  /** Use as the action of every alarm: `alarm.addAlarmAction(new SnsAction(monitoring.alarmTopic))`. */
  public readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: MonitoringProps = {}) {
    super(scope, id);
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Partner Pulse alarms',
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
  }
}
