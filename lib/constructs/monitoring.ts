// Monitoring: the SNS topic every alarm notifies (and the operator's email on it), the alarms on what
// can go wrong without anyone asking (functions failing or throttled, the API answering 5xx, the risk
// engine falling behind its stream, SES reputation nearing the rates at which AWS reviews or pauses
// the account's sending) and one dashboard with all of it. Dead letters alarm in FailureQueue itself;
// their queues are added to the dashboard here.
import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, Metric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { FailureQueue } from './failure-queue.ts';

/**
 * SES reputation alarms, as fractions (the metrics' unit). AWS puts an account under review at a 5%
 * bounce rate or a 0.1% complaint rate and may pause its sending at 10% and 0.5%; these fire first.
 */
export const SES_BOUNCE_RATE_ALARM = 0.04;
export const SES_COMPLAINT_RATE_ALARM = 0.0008;

/** The risk engine is behind when its oldest stream record waits this long (records expire after 6 h). */
export const STREAM_ITERATOR_AGE_ALARM = Duration.minutes(15);

/** API 5xx answers in 5 minutes that alarm: each one is a customer or operator shown an error. */
export const API_5XX_ALARM = 1;

export interface MonitoringProps {
  /**
   * Who gets alarm emails (the subscription must be confirmed from the inbox).
   * @default - no subscription: the stack warns at synth that alarms reach no one
   */
  readonly alarmEmail?: string;
}

export class Monitoring extends Construct {
  /** Use as the action of every alarm: `alarm.addAlarmAction(new SnsAction(monitoring.alarmTopic))`. */
  public readonly alarmTopic: Topic;
  public readonly dashboard: Dashboard;
  /** Every alarm created here, by a short name (`<function>-errors`, `api-5xx`, `ses-bounce-rate`...). */
  public readonly alarms: Record<string, Alarm> = {};
  /** True when someone receives the alarms. */
  public readonly notifiesSomeone: boolean;

  constructor(scope: Construct, id: string, props: MonitoringProps = {}) {
    super(scope, id);
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Partner Pulse alarms',
      enforceSSL: true,
    });
    this.notifiesSomeone = props.alarmEmail !== undefined;
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.days(1),
    });
  }

  /** Alarms on the function's errors and throttles, and its graphs on the dashboard. */
  public watchFunction(name: string, fn: IFunction): void {
    const fiveMinutes = { period: Duration.minutes(5), statistic: Stats.SUM };
    const errors = fn.metricErrors(fiveMinutes);
    const throttles = fn.metricThrottles(fiveMinutes);
    this.alarm(`${name}-errors`, errors, 1, `Partner Pulse: ${name} failed at least once in 5 minutes. Its log group has the error.`);
    this.alarm(
      `${name}-throttles`,
      throttles,
      1,
      `Partner Pulse: Lambda throttled ${name} (account concurrency exhausted); scheduled and stream work is delayed, pages fail.`,
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: `${name}: invocations, errors, throttles`,
        left: [fn.metricInvocations(fiveMinutes), errors, throttles],
        right: [fn.metricDuration({ period: Duration.minutes(5), statistic: Stats.p(95) })],
        width: 12,
      }),
    );
  }

  /** Alarm on 5xx answers of the HTTP API, and its traffic on the dashboard. */
  public watchApi(httpApi: HttpApi): void {
    const fiveMinutes = { period: Duration.minutes(5), statistic: Stats.SUM };
    const serverErrors = httpApi.metricServerError(fiveMinutes);
    this.alarm('api-5xx', serverErrors, API_5XX_ALARM, 'Partner Pulse: the HTTP API answered 5xx (a page or the admin API failed).');
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'HTTP API: requests, 4xx, 5xx',
        left: [httpApi.metricCount(fiveMinutes), httpApi.metricClientError(fiveMinutes), serverErrors],
        right: [httpApi.metricLatency({ period: Duration.minutes(5), statistic: Stats.p(95) })],
        width: 12,
      }),
    );
  }

  /** Alarm when the stream consumer falls behind (IteratorAge of its event source mapping). */
  public watchStreamConsumer(name: string, fn: IFunction): void {
    const age = fn.metric('IteratorAge', { period: Duration.minutes(5), statistic: Stats.MAXIMUM });
    this.alarm(
      `${name}-iterator-age`,
      age,
      STREAM_ITERATOR_AGE_ALARM.toMilliseconds(),
      `Partner Pulse: ${name} is more than ${STREAM_ITERATOR_AGE_ALARM.toMinutes()} minutes behind the table stream; risk alerts are late, and records older than 6 hours are set aside.`,
    );
    this.dashboard.addWidgets(new GraphWidget({ title: `${name}: stream iterator age (ms)`, left: [age], width: 12 }));
  }

  /** Dead-letter queues on the dashboard (each already alarms on its first message). */
  public watchFailureQueues(queues: Readonly<Record<string, FailureQueue>>): void {
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Dead letters (messages waiting)',
        left: Object.entries(queues).map(([name, failures]) =>
          failures.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: Stats.MAXIMUM, label: name }),
        ),
        width: 12,
      }),
    );
  }

  /**
   * Alarms on the account's SES reputation (AWS/SES Reputation.BounceRate and Reputation.ComplaintRate,
   * account-wide, what AWS reviews), below the review thresholds.
   */
  public watchSesReputation(): void {
    const rate = (metricName: string) =>
      new Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: Stats.MAXIMUM });
    const bounces = rate('Reputation.BounceRate');
    const complaints = rate('Reputation.ComplaintRate');
    this.alarm(
      'ses-bounce-rate',
      bounces,
      SES_BOUNCE_RATE_ALARM,
      `Partner Pulse: the account's SES bounce rate reached ${SES_BOUNCE_RATE_ALARM * 100}%. AWS reviews sending at 5% and may pause it at 10%: check contacts' addresses.`,
    );
    this.alarm(
      'ses-complaint-rate',
      complaints,
      SES_COMPLAINT_RATE_ALARM,
      `Partner Pulse: the account's SES complaint rate reached ${SES_COMPLAINT_RATE_ALARM * 100}%. AWS reviews sending at 0.1% and may pause it at 0.5%.`,
    );
    this.dashboard.addWidgets(new GraphWidget({ title: 'SES reputation (fraction)', left: [bounces, complaints], width: 12 }));
  }

  /**
   * Requests the edge's web ACL blocked (per-IP rate limit), on the dashboard. The dimensions are the
   * visibility configs' metric names; a CloudFront web ACL's metrics live in us-east-1 and, unlike
   * regional ones, carry no Region dimension.
   */
  public watchWebAcl(webAclMetricName: string, ruleMetricName: string): void {
    const blocked = new Metric({
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      dimensionsMap: { WebACL: webAclMetricName, Rule: ruleMetricName },
      region: 'us-east-1',
      period: Duration.minutes(5),
      statistic: Stats.SUM,
    });
    this.dashboard.addWidgets(new GraphWidget({ title: 'Public pages: requests blocked by the per-IP limit', left: [blocked], width: 12 }));
  }

  private alarm(name: string, metric: IMetric, threshold: number, description: string): Alarm {
    if (this.alarms[name]) throw new Error(`Monitoring already has an alarm ${name}`);
    const alarm = new Alarm(this, `Alarm-${name}`, {
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // No traffic is no failure: these metrics are only published when something happens.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    this.alarms[name] = alarm;
    return alarm;
  }
}
