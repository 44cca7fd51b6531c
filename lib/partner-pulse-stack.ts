// The PartnerPulse stack: the table (stateful) and the stateless parts built on it, wired by typed props.
// Every function gets the same environment (functions/handlers/config.ts parses all of it in each
// function); what a function may do is decided by its grants, listed in one place below.
//
// lib/: infrastructure only. It imports no runtime code but functions/contract/ (lint enforces it):
// routes, variable names, function names, the retry policy and the time zone rule come from there.
// A new deploy setting goes in lib/config.ts (validated at synth, named in its error), a new resource
// in the construct of its service under lib/constructs/.
import { Annotations, ArnFormat, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { EnvironmentName, FunctionEnvironment } from '#contract/environment.ts';
import { FUNCTIONS, functionName } from '#contract/functions.ts';
import { DIGEST_SCHEDULE } from '#contract/scheduler.ts';
import { RISK_ENTITIES, STREAM_RETRY_ATTEMPTS } from '#contract/stream.ts';
import { isPostalAddressPlaceholder, runtimeEnvironment } from './config.ts';
import type { DeployConfig } from './config.ts';
import { Api, PUBLIC_POST_THROTTLE, PUBLIC_ROUTES } from './constructs/api.ts';
import { Data } from './constructs/data.ts';
import { PublicEdge } from './constructs/edge.ts';
import { Email } from './constructs/email.ts';
import { FailureQueue } from './constructs/failure-queue.ts';
import { PulseFunction } from './constructs/function.ts';
import type { PulseFunctionProps } from './constructs/function.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { Scheduling } from './constructs/scheduling.ts';
import { SigningKeys } from './constructs/signing-keys.ts';
import { TABLE_ACCESS } from './constructs/table-access.ts';

export interface PartnerPulseStackProps extends StackProps {
  /** Validated deploy settings (see `readDeployConfig`). */
  readonly config: DeployConfig;
}

export class PartnerPulseStack extends Stack {
  public readonly config: DeployConfig;
  public readonly data: Data;
  public readonly email: Email;
  public readonly scheduling: Scheduling;
  public readonly monitoring: Monitoring;
  public readonly signingKeys: SigningKeys;
  public readonly api: Api;
  /** CloudFront and the per-IP rate limit in front of the public pages; undefined with publicRateLimit=off. */
  public readonly edge: PublicEdge | undefined;
  /** Where the emails' links point: the edge's URL, or the API's when the edge is off. */
  public readonly publicUrl: string;
  public readonly occurrence: PulseFunction;
  public readonly followup: PulseFunction;
  public readonly publicPages: PulseFunction;
  public readonly sesEvents: PulseFunction;
  public readonly sesEventFailures: FailureQueue;
  public readonly riskStream: PulseFunction;
  public readonly riskStreamFailures: FailureQueue;
  public readonly digest: PulseFunction;

  private readonly functionEnvironment: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: PartnerPulseStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;

    this.data = new Data(this, 'Data');
    this.monitoring = new Monitoring(this, 'Monitoring', { alarmEmail: config.alarmEmail });
    const alarmTopic = this.monitoring.alarmTopic;
    this.email = new Email(this, 'Email', { senderEmail: config.senderEmail, senderDomain: config.senderDomain });
    this.scheduling = new Scheduling(this, 'Scheduling', { alarmTopic });
    this.signingKeys = new SigningKeys(this, 'SigningKeys');

    // The scheduled functions are named, so that every function (each other included) can name
    // their ARNs without a reference cycle. The local cloud names its functions the same way.
    const functionArn = (name: string) =>
      this.formatArn({ service: 'lambda', resource: 'function', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const names = { occurrence: functionName(this.stackName, 'occurrence'), followup: functionName(this.stackName, 'followup') };

    const environment = {
      ...runtimeEnvironment(config),
      SES_CONFIGURATION_SET: this.email.configurationSet.configurationSetName,
      SCHEDULE_GROUP: this.scheduling.scheduleGroup.scheduleGroupName,
      SCHEDULER_ROLE_ARN: this.scheduling.executionRole.roleArn,
      SCHEDULER_DLQ_ARN: this.scheduling.deadLetters.queue.queueArn,
      OCCURRENCE_FUNCTION_ARN: functionArn(names.occurrence),
      FOLLOWUP_FUNCTION_ARN: functionArn(names.followup),
      TOKEN_SECRET_ID: this.signingKeys.secret.secretArn,
    } satisfies FunctionEnvironment;
    this.api = new Api(this, 'Api', {
      table: this.data.table,
      logRetention: config.logRetentionDays,
      adminEnvironment: environment,
    });
    const linkDomain = config.linkDomain
      ? {
          name: config.linkDomain,
          ...(config.linkCertificateArn ? { certificateArn: config.linkCertificateArn } : {}),
          ...(config.linkHostedZoneId ? { hostedZoneId: config.linkHostedZoneId } : {}),
        }
      : undefined;
    this.edge =
      config.publicRateLimit === false
        ? undefined
        : new PublicEdge(this, 'Edge', { httpApi: this.api.httpApi, rateLimit: config.publicRateLimit, ...(linkDomain ? { linkDomain } : {}) });
    this.publicUrl = this.edge?.url ?? this.api.url;
    this.functionEnvironment = { ...environment, PUBLIC_URL: this.publicUrl } satisfies FunctionEnvironment;
    this.api.adminFunction.addEnvironment('PUBLIC_URL' satisfies EnvironmentName, this.publicUrl);

    const admin = this.api.adminFunction;
    this.occurrence = this.newFunction('OccurrenceFunction', {
      entry: FUNCTIONS.occurrence.entry,
      functionName: names.occurrence,
      description: 'Partner Pulse: an occurrence of an account schedule (a meeting takes place)',
      timeout: Duration.seconds(60),
    });
    this.followup = this.newFunction('FollowupFunction', {
      entry: FUNCTIONS.followup.entry,
      functionName: names.followup,
      description: 'Partner Pulse: agenda, survey, reminder and alert escalation of a meeting',
      // One survey email per contact, each with SES retries on throttling.
      timeout: Duration.minutes(2),
    });
    this.publicPages = this.newFunction('PublicPagesFunction', {
      entry: FUNCTIONS.publicPages.entry,
      description: 'Partner Pulse: survey, unsubscribe and alert acknowledgement pages',
      timeout: Duration.seconds(10),
    });
    this.sesEvents = this.newFunction('SesEventsFunction', {
      entry: FUNCTIONS.sesEvents.entry,
      description: 'Partner Pulse: SES sends confirm emails; bounces and complaints suppress contacts',
      timeout: Duration.seconds(30),
    });
    this.riskStream = this.newFunction('RiskStreamFunction', {
      entry: FUNCTIONS.riskStream.entry,
      description: 'Partner Pulse: the risk engine, on new scores and risk signals',
      timeout: Duration.minutes(2),
    });
    this.digest = this.newFunction('DigestFunction', {
      entry: FUNCTIONS.digest.entry,
      description: 'Partner Pulse: the weekly digest for managers',
      timeout: Duration.minutes(5),
    });

    // ---- grants: what each function may do --------------------------------------------------------
    const byName = {
      admin,
      occurrence: this.occurrence,
      followup: this.followup,
      publicPages: this.publicPages,
      sesEvents: this.sesEvents,
      riskStream: this.riskStream,
      digest: this.digest,
    } as const;
    // Only the DynamoDB actions each function's code calls (lib/constructs/table-access.ts).
    for (const [name, fn] of Object.entries(byName)) fn.grantTableActions(this.data.table, TABLE_ACCESS[name as keyof typeof byName]);
    // Invitations, agendas, surveys, reminders, alerts, escalations and the digest.
    for (const sender of [admin, this.followup, this.riskStream, this.digest]) this.email.grantSend(sender);
    // Signing links (survey, unsubscribe, acknowledge, the managers' account pages) and verifying them
    // on the pages. The invitations sign no link.
    for (const signer of [this.followup, this.publicPages, this.riskStream, this.digest]) this.signingKeys.grantRead(signer);
    // Account changes, removal and reconcile read, list and delete schedules; the others only add follow-ups.
    this.scheduling.grantScheduleWriter(admin, { manage: true });
    for (const writer of [this.occurrence, this.followup, this.riskStream]) this.scheduling.grantScheduleWriter(writer);

    // ---- scheduled targets: Lambda retries, then the function's failure queue -------------------------
    for (const target of [this.occurrence, this.followup, this.digest]) {
      target.deliverAsyncFailures({ alarmTopic });
      this.scheduling.addTarget(target);
    }
    // The digest's own recurring schedule; the handler reads `{"scheduledTime": "<ISO time of the run>"}`.
    this.scheduling.addRecurringTarget(this.digest, {
      ...DIGEST_SCHEDULE,
      timezone: config.deploymentTimezone,
      description: 'Partner Pulse: the weekly digest for managers',
    });

    // ---- public pages ------------------------------------------------------------------------------
    for (const path of new Set(PUBLIC_ROUTES.map((route) => route.path))) {
      this.api.addPublicRoutes({
        path,
        methods: PUBLIC_ROUTES.filter((route) => route.path === path).map((route) => route.method),
        handler: this.publicPages.function,
        reason:
          'Opened from an email by customers and managers who have no AWS identity: the HMAC-signed, expiring, single-purpose token in the path is the credential, and the stage is throttled.',
        throttle: { [HttpMethod.POST]: PUBLIC_POST_THROTTLE },
      });
    }

    // ---- SES events: configuration set → SNS → ses-events ----------------------------------------------
    this.sesEventFailures = this.sesEvents.deliverAsyncFailures({ alarmTopic });
    this.email.deliverEventsTo(this.sesEvents, this.sesEventFailures.queue);

    // ---- the risk engine on the table's stream ---------------------------------------------------------
    this.riskStreamFailures = new FailureQueue(this.riskStream, 'StreamFailures', {
      deadLettersOf: "the risk engine's table stream batches (after the mapping's retries)",
      alarmTopic,
    });
    this.riskStream.function.addEventSource(
      // TableV2 has the stream members the event source uses; the event source is typed for Table.
      new DynamoEventSource(this.data.table as unknown as ITable, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 10,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: STREAM_RETRY_ATTEMPTS,
        maxRecordAge: Duration.hours(6),
        onFailure: new SqsDlq(this.riskStreamFailures.queue),
        // The handler checks the entity again: this filter only saves the invocations.
        filters: [FilterCriteria.filter({ dynamodb: { NewImage: { entity: { S: FilterRule.or(...RISK_ENTITIES) } } } })],
      }),
    );

    // ---- monitoring: alarms on everything that fails quietly, one dashboard ---------------------------
    for (const [name, fn] of Object.entries(byName)) this.monitoring.watchFunction(name, fn.function);
    this.monitoring.watchApi(this.api.httpApi);
    this.monitoring.watchStreamConsumer('riskStream', this.riskStream.function);
    this.monitoring.watchSesReputation();
    this.monitoring.watchFailureQueues({
      scheduler: this.scheduling.deadLetters,
      occurrence: this.occurrence.asyncFailureQueue!,
      followup: this.followup.asyncFailureQueue!,
      digest: this.digest.asyncFailureQueue!,
      sesEvents: this.sesEventFailures,
      riskStream: this.riskStreamFailures,
    });
    if (this.edge) this.monitoring.watchWebAcl(this.edge.webAclMetricName, this.edge.rateRuleMetricName);
    if (!this.monitoring.notifiesSomeone) {
      Annotations.of(this).addWarningV2(
        'partner-pulse:noAlarmEmail',
        'alarmEmail is not set: alarms (failed functions, dead letters, SES bounce and complaint rates) notify an SNS topic no one subscribes to. Set -c alarmEmail=ops@your-company.example.',
      );
    }

    if (isPostalAddressPlaceholder(config)) {
      Annotations.of(this).addWarningV2(
        'partner-pulse:postalAddressPlaceholder',
        'postalAddress is still the placeholder: set -c postalAddress="Street, City, State ZIP" before sending real email.',
      );
    }

    // Names the pulse CLI (`--stack`) and operators read; keep them stable.
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName, description: 'DynamoDB table' });
    new CfnOutput(this, 'ConfigurationSetName', {
      value: this.email.configurationSet.configurationSetName,
      description: 'SES configuration set every email is sent with',
    });
    new CfnOutput(this, 'ScheduleGroupName', {
      value: this.scheduling.scheduleGroup.scheduleGroupName,
      description: 'EventBridge Scheduler group of the meeting schedules',
    });
    new CfnOutput(this, 'PublicUrl', { value: this.publicUrl, description: 'Base URL of the links in emails (survey, unsubscribe, acknowledgement)' });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName, description: 'CloudWatch dashboard of the stack' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn, description: 'SNS topic of all alarms' });
    new CfnOutput(this, 'TokenSecretArn', {
      value: this.signingKeys.secret.secretArn,
      description: 'Secrets Manager secret of the link-signing keys (rotate as lib/constructs/signing-keys.ts describes)',
    });
  }

  /** A function with the table, log retention and the full runtime environment every handler parses. */
  private newFunction(id: string, props: Omit<PulseFunctionProps, 'table' | 'logRetention'>): PulseFunction {
    return new PulseFunction(this, id, {
      table: this.data.table,
      logRetention: this.config.logRetentionDays,
      ...props,
      environment: { ...this.functionEnvironment, ...props.environment },
    });
  }
}
