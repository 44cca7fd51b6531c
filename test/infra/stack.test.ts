// The PartnerPulse stack's resources: the properties that matter, never hashed ids or bare counts.
import type { CfnElement } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput, TABLE_KEYS } from '#adapters/table.ts';
import { ConfigSchema } from '#handlers/config.ts';
import { ADMIN_ROUTES, DEFAULT_THROTTLE, PUBLIC_POST_THROTTLE, PUBLIC_ROUTES } from '#lib/constructs/api.ts';
import type { PartnerPulseStack } from '#lib/partner-pulse-stack.ts';
import './matchers.ts';
import { awsSolutionsReport, synthesize, SYNTH_TIMEOUT } from './synth.ts';

let stack: PartnerPulseStack;
let template: Template;

beforeAll(() => {
  ({ stack, template } = synthesize());
}, SYNTH_TIMEOUT);

const logicalId = (element: CfnElement) => stack.getLogicalId(element);
const tableId = () => logicalId(stack.data.table.node.defaultChild as CfnElement);

interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

function resource(template: Template, id: string): { Properties: Record<string, unknown> } {
  const found = template.toJSON().Resources?.[id] as { Properties: Record<string, unknown> } | undefined;
  if (!found) throw new Error(`no resource ${id} in the template`);
  return found;
}

describe('the table', () => {
  it('is a global table keyed by PK and SK, billed on demand', () => {
    expect(template).toHaveResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('has point-in-time recovery and deletion protection', () => {
    expect(template).toHaveResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });

  it('is retained when the stack is deleted or the table replaced', () => {
    expect(template).toHaveResourceDefinition('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('streams new and old images for the risk engine', () => {
    expect(template).toHaveResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('expires items by their expiresAt attribute', () => {
    expect(template).toHaveResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it.each([
    ['GSI1', 'GSI1PK', 'GSI1SK'],
    ['GSI2', 'GSI2PK', 'GSI2SK'],
  ])('has index %s on %s / %s projecting all attributes', (indexName, partitionKey, sortKey) => {
    expect(template).toHaveResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: indexName,
          KeySchema: [
            { AttributeName: partitionKey, KeyType: 'HASH' },
            { AttributeName: sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ]),
    });
  });

  it('has the shape the local cloud creates (functions/adapters/table.ts)', () => {
    const local = createTableInput('any');
    const deployed = resource(template, tableId()).Properties;

    expect(deployed.KeySchema).toEqual(local.KeySchema);
    expect(deployed.BillingMode).toBe(local.BillingMode);
    expect(deployed.AttributeDefinitions).toEqual(expect.arrayContaining(local.AttributeDefinitions ?? []));
    expect(local.AttributeDefinitions).toEqual(expect.arrayContaining(deployed.AttributeDefinitions as unknown[]));
    expect(deployed.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
    expect(deployed.StreamSpecification).toEqual({ StreamViewType: local.StreamSpecification?.StreamViewType });
    expect(deployed.TimeToLiveSpecification).toEqual({ AttributeName: TABLE_KEYS.ttl, Enabled: true });
  });
});

describe('the functions', () => {
  it('run on Node.js 24 on ARM with JSON logs into their own log group', () => {
    expect(template).toHaveEveryResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.anyValue() } },
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) },
    });
  });

  it('keep their logs for the configured retention, 30 days by default', () => {
    const fn = stack.api.adminFunction;
    expect(resource(template, logicalId(fn.logGroup.node.defaultChild as CfnElement)).Properties).toMatchObject({
      RetentionInDays: 30,
    });
  });

  it('keep their logs for logRetentionDays when it is set', () => {
    const custom = synthesize({ settings: { logRetentionDays: '90' } });
    const logGroup = custom.stack.api.adminFunction.logGroup.node.defaultChild as CfnElement;

    expect(resource(custom.template, custom.stack.getLogicalId(logGroup)).Properties).toMatchObject({
      RetentionInDays: 90,
    });
  }, SYNTH_TIMEOUT);

  it('delete their log groups with the stack', () => {
    const logGroup = stack.api.adminFunction.logGroup.node.defaultChild as CfnElement;
    expect(template.toJSON().Resources[logicalId(logGroup)]).toMatchObject({ DeletionPolicy: 'Delete' });
  });

  it('use their own roles without AWS managed policies', () => {
    const roles = Object.values(template.findResources('AWS::Lambda::Function')).map(
      (fn) => (fn as { Properties: { Role: { 'Fn::GetAtt': [string, string] } } }).Properties.Role['Fn::GetAtt'][0],
    );

    expect(new Set(roles).size).toBe(roles.length);
    for (const role of roles) {
      expect(resource(template, role).Properties).toMatchObject({
        AssumeRolePolicyDocument: { Statement: [expect.objectContaining({ Principal: { Service: 'lambda.amazonaws.com' } })] },
      });
    }
    expect(template).toHaveEveryResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  it('every one get every setting the handlers require (functions/handlers/config.ts)', () => {
    const required = Object.entries(ConfigSchema.shape)
      .filter(([, schema]) => !schema.safeParse(undefined).success)
      .map(([name]) => name);
    const functions = template.findResources('AWS::Lambda::Function');

    expect(Object.keys(functions).length).toBeGreaterThanOrEqual(7);
    for (const [id, fn] of Object.entries(functions)) {
      const variables = (fn as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
      expect({ id, missing: required.filter((name) => !(name in variables)) }).toEqual({ id, missing: [] });
    }
  });

  it('every one get the same environment, the optional settings the stack knows included', () => {
    const environments = Object.values(template.findResources('AWS::Lambda::Function')).map(
      (fn) => (fn as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables,
    );
    const [first, ...others] = environments;

    expect(first).toMatchObject({ SES_CONFIGURATION_SET: expect.anything(), SCHEDULER_DLQ_ARN: expect.anything() });
    for (const other of others) expect(other).toEqual(first);
  });
});

describe('the admin function', () => {
  it('reads and writes the table and its indexes', () => {
    const tableArn = { 'Fn::GetAtt': [tableId(), 'Arn'] };
    const role = { Ref: logicalId(stack.api.adminFunction.role.node.defaultChild as CfnElement) };
    const statements = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [role] } })).flatMap(
      (policy) => (policy as { Properties: { PolicyDocument: { Statement: PolicyStatement[] } } }).Properties.PolicyDocument.Statement,
    );

    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem']),
        Resource: [tableArn, { 'Fn::Join': ['', [tableArn, '/index/*']] }],
      }),
    );
  });

  it('gets the table name and the deploy settings as environment variables', () => {
    expect(template).toHaveResourceProperties('AWS::Lambda::Function', {
      Description: 'Partner Pulse admin API',
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: tableId() },
          SENDER_EMAIL: 'surveys@sparkle.example',
          COMPANY_NAME: 'Sparkle Facility Services',
          DEPLOYMENT_TIMEZONE: 'America/New_York',
          SCHEDULE_GROUP: 'PartnerPulse',
        }),
      },
    });
  });

});

describe('the HTTP API', () => {
  it.each(ADMIN_ROUTES.map((route) => `${route.method} ${route.path}`))('serves %s with IAM auth', (routeKey) => {
    expect(template).toHaveResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, AuthorizationType: 'AWS_IAM' });
  });

  it('adds public routes without authorization, acknowledging AwsSolutions-APIG4 with the given reason', () => {
    const reason = 'The test page is opened from an email; the signed token in the path is the credential.';
    const publicApi = synthesize({
      modify: (pulse) =>
        pulse.api.addPublicRoutes({
          path: '/test/{token}',
          methods: [HttpMethod.GET, HttpMethod.POST],
          handler: pulse.api.adminFunction.function,
          reason,
        }),
    });

    expect(publicApi.template).toHaveResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /test/{token}',
      AuthorizationType: 'NONE',
    });
    const acknowledged = (awsSolutionsReport(publicApi.outdir).suppressedViolations ?? []).filter((finding) =>
      finding.violatingConstructs.some((c) => c.constructPath.includes('--test--')),
    );
    // One acknowledgement per route (GET and POST), each carrying the reason.
    expect(acknowledged.map((finding) => [finding.ruleName, finding.reason])).toEqual([
      ['AwsSolutions-APIG4', reason],
      ['AwsSolutions-APIG4', reason],
    ]);
  }, SYNTH_TIMEOUT);

  it.each(PUBLIC_ROUTES.map((route) => `${route.method} ${route.path}`))('serves %s to anyone, on the public pages function', (routeKey) => {
    const route = Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } }));
    const target = (route[0] as { Properties: { Target: { 'Fn::Join': [string, unknown[]] } } } | undefined)?.Properties.Target;
    const integration = (target?.['Fn::Join'][1][1] as { Ref: string } | undefined)?.Ref ?? 'none';

    expect(route).toHaveLength(1);
    expect(route[0]).toMatchObject({ Properties: { AuthorizationType: 'NONE' } });
    expect(resource(template, integration).Properties).toMatchObject({
      IntegrationUri: { 'Fn::GetAtt': [logicalId(stack.publicPages.function.node.defaultChild as CfnElement), 'Arn'] },
    });
  });

  it('has no route but the admin routes (IAM) and the public pages', () => {
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey,
    );
    const known = [...ADMIN_ROUTES, ...PUBLIC_ROUTES].map((route) => `${route.method} ${route.path}`);

    expect([...routeKeys].sort()).toEqual([...known].sort());
  });

  it('throttles the public POSTs, which write, below the stage', () => {
    const posts = PUBLIC_ROUTES.filter((route) => route.method === HttpMethod.POST).map((route) => `${route.method} ${route.path}`);
    const limits = { ThrottlingRateLimit: PUBLIC_POST_THROTTLE.rateLimit, ThrottlingBurstLimit: PUBLIC_POST_THROTTLE.burstLimit };

    expect(PUBLIC_POST_THROTTLE.rateLimit).toBeLessThan(DEFAULT_THROTTLE.rateLimit);
    expect(template).toHaveResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      RouteSettings: Object.fromEntries(posts.map((routeKey) => [routeKey, limits])),
    });
  });

  it('creates the stage after the routes its settings name', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0] as { DependsOn?: string[] };
    const postRoutes = Object.entries(template.findResources('AWS::ApiGatewayV2::Route'))
      .filter(([, route]) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey.startsWith('POST /'))
      .filter(([, route]) => !(route as { Properties: { RouteKey: string } }).Properties.RouteKey.startsWith('POST /admin'))
      .map(([id]) => id);

    expect(stage.DependsOn).toEqual(expect.arrayContaining(postRoutes));
  });

  it('sends payload format 2.0, whose routeKey the handler dispatches on', () => {
    expect(template).toHaveEveryResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  it('throttles the $default stage', () => {
    expect(template).toHaveResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: DEFAULT_THROTTLE.rateLimit,
        ThrottlingBurstLimit: DEFAULT_THROTTLE.burstLimit,
      },
    });
  });

  it('writes JSON access logs by route key, never the raw path that carries tokens', () => {
    const accessLogs = { 'Fn::GetAtt': [logicalId(stack.api.accessLogGroup.node.defaultChild as CfnElement), 'Arn'] };
    expect(template).toHaveResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: {
        DestinationArn: accessLogs,
        Format: Match.serializedJson(Match.objectLike({ requestId: '$context.requestId', routeKey: '$context.routeKey' })),
      },
    });
    expect(template).toHaveEveryResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { Format: Match.not(Match.stringLikeRegexp('\\$context\\.path')) },
    });
  });

  it('keeps access logs for the configured retention', () => {
    expect(resource(template, logicalId(stack.api.accessLogGroup.node.defaultChild as CfnElement)).Properties).toMatchObject({
      RetentionInDays: 30,
    });
  });
});

describe('email, scheduling and monitoring', () => {
  it('has an SES configuration set that suppresses bounces and complaints', () => {
    expect(template).toHaveResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: Match.arrayWith(['BOUNCE', 'COMPLAINT']) },
    });
  });

  it('names the schedule group after the stack', () => {
    expect(template).toHaveResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'PartnerPulse' });
  });

  it('names stack and schedule group by the stackName setting', () => {
    const renamed = synthesize({ settings: { stackName: 'SparklePulse' } });

    expect(renamed.stack.stackName).toBe('SparklePulse');
    expect(renamed.template).toHaveResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'SparklePulse' });
  }, SYNTH_TIMEOUT);

  it('refuses alarm publishing without TLS', () => {
    expect(template).toHaveResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('subscribes no one to alarms when alarmEmail is not set', () => {
    const alarmTopic = { Ref: logicalId(stack.monitoring.alarmTopic.node.defaultChild as CfnElement) };
    expect(template.findResources('AWS::SNS::Subscription', { Properties: { TopicArn: alarmTopic } })).toEqual({});
  });

  it('subscribes alarmEmail to alarms when it is set', () => {
    const withAlarms = synthesize({ settings: { alarmEmail: 'ops@sparkle.example' } });

    expect(withAlarms.template).toHaveResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@sparkle.example',
      TopicArn: { Ref: withAlarms.stack.getLogicalId(withAlarms.stack.monitoring.alarmTopic.node.defaultChild as CfnElement) },
    });
  }, SYNTH_TIMEOUT);
});

describe('outputs and warnings', () => {
  it('outputs the API URL and the table name', () => {
    expect(template).toHaveOutput('ApiUrl', { Value: Match.anyValue() });
    expect(template).toHaveOutput('TableName', { Value: { Ref: tableId() } });
  });

  it('outputs the configuration set, schedule group and alarm topic for later issues', () => {
    expect(template).toHaveOutput('ConfigurationSetName', { Value: Match.anyValue() });
    expect(template).toHaveOutput('ScheduleGroupName', { Value: 'PartnerPulse' });
    expect(template).toHaveOutput('AlarmTopicArn', { Value: Match.anyValue() });
  });

  it('warns while the postal address is the placeholder', () => {
    const placeholder = synthesize({ settings: { postalAddress: undefined } });

    expect(Annotations.fromStack(placeholder.stack).findWarning('/PartnerPulse', Match.stringLikeRegexp('postalAddress'))).not.toEqual([]);
  }, SYNTH_TIMEOUT);

  it('does not warn once a postal address is set', () => {
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('postalAddress'))).toEqual([]);
  });
});
