// cdk-nag AwsSolutions: no finding left unacknowledged, and every acknowledgement reviewed and reasoned.
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { awsSolutionsReport, newOutdir, synthesize, SYNTH_TIMEOUT, type PluginReport } from './synth.ts';

// Every acknowledgement in lib/, with the construct it sits on. Adding one means adding it here, on review.
const REVIEWED = [
  { rule: /^AwsSolutions-IAM5\[Resource::<\w+\.Arn>\/index\/\*\]$/, at: 'PartnerPulse/Api/AdminFunction' },
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
            finding.violatingConstructs.every((c) => c.constructPath.startsWith(`${reviewed.at}/`)),
        ),
    );

    expect(unreviewed.map((f) => f.ruleName)).toEqual([]);
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
