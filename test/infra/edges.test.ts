// The hardened edges of the stack: a per-IP rate limit in front of the public pages, alarms that reach
// someone, and table access cut to what each function calls.
import type { CfnElement } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PUBLIC_RATE_LIMIT, DeployConfigError, parseDeployConfig } from '#lib/config.ts';
import { RATE_LIMITED_STATUS, RATE_WINDOW_SECONDS } from '#lib/constructs/edge.ts';
import { SES_BOUNCE_RATE_ALARM, SES_COMPLAINT_RATE_ALARM } from '#lib/constructs/monitoring.ts';
import { NEVER_GRANTED, TABLE_ACCESS } from '#lib/constructs/table-access.ts';
import type { PartnerPulseStack } from '#lib/partner-pulse-stack.ts';
import { DEFAULT_RATE_LIMIT as LOCAL_RATE_LIMIT } from '../../local/http-api.ts';
import './matchers.ts';
import { synthesize, SYNTH_TIMEOUT } from './synth.ts';

let stack: PartnerPulseStack;
let template: Template;
let bare: { stack: PartnerPulseStack; template: Template };

beforeAll(() => {
  ({ stack, template } = synthesize());
  bare = synthesize({ settings: { publicRateLimit: 'off', alarmEmail: 'ops@sparkle.example' } });
}, SYNTH_TIMEOUT * 2);

const ref = (s: PartnerPulseStack, construct: { node: { defaultChild?: unknown } }) => ({
  Ref: s.getLogicalId(construct.node.defaultChild as CfnElement),
});

describe('the per-IP rate limit of the public pages', () => {
  it('is a WAF rate-based rule per IP, answering 429, on by default', () => {
    expect(template).toHaveResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Statement: {
            RateBasedStatement: { Limit: DEFAULT_PUBLIC_RATE_LIMIT, AggregateKeyType: 'IP', EvaluationWindowSec: RATE_WINDOW_SECONDS },
          },
          Action: { Block: { CustomResponse: Match.objectLike({ ResponseCode: RATE_LIMITED_STATUS }) } },
        }),
      ],
    });
  });

  it('sits on a CloudFront distribution that forwards every method to the API and caches nothing', () => {
    const webAcl = Object.keys(template.findResources('AWS::WAFv2::WebACL'))[0];

    expect(template).toHaveResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: { 'Fn::GetAtt': [webAcl, 'Arn'] },
        DefaultCacheBehavior: Match.objectLike({
          AllowedMethods: Match.arrayWith(['GET', 'HEAD', 'POST']),
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
          ViewerProtocolPolicy: 'redirect-to-https',
        }),
        Origins: [
          Match.objectLike({
            DomainName: { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [Match.anyValue(), 'ApiEndpoint'] }] }] },
            CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] }),
          }),
        ],
      }),
    });
  });

  it('makes the links in emails point at the distribution', () => {
    const domain = { 'Fn::GetAtt': [Object.keys(template.findResources('AWS::CloudFront::Distribution'))[0], 'DomainName'] };
    const publicUrl = { 'Fn::Join': ['', ['https://', domain, '/']] };

    expect(template).toHaveEveryResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PUBLIC_URL: publicUrl }) },
    });
    expect(template).toHaveOutput('PublicUrl', { Value: publicUrl });
  });

  it('refuses to deploy outside us-east-1, where no CloudFront web ACL can exist', () => {
    const rules = template.toJSON().Rules as Record<string, { Assertions: { Assert: unknown }[] }>;

    expect(Object.values(rules).flatMap((rule) => rule.Assertions.map((a) => a.Assert))).toContainEqual({
      'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'],
    });
  });

  it('is left out entirely with publicRateLimit=off: no web ACL, no distribution, links on the API', () => {
    expect(bare.template.findResources('AWS::WAFv2::WebACL')).toEqual({});
    expect(bare.template.findResources('AWS::CloudFront::Distribution')).toEqual({});
    expect(Object.keys(bare.template.toJSON().Rules ?? {}).filter((id) => id.includes('EdgeRegion'))).toEqual([]);
    expect(bare.stack.publicUrl).toBe(bare.stack.api.url);
  });

  it.each([
    ['off', false],
    ['false', false],
    ['500', 500],
    [10, 10],
  ])('reads publicRateLimit=%j', (value, expected) => {
    expect(parseDeployConfig({ senderEmail: 's@sparkle.example', companyName: 'S', publicRateLimit: value }).publicRateLimit).toBe(expected);
  });

  it.each(['9', 'lots', '-1', 2.5])('rejects publicRateLimit=%j with a message naming it', (value) => {
    expect(() => parseDeployConfig({ senderEmail: 's@sparkle.example', companyName: 'S', publicRateLimit: value })).toThrow(
      DeployConfigError,
    );
    expect(() => parseDeployConfig({ senderEmail: 's@sparkle.example', companyName: 'S', publicRateLimit: value })).toThrow(/publicRateLimit/);
  });

  it('is the same limit the local cloud enforces', () => {
    expect(LOCAL_RATE_LIMIT).toEqual({ limit: DEFAULT_PUBLIC_RATE_LIMIT, windowMs: RATE_WINDOW_SECONDS * 1000 });
  });
});

describe('alarms that reach someone', () => {
  it('warns at synth when alarmEmail is not set, and not when it is', () => {
    const warning = Match.stringLikeRegexp('alarmEmail is not set');

    expect(Annotations.fromStack(stack).findWarning('*', warning)).toHaveLength(1);
    expect(Annotations.fromStack(bare.stack).findWarning('*', warning)).toEqual([]);
  });

  it.each(['admin', 'occurrence', 'followup', 'publicPages', 'sesEvents', 'riskStream', 'digest'])(
    'alarm on errors and throttles of %s, to the alarm topic',
    (name) => {
      for (const metricName of ['Errors', 'Throttles']) {
        expect(template).toHaveResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: metricName,
          Dimensions: [{ Name: 'FunctionName', Value: Match.anyValue() }],
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          AlarmActions: [ref(stack, stack.monitoring.alarmTopic)],
        });
      }
      expect(stack.monitoring.alarms[`${name}-errors`]).toBeDefined();
      expect(stack.monitoring.alarms[`${name}-throttles`]).toBeDefined();
    },
  );

  it('alarm on 5xx answers of the HTTP API', () => {
    expect(template).toHaveResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: Match.anyValue() } }],
      AlarmActions: [ref(stack, stack.monitoring.alarmTopic)],
    });
  });

  it("alarm when the risk engine falls behind the table's stream", () => {
    expect(template).toHaveResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: stack.getLogicalId(stack.riskStream.function.node.defaultChild as CfnElement) } }],
      Statistic: 'Maximum',
      AlarmActions: [ref(stack, stack.monitoring.alarmTopic)],
    });
  });

  it.each([
    ['Reputation.BounceRate', SES_BOUNCE_RATE_ALARM, 0.05],
    ['Reputation.ComplaintRate', SES_COMPLAINT_RATE_ALARM, 0.001],
  ])("alarm on the account's SES %s below AWS's review threshold", (metricName, threshold, review) => {
    expect(threshold).toBeLessThan(review);
    expect(template).toHaveResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: metricName,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [ref(stack, stack.monitoring.alarmTopic)],
    });
  });

  it('subscribe alarmEmail to the topic every alarm notifies', () => {
    expect(bare.template).toHaveResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@sparkle.example',
      TopicArn: ref(bare.stack, bare.stack.monitoring.alarmTopic),
    });
    expect(bare.template).toHaveEveryResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [ref(bare.stack, bare.stack.monitoring.alarmTopic)],
    });
  });

  it('come with a dashboard of functions, API, stream, dead letters, SES and the rate limit', () => {
    const body = JSON.stringify(
      Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]?.Properties?.DashboardBody ?? {},
    );

    for (const title of ['HTTP API', 'stream iterator age', 'Dead letters', 'SES reputation', 'per-IP limit', 'publicPages']) {
      expect(body).toContain(title);
    }
  });
});

describe('table access per function', () => {
  type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
  const dynamoActionsOf = (s: PartnerPulseStack, t: Template, role: { node: { defaultChild?: unknown } }): string[] =>
    Object.values(t.findResources('AWS::IAM::Policy', { Properties: { Roles: [ref(s, role)] } }))
      .flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement)
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => action.startsWith('dynamodb:') && !/Stream|GetRecords|GetShardIterator/.test(action));

  const functions = () => ({
    admin: stack.api.adminFunction,
    occurrence: stack.occurrence,
    followup: stack.followup,
    publicPages: stack.publicPages,
    sesEvents: stack.sesEvents,
    riskStream: stack.riskStream,
    digest: stack.digest,
  });

  it.each(Object.keys(TABLE_ACCESS) as (keyof typeof TABLE_ACCESS)[])('gives %s exactly the actions its code calls', (name) => {
    const actions = dynamoActionsOf(stack, template, functions()[name].role);

    expect([...new Set(actions)].sort()).toEqual([...TABLE_ACCESS[name]].sort());
  });

  it('never lets the public function scan, delete or batch-write', () => {
    const actions = dynamoActionsOf(stack, template, stack.publicPages.role);

    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem']));
    for (const forbidden of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*']) {
      expect(actions).not.toContain(forbidden);
    }
  });

  it('lets no function scan the table', () => {
    for (const fn of Object.values(functions())) {
      const actions = dynamoActionsOf(stack, template, fn.role);
      for (const never of NEVER_GRANTED) expect(actions).not.toContain(never);
    }
  });
});
