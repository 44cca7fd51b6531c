// What the deployed handlers need around them: the scheduler's role and dead-letter queue, failure
// queues with alarms behind every asynchronous invocation, the signing keys, SES sending and events,
// the risk engine's stream and the weekly digest; each function with no more than it uses.
import { App, Stack } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_SCHEDULE, SCHEDULE_RETRY_POLICY } from '#contract/scheduler.ts';
import { RISK_ENTITIES } from '#contract/stream.ts';
import { KEY_ID_PATTERN, MIN_SECRET_BYTES } from '#domain/tokens.ts';
import { FAILURE_RETENTION } from '#lib/constructs/failure-queue.ts';
import type { FailureQueue } from '#lib/constructs/failure-queue.ts';
import { PulseFunction } from '#lib/constructs/function.ts';
import { Scheduling } from '#lib/constructs/scheduling.ts';
import { GENERATED_KEY_ID, GENERATED_KEY_LENGTH } from '#lib/constructs/signing-keys.ts';
import type { PartnerPulseStack } from '#lib/partner-pulse-stack.ts';
import './matchers.ts';
import { synthesize, SYNTH_TIMEOUT } from './synth.ts';

let stack: PartnerPulseStack;
let template: Template;

beforeAll(() => {
  ({ stack, template } = synthesize());
}, SYNTH_TIMEOUT);

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

const id = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const getAtt = (construct: IConstruct, attribute = 'Arn') => ({ 'Fn::GetAtt': [id(construct), attribute] });
const ref = (construct: IConstruct) => ({ Ref: id(construct) });
const actionsOf = (statement: Statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);

/** Every statement of the policies attached to the role. */
function statementsOf(role: IConstruct): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([ref(role)]) } })).flatMap(
    (policy) => (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
  );
}

/** The functions whose role has a statement allowing `action`, by construct path. */
function functionsAllowed(action: string): string[] {
  return functions()
    .filter((fn) => statementsOf(fn.role).some((statement) => actionsOf(statement).includes(action)))
    .map((fn) => fn.node.path)
    .sort();
}

function functions(): PulseFunction[] {
  return [stack.api.adminFunction, stack.occurrence, stack.followup, stack.publicPages, stack.sesEvents, stack.riskStream, stack.digest];
}

const paths = (...fns: PulseFunction[]) => fns.map((fn) => fn.node.path).sort();

function variablesOf(fn: PulseFunction): Record<string, unknown> {
  const resource = template.toJSON().Resources[id(fn.function)] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
  return resource.Properties.Environment.Variables;
}

describe('the scheduler execution role', () => {
  it('can be assumed only by EventBridge Scheduler, for schedules of this group in this account', () => {
    expect(template).toHaveResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRole',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':schedule/PartnerPulse/*'],
                  ],
                },
              },
            },
          }),
        ],
      },
    });
  });

  it('may only invoke the scheduled functions, unqualified, and send to its dead-letter queue', () => {
    const statements = statementsOf(stack.scheduling.executionRole);

    expect(statements).toHaveLength(4);
    expect(statements).toEqual(
      expect.arrayContaining([
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(stack.scheduling.deadLetters.queue) },
        { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: getAtt(stack.occurrence.function) },
        { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: getAtt(stack.followup.function) },
        { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: getAtt(stack.digest.function) },
      ]),
    );
  });

  it('is what the handlers give the schedules they create, with the dead-letter queue', () => {
    for (const fn of functions()) {
      expect(variablesOf(fn)).toMatchObject({
        SCHEDULER_ROLE_ARN: getAtt(stack.scheduling.executionRole),
        SCHEDULER_DLQ_ARN: getAtt(stack.scheduling.deadLetters.queue),
        SCHEDULE_GROUP: 'PartnerPulse',
      });
    }
  });

  it('is passed, and no other role, only by the functions that write schedules', () => {
    const passRole = functions().flatMap((fn) =>
      statementsOf(fn.role).filter((statement) => actionsOf(statement).some((action) => action.startsWith('iam:'))),
    );

    expect(functionsAllowed('iam:PassRole')).toEqual(paths(stack.api.adminFunction, stack.occurrence, stack.followup, stack.riskStream));
    expect(passRole).toHaveLength(4);
    for (const statement of passRole) {
      expect(statement).toEqual({ Effect: 'Allow', Action: 'iam:PassRole', Resource: getAtt(stack.scheduling.executionRole) });
    }
  });
});

describe('schedule permissions', () => {
  const groupSchedules = {
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':schedule/PartnerPulse/*']],
  };

  it('let the functions that add follow-ups create and update schedules of the group only', () => {
    for (const fn of [stack.api.adminFunction, stack.occurrence, stack.followup, stack.riskStream]) {
      expect(statementsOf(fn.role)).toContainEqual({
        Effect: 'Allow',
        Action: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule'],
        Resource: groupSchedules,
      });
    }
    expect(functionsAllowed('scheduler:CreateSchedule')).toEqual(
      paths(stack.api.adminFunction, stack.occurrence, stack.followup, stack.riskStream),
    );
  });

  it('let only the admin function read, list and delete schedules (account changes, removal, reconcile)', () => {
    const admin = statementsOf(stack.api.adminFunction.role);

    expect(admin).toContainEqual({ Effect: 'Allow', Action: 'scheduler:DeleteSchedule', Resource: groupSchedules });
    expect(admin).toContainEqual({ Effect: 'Allow', Action: 'scheduler:GetSchedule', Resource: groupSchedules });
    // ListSchedules has no resource type: scoped to the group it would always be denied.
    expect(admin).toContainEqual({ Effect: 'Allow', Action: 'scheduler:ListSchedules', Resource: '*' });
    for (const action of ['scheduler:DeleteSchedule', 'scheduler:GetSchedule', 'scheduler:ListSchedules']) {
      expect(functionsAllowed(action)).toEqual(paths(stack.api.adminFunction));
    }
  });

  it('name the scheduled functions by ARN before they exist, as the functions are named', () => {
    for (const [fn, variable] of [
      [stack.occurrence, 'OCCURRENCE_FUNCTION_ARN'],
      [stack.followup, 'FOLLOWUP_FUNCTION_ARN'],
    ] as const) {
      const resource = template.toJSON().Resources[id(fn.function)] as { Properties: { FunctionName: string } };
      const arn = variablesOf(stack.publicPages)[variable] as { 'Fn::Join': [string, unknown[]] };

      expect(resource.Properties.FunctionName).toMatch(/^PartnerPulse-(occurrence|followup)$/);
      expect(arn['Fn::Join'][1].at(-1)).toBe(`:function:${resource.Properties.FunctionName}`);
    }
  });
});

describe('failure queues', () => {
  const queues = (): [string, FailureQueue][] => [
    ['the scheduler dead-letter queue', stack.scheduling.deadLetters],
    ['the occurrence failures', required(stack.occurrence.asyncFailureQueue)],
    ['the follow-up failures', required(stack.followup.asyncFailureQueue)],
    ['the digest failures', required(stack.digest.asyncFailureQueue)],
    ['the SES event failures', stack.sesEventFailures],
    ['the risk stream failures', stack.riskStreamFailures],
  ];

  it.each([0, 1, 2, 3, 4, 5])('keep messages 14 days, encrypted, TLS only (queue %i)', (index) => {
    const [name, failures] = queues()[index]!;
    const queue = template.toJSON().Resources[id(failures.queue)] as { Properties: unknown };

    expect({ name, properties: queue.Properties }).toEqual({
      name,
      properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: FAILURE_RETENTION.toSeconds() },
    });
    expect(template).toHaveResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [ref(failures.queue)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it.each([0, 1, 2, 3, 4, 5])('alarm to the monitoring topic on the first visible message (queue %i)', (index) => {
    const [, failures] = queues()[index]!;

    expect(template).toHaveResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(failures.queue, 'QueueName') }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [ref(stack.monitoring.alarmTopic)],
    });
  });

  it.each(['occurrence', 'followup', 'digest', 'sesEvents'] as const)(
    'catch what the %s function still fails on after two asynchronous retries',
    (name) => {
      const fn = stack[name];

      expect(template).toHaveResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: ref(fn.function),
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
        DestinationConfig: { OnFailure: { Destination: getAtt(required(fn.asyncFailureQueue).queue) } },
      });
    },
  );
});

describe('the signing keys', () => {
  it('are generated by CloudFormation, never written into the template', () => {
    expect(template).toHaveResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        SecretStringTemplate: JSON.stringify({ current: GENERATED_KEY_ID, keys: {} }),
        GenerateStringKey: GENERATED_KEY_ID,
        PasswordLength: GENERATED_KEY_LENGTH,
        ExcludePunctuation: true,
        IncludeSpace: false,
      },
      SecretString: Match.absent(),
    });
  });

  it('generate a key id and a key the token rules accept (base64 of at least 32 bytes)', () => {
    // What CloudFormation may generate: letters and digits only, this many.
    const generated = 'aZ09'.repeat(GENERATED_KEY_LENGTH / 4);

    expect(GENERATED_KEY_ID).toMatch(KEY_ID_PATTERN);
    expect(GENERATED_KEY_LENGTH % 4).toBe(0);
    expect(Buffer.from(generated, 'base64').toString('base64')).toBe(generated);
    expect(Buffer.from(generated, 'base64').length).toBeGreaterThanOrEqual(MIN_SECRET_BYTES);
  });

  it('are found by every function through TOKEN_SECRET_ID', () => {
    for (const fn of functions()) expect(variablesOf(fn)).toMatchObject({ TOKEN_SECRET_ID: ref(stack.signingKeys.secret) });
  });

  it('can be read only by the functions that sign or verify links, and only this secret', () => {
    expect(functionsAllowed('secretsmanager:GetSecretValue')).toEqual(paths(stack.followup, stack.publicPages, stack.riskStream, stack.digest));
    for (const fn of [stack.followup, stack.publicPages, stack.riskStream]) {
      expect(statementsOf(fn.role)).toContainEqual({
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: ref(stack.signingKeys.secret),
      });
    }
  });

  it('are named in the outputs, for rotation', () => {
    expect(template).toHaveOutput('TokenSecretArn', { Value: ref(stack.signingKeys.secret) });
  });
});

describe('sending email', () => {
  const identity = (name: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:identity/${name}`]],
  });

  it('is allowed only from the sender address, as its identity, through the configuration set', () => {
    const configurationSet = {
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':configuration-set/', ref(stack.email.configurationSet)],
      ],
    };
    for (const fn of [stack.api.adminFunction, stack.followup, stack.riskStream, stack.digest]) {
      expect(statementsOf(fn.role)).toContainEqual({
        Effect: 'Allow',
        Action: ['ses:SendRawEmail', 'ses:SendEmail'],
        Resource: [identity('surveys@sparkle.example'), identity('sparkle.example'), configurationSet],
        Condition: { StringEquals: { 'ses:FromAddress': 'surveys@sparkle.example' } },
      });
    }
  });

  it('is allowed to no other function, and no other SES action to anyone', () => {
    const sesActions = functions().flatMap((fn) =>
      statementsOf(fn.role).flatMap((statement) => actionsOf(statement).filter((action) => action.startsWith('ses:'))),
    );

    expect(functionsAllowed('ses:SendRawEmail')).toEqual(paths(stack.api.adminFunction, stack.followup, stack.riskStream, stack.digest));
    expect(new Set(sesActions)).toEqual(new Set(['ses:SendRawEmail', 'ses:SendEmail']));
  });

  it('goes through the configuration set the functions are told', () => {
    for (const fn of functions()) expect(variablesOf(fn)).toMatchObject({ SES_CONFIGURATION_SET: ref(stack.email.configurationSet) });
  });
});

describe('sends, bounces and complaints', () => {
  it('are published by the configuration set to the events topic', () => {
    expect(template).toHaveResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: ref(stack.email.configurationSet),
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['send', 'bounce', 'complaint'],
        SnsDestination: { TopicARN: ref(stack.email.eventsTopic) },
      },
    });
  });

  it('travel encrypted with a rotating key, over TLS only', () => {
    expect(template).toHaveResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: getAtt(stack.email.eventsKey) });
    expect(template).toHaveResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    expect(template).toHaveResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [ref(stack.email.eventsTopic)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('may be published and encrypted by SES only for this configuration set, in this account', () => {
    const source = {
      'aws:SourceAccount': { Ref: 'AWS::AccountId' },
      'aws:SourceArn': Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([ref(stack.email.configurationSet)])] }),
    };

    expect(template).toHaveResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [ref(stack.email.eventsTopic)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Action: 'sns:Publish',
            // CDK spells the keys `AWS:…`; IAM condition keys are case-insensitive.
            Condition: { StringEquals: { 'AWS:SourceAccount': source['aws:SourceAccount'], 'AWS:SourceArn': source['aws:SourceArn'] } },
          }),
        ]),
      },
    });
    expect(template).toHaveResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Condition: { StringEquals: source },
          }),
        ]),
      },
    });
  });

  it('reach the ses-events function, and what SNS cannot deliver waits in its failure queue', () => {
    expect(template).toHaveResourceProperties('AWS::SNS::Subscription', {
      TopicArn: ref(stack.email.eventsTopic),
      Protocol: 'lambda',
      Endpoint: getAtt(stack.sesEvents.function),
      RedrivePolicy: { deadLetterTargetArn: getAtt(stack.sesEventFailures.queue) },
    });
    expect(template).toHaveResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [ref(stack.sesEventFailures.queue)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { ArnEquals: { 'aws:SourceArn': ref(stack.email.eventsTopic) } },
          }),
        ]),
      },
    });
  });
});

describe('the risk engine', () => {
  it('reads the table stream with item failures reported, bisected, bounded retries and a failure queue', () => {
    expect(template).toHaveResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: ref(stack.riskStream.function),
      EventSourceArn: getAtt(stack.data.table, 'StreamArn'),
      StartingPosition: 'LATEST',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: getAtt(stack.riskStreamFailures.queue) } },
    });
  });

  it('is invoked only for new scores and risk signals', () => {
    expect(template).toHaveResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: ref(stack.riskStream.function),
      FilterCriteria: {
        Filters: [{ Pattern: Match.serializedJson({ dynamodb: { NewImage: { entity: { S: [...RISK_ENTITIES] } } } }) }],
      },
    });
  });

  it('may read the stream of this table only', () => {
    const streamReads = statementsOf(stack.riskStream.role).filter((statement) =>
      actionsOf(statement).some((action) => ['dynamodb:DescribeStream', 'dynamodb:ListStreams'].includes(action)),
    );

    expect(streamReads.length).toBeGreaterThan(0);
    for (const statement of streamReads) expect(statement.Resource).toEqual(getAtt(stack.data.table, 'StreamArn'));
  });
});

describe('the weekly digest', () => {
  it('runs Monday 08:00 in the deployment time zone through the scheduler role, retry policy and dead-letter queue', () => {
    expect(template).toHaveResourceProperties('AWS::Scheduler::Schedule', {
      Name: DIGEST_SCHEDULE.name,
      GroupName: 'PartnerPulse',
      ScheduleExpression: 'cron(0 8 ? * MON *)',
      ScheduleExpressionTimezone: 'America/New_York',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: getAtt(stack.digest.function),
        RoleArn: getAtt(stack.scheduling.executionRole),
        Input: Match.serializedJson({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: SCHEDULE_RETRY_POLICY,
        DeadLetterConfig: { Arn: getAtt(stack.scheduling.deadLetters.queue) },
      },
    });
  });

  it('follows the deploymentTimezone setting', () => {
    const chicago = synthesize({ settings: { deploymentTimezone: 'America/Chicago' } });

    expect(chicago.template).toHaveResourceProperties('AWS::Scheduler::Schedule', {
      Name: DIGEST_SCHEDULE.name,
      ScheduleExpressionTimezone: 'America/Chicago',
    });
  }, SYNTH_TIMEOUT);
});

describe('the Scheduling construct', () => {
  it('refuses a target whose failed runs would go nowhere', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const bare = new Stack(app, 'Bare');
    const scheduling = new Scheduling(bare, 'Scheduling', { alarmTopic: new Topic(bare, 'Alarms', { enforceSSL: true }) });
    const fn = new PulseFunction(bare, 'Fn', { entry: 'functions/handlers/occurrence.ts' });

    expect(() => scheduling.addTarget(fn)).toThrow(/without a failure queue/);
  });
});

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}
