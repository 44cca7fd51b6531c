// PulseFunction: the defaults every Lambda of the app gets, and the checks of its entry at synth.
import { App, Duration, Stack } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { PulseFunction } from '#lib/constructs/function.ts';
import type { PulseFunctionProps } from '#lib/constructs/function.ts';
import './matchers.ts';
import { SYNTH_TIMEOUT } from './synth.ts';

const ENTRY = 'functions/handlers/admin-api.ts';

function build(props: PulseFunctionProps): Template {
  return buildWith(props).template;
}

function buildWith(
  props: PulseFunctionProps,
  configure?: (fn: PulseFunction, alarmTopic: Topic) => void,
): { stack: Stack; fn: PulseFunction; template: Template } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test');
  const fn = new PulseFunction(stack, 'Fn', props);
  configure?.(fn, new Topic(stack, 'Alarms'));
  return { stack, fn, template: Template.fromStack(stack) };
}

describe('PulseFunction', { timeout: SYNTH_TIMEOUT }, () => {
  it('defaults to 512 MB, 15 s and a month of logs', () => {
    const template = build({ entry: ENTRY });

    expect(template).toHaveResourceProperties('AWS::Lambda::Function', { MemorySize: 512, Timeout: 15 });
    expect(template).toHaveResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('takes memory, timeout, retention and environment from its props', () => {
    const template = build({
      entry: ENTRY,
      memorySize: 1024,
      timeout: Duration.seconds(60),
      logRetention: RetentionDays.THREE_MONTHS,
      environment: { STAGE: 'test' },
    });

    expect(template).toHaveResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1024,
      Timeout: 60,
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', STAGE: 'test' } },
    });
    expect(template).toHaveResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('lets its role write only to its own log group', () => {
    const { stack, fn, template } = buildWith({ entry: ENTRY });
    const logGroup = stack.getLogicalId(fn.logGroup.node.defaultChild as CfnElement);

    expect(template).toHaveResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] },
          },
        ],
      },
    });
  });

  it('takes a fixed function name when one is given', () => {
    expect(build({ entry: ENTRY, functionName: 'PartnerPulse-occurrence' })).toHaveResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'PartnerPulse-occurrence',
    });
  });

  it('sends what still fails after two asynchronous retries to its own alarmed failure queue', () => {
    const { stack, fn, template } = buildWith({ entry: ENTRY }, (fn, alarmTopic) => fn.deliverAsyncFailures({ alarmTopic }));
    const queue = stack.getLogicalId(fn.asyncFailureQueue!.queue.node.defaultChild as CfnElement);

    expect(template).toHaveResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
    expect(template).toHaveResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
    });
  });

  it.each([
    ['an absolute path', '/tmp/handler.ts', /under functions\/handlers\//],
    ['a file outside functions/handlers', 'functions/domain/model.ts', /under functions\/handlers\//],
    ['a path climbing out of functions/handlers', 'functions/handlers/../domain/model.ts', /under functions\/handlers\//],
    ['a JavaScript file', 'functions/handlers/admin-api.js', /\.ts file/],
    ['a missing file', 'functions/handlers/no-such-handler.ts', /does not exist/],
  ])('refuses %s as entry', (_case, entry, message) => {
    expect(() => build({ entry })).toThrow(message);
  });

  it('refuses an entry that does not export handler', () => {
    expect(() => build({ entry: 'functions/handlers/config.ts' })).toThrow(/does not export `handler`/);
  });
});
