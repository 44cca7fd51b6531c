// The company's own host name on the links: `linkDomain` puts it on the edge's distribution, with an
// imported certificate or one the stack validates in a Route 53 zone, and PUBLIC_URL uses it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeployConfigError, parseDeployConfig } from '#lib/config.ts';
import './matchers.ts';
import { awsSolutionsReport, synthesize, SYNTH_TIMEOUT, type Synthesized } from './synth.ts';

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const URL = 'https://links.sparkle.example/';

let imported: Synthesized;
let zoned: Synthesized;

beforeAll(() => {
  imported = synthesize({ settings: { linkDomain: 'links.sparkle.example', linkCertificateArn: CERTIFICATE, senderDomain: 'sparkle.example' } });
  zoned = synthesize({ settings: { linkDomain: 'links.sparkle.example', linkHostedZoneId: 'Z0123456789ABCDEFGHIJ' } });
}, SYNTH_TIMEOUT * 2);

describe('linkDomain', () => {
  it('puts the host name and its certificate on the distribution, with TLS 1.2 (2021) at least', () => {
    expect(imported.template).toHaveResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['links.sparkle.example'],
        ViewerCertificate: { AcmCertificateArn: CERTIFICATE, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
  });

  it('gives every function and the output the links on that host', () => {
    for (const { template, stack } of [imported, zoned]) {
      expect(stack.publicUrl).toBe(URL);
      expect(template).toHaveEveryResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ PUBLIC_URL: URL }) },
      });
      expect(template).toHaveOutput('PublicUrl', { Value: URL });
    }
  });

  it('with a hosted zone, validates a certificate there and points an alias (IPv4 and IPv6) at the distribution', () => {
    const template = zoned.template;
    expect(template).toHaveResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'links.sparkle.example',
      DomainValidationOptions: [{ DomainName: 'links.sparkle.example', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
      ValidationMethod: 'DNS',
    });
    for (const type of ['A', 'AAAA']) {
      expect(template).toHaveResourceProperties('AWS::Route53::RecordSet', {
        Name: 'links.sparkle.example.',
        Type: type,
        HostedZoneId: 'Z0123456789ABCDEFGHIJ',
        AliasTarget: Match.objectLike({ DNSName: { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] } }),
      });
    }
    expect(imported.template.findResources('AWS::Route53::RecordSet')).toEqual({});
  });

  it('leaves cdk-nag with nothing to report', () => {
    for (const { outdir } of [imported, zoned]) {
      const report = awsSolutionsReport(outdir);
      expect(report.violations).toEqual([]);
      expect((report.suppressedViolations ?? []).map((f) => f.ruleName)).not.toContain('AwsSolutions-CFR4');
    }
  });

  it('leaves cfn-lint with no error', () => {
    for (const { stack, outdir } of [imported, zoned]) {
      const run = spawnSync('cfn-lint', ['--format', 'json', join(outdir, stack.templateFile)], { encoding: 'utf8' });
      expect(run.error).toBeUndefined(); // cfn-lint must be on the PATH
      const findings = JSON.parse(run.stdout) as { Level: string; Message: string }[];
      expect(findings.filter((f) => f.Level === 'Error').map((f) => f.Message)).toEqual([]);
    }
  }, SYNTH_TIMEOUT);

  it('with senderDomain, lets the senders send From any address there, and gives the functions the domain', () => {
    expect(imported.template).toHaveResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['ses:SendRawEmail', 'ses:SendEmail'],
            Condition: { StringLike: { 'ses:FromAddress': ['surveys@sparkle.example', '*@sparkle.example'] } },
          }),
        ]),
      },
    });
    expect(imported.template).toHaveResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SENDER_DOMAIN: 'sparkle.example' }) },
    });
    expect(zoned.template).toHaveResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Condition: { StringEquals: { 'ses:FromAddress': 'surveys@sparkle.example' } } })]),
      },
    });
  });

  it.each([
    [{ linkDomain: 'links.sparkle.example' }, 'linkDomain: needs its certificate'],
    [{ linkDomain: 'links.sparkle.example', linkCertificateArn: CERTIFICATE, publicRateLimit: 'off' }, 'linkDomain: needs the edge'],
    [{ linkCertificateArn: CERTIFICATE }, 'linkDomain: is required with linkCertificateArn'],
    [{ linkDomain: 'links.sparkle.example', linkCertificateArn: CERTIFICATE.replace('us-east-1', 'eu-west-1') }, 'linkCertificateArn: must be an ACM certificate ARN in us-east-1'],
    [{ linkDomain: 'https://links.sparkle.example', linkHostedZoneId: 'Z0123456789ABCDEFGHIJ' }, 'linkDomain: must be a host name'],
  ])('refuses %j', (settings, message) => {
    const parse = () => parseDeployConfig({ senderEmail: 's@sparkle.example', companyName: 'S', ...settings });
    expect(parse).toThrow(DeployConfigError);
    expect(parse).toThrow(message);
  });
});
