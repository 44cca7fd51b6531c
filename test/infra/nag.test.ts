// cdk-nag AwsSolutions: no finding left unacknowledged, and every acknowledgement reviewed and reasoned.
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { PUBLIC_ROUTES } from '#lib/constructs/api.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { awsSolutionsReport, newOutdir, synthesize, SYNTH_TIMEOUT, type PluginReport } from './synth.ts';

// Every acknowledgement in lib/, with the constructs it may sit on. Adding one means adding it here, on review.
const FUNCTIONS = ['Api/AdminFunction', 'OccurrenceFunction', 'FollowupFunction', 'PublicPagesFunction', 'SesEventsFunction', 'RiskStreamFunction', 'DigestFunction'];
const SCHEDULE_WRITERS = ['Api/AdminFunction', 'OccurrenceFunction', 'FollowupFunction', 'RiskStreamFunction'];
const at = (...paths: string[]) => paths.map((path) => `PartnerPulse/${path}`);
const REVIEWED: readonly { rule: RegExp; at: readonly string[] }[] = [
  // The DynamoDB grant covers the indexes of the one table (queries by GSI1 and GSI2).
  { rule: /^AwsSolutions-IAM5\[Resource::<\w+\.Arn>\/index\/\*\]$/, at: at(...FUNCTIONS) },
  // Schedules are created at run time: the grant covers the schedules of this group only.
  {
    rule: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule\/PartnerPulse\/\*\]$/,
    at: at(...SCHEDULE_WRITERS),
  },
  // scheduler:ListSchedules has no resource type; only the admin function lists (reconcile, removal).
  { rule: /^AwsSolutions-IAM5\[Resource::\*\]$/, at: at('Api/AdminFunction') },
  // Dead-letter queues and failure destinations have no dead-letter queue of their own.
  {
    rule: /^AwsSolutions-SQS3$/,
    at: at('Scheduling/DeadLetters', 'OccurrenceFunction/AsyncFailures', 'FollowupFunction/AsyncFailures', 'DigestFunction/AsyncFailures', 'SesEventsFunction/AsyncFailures', 'RiskStreamFunction/StreamFailures'),
  },
  // The signing keys rotate by hand, in two steps, so links already sent keep working.
  { rule: /^AwsSolutions-SMG4$/, at: at('SigningKeys/Secret') },
  // The edge's distribution: customers anywhere (CFR1), no access logs of token-bearing paths (CFR3),
  // the default certificate's TLS policy (CFR4).
  { rule: /^AwsSolutions-CFR[134]$/, at: at('Edge/Distribution') },
  // The public pages: the signed token in the path is the credential.
  { rule: /^AwsSolutions-APIG4$/, at: at(...PUBLIC_ROUTES.map((route) => `Api/HttpApi/${route.method}${route.path.replace(/\//g, '--')}`)) },
];

describe('cdk-nag AwsSolutions', () => {
  let report: PluginReport;

  beforeAll(() => {
    report = awsSolutionsReport(synthesize().outdir);
  }, SYNTH_TIMEOUT);

  it('reports no unacknowledged finding on the stack', () => {
    expect(report.violations).toEqual([]);
  });

  it('gives every acknowledged finding a reason', () => {
    const suppressed = report.suppressedViolations ?? [];

    expect(suppressed.map((finding) => ({ rule: finding.ruleName, reason: finding.reason?.trim() ?? '' }))).toEqual(
      suppressed.map((finding) => ({ rule: finding.ruleName, reason: expect.stringMatching(/\w{3,}.*\s.*\w{3,}/) })),
    );
  });

  it('acknowledges only the findings reviewed here', () => {
    const suppressed = report.suppressedViolations ?? [];
    const unreviewed = suppressed.filter(
      (finding) =>
        !REVIEWED.some(
          (reviewed) =>
            reviewed.rule.test(finding.ruleName) &&
            finding.violatingConstructs.every((c) => reviewed.at.some((path) => c.constructPath.startsWith(`${path}/`))),
        ),
    );

    expect(unreviewed.map((f) => [f.ruleName, f.violatingConstructs.map((c) => c.constructPath)])).toEqual([]);
  });

  it('fails synth on a non-compliant resource, so a clean run means the checks ran', () => {
    const outdir = newOutdir();
    const synth = () => synthesize({ outdir, modify: (stack) => new Queue(stack, 'PlainQueue') });

    expect(synth).toThrow(/AwsSolutions-SQS4/);
    const findings = awsSolutionsReport(outdir).violations.filter((finding) =>
      finding.violatingConstructs.some((c) => c.constructPath === 'PartnerPulse/PlainQueue/Resource'),
    );
    expect(findings.map((f) => f.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  }, SYNTH_TIMEOUT);
});
