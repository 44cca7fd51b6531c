// PublicEdge: CloudFront in front of the HTTP API, with an AWS WAF web ACL whose rate-based rule limits
// each client IP on its own. The stage's throttles are one bucket per route shared by every customer,
// so a few forged requests a second from one address used to lock everyone out of their survey; the
// per-IP rule answers that address 429 and leaves the others alone.
//
// Why this shape: AWS WAF cannot be associated with an API Gateway HTTP API (its protected resources
// are CloudFront, REST APIs, ALBs, AppSync, Cognito, App Runner, Amplify and Verified Access), so the
// web ACL sits on a CloudFront distribution whose origin is the API. A web ACL of CLOUDFRONT scope
// exists only in us-east-1: the stack must be deployed there while the edge is on (a template rule
// stops a deploy elsewhere with that message), or the edge is turned off with
// `-c publicRateLimit=off`. The emails' links point at the distribution (on the company's own host
// name with `linkDomain`); the admin API stays on the API's own URL (SigV4 signs the Host, which
// CloudFront would change).
import { CfnRule, Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import { Certificate, CertificateValidation, type ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { AaaaRecord, ARecord, HostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { CloudFrontTarget } from 'aws-cdk-lib/aws-route53-targets';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** The only region where a web ACL of CLOUDFRONT scope can be created. */
export const EDGE_REGION = 'us-east-1';

/** AWS WAF counts each IP's requests over this window (seconds); the limit is per window. */
export const RATE_WINDOW_SECONDS = 300;

/** What a client over its limit gets, from WAF in AWS and from local/http-api.ts locally. */
export const RATE_LIMITED_STATUS = 429;
export const RATE_LIMITED_MESSAGE = 'Too many requests from your network. Please wait a few minutes and try again.';

export interface PublicEdgeProps {
  /** The API the distribution forwards to (every path, every method, nothing cached). */
  readonly httpApi: HttpApi;
  /** Requests one IP may make in RATE_WINDOW_SECONDS before it is answered 429. */
  readonly rateLimit: number;
  /**
   * The company's host name for the links, with its ACM certificate (us-east-1) or the Route 53 zone
   * of its parent domain, in which the certificate is validated and the alias records are made.
   */
  readonly linkDomain?: { readonly name: string; readonly certificateArn?: string; readonly hostedZoneId?: string };
}

export class PublicEdge extends Construct {
  public readonly distribution: Distribution;
  public readonly webAcl: CfnWebACL;
  /** Base URL of the public pages through the edge, ending in `/` like the stage URL. */
  public readonly url: string;
  /** The metric name of the rate-based rule (AWS/WAFV2, dimension Rule). */
  public readonly rateRuleMetricName: string;
  public readonly webAclMetricName: string;

  constructor(scope: Construct, id: string, props: PublicEdgeProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (!Token.isUnresolved(stack.region) && stack.region !== EDGE_REGION) {
      throw new Error(
        `publicRateLimit needs the stack in ${EDGE_REGION} (a CloudFront web ACL exists only there), but it is in ${stack.region}. ` +
          'Deploy to us-east-1, or pass -c publicRateLimit=off.',
      );
    }
    // An environment-agnostic stack learns its region only at deploy: the template says no there.
    new CfnRule(this, 'EdgeRegion', {
      assertions: [
        {
          assert: Fn.conditionEquals(stack.region, EDGE_REGION),
          assertDescription: `The per-IP rate limit of the public pages (AWS WAF on CloudFront) can only be deployed in ${EDGE_REGION}. Deploy there, or pass -c publicRateLimit=off.`,
        },
      ],
    });

    this.webAclMetricName = `${stack.stackName}-public-pages`;
    this.rateRuleMetricName = `${stack.stackName}-per-ip-rate`;
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'Partner Pulse: per-IP rate limit of the survey, unsubscribe and acknowledgement pages',
      defaultAction: { allow: {} },
      customResponseBodies: {
        rateLimited: { contentType: 'TEXT_PLAIN', content: RATE_LIMITED_MESSAGE },
      },
      rules: [
        {
          name: 'PerIpRateLimit',
          priority: 0,
          statement: {
            rateBasedStatement: { limit: props.rateLimit, aggregateKeyType: 'IP', evaluationWindowSec: RATE_WINDOW_SECONDS },
          },
          action: { block: { customResponse: { responseCode: RATE_LIMITED_STATUS, customResponseBodyKey: 'rateLimited' } } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: this.rateRuleMetricName },
        },
      ],
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: this.webAclMetricName },
    });

    // https://<id>.execute-api.<region>.amazonaws.com → the host name.
    const apiHost = Fn.select(2, Fn.split('/', props.httpApi.apiEndpoint));
    const domain = props.linkDomain;
    const zone =
      domain?.hostedZoneId === undefined
        ? undefined
        : HostedZone.fromHostedZoneAttributes(this, 'LinkZone', { hostedZoneId: domain.hostedZoneId, zoneName: domain.name.split('.').slice(1).join('.') });
    let certificate: ICertificate | undefined;
    if (domain?.certificateArn !== undefined) certificate = Certificate.fromCertificateArn(this, 'LinkCertificate', domain.certificateArn);
    else if (domain !== undefined && zone !== undefined) {
      certificate = new Certificate(this, 'LinkCertificate', { domainName: domain.name, validation: CertificateValidation.fromDns(zone) });
    }
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Partner Pulse public pages (per-IP rate limit)',
      webAclId: this.webAcl.attrArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe: where the company's customers are; the rest still reach it, from farther.
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: new HttpOrigin(apiHost, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [OriginSslPolicy.TLS_V1_2],
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        // Every page answer is per token and per moment: nothing may be cached.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        // The API routes by its own host name; everything else the viewer sent goes through.
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      ...(domain && certificate
        ? { domainNames: [domain.name], certificate, minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 }
        : {}),
    });
    this.url = `https://${domain?.name ?? this.distribution.distributionDomainName}/`;
    if (domain !== undefined && zone !== undefined) {
      const target = RecordTarget.fromAlias(new CloudFrontTarget(this.distribution));
      new ARecord(this, 'LinkAlias', { zone, recordName: domain.name, target });
      new AaaaRecord(this, 'LinkAliasIpv6', { zone, recordName: domain.name, target });
    }

    const acknowledgements = [
      {
        id: 'AwsSolutions::AwsSolutions-CFR1',
        reason: 'Customers and managers open the links wherever they are; a country list would lock out a traveller, and abuse is limited per IP instead.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR3',
        reason:
          'CloudFront access logs would store every path, and public paths carry signed tokens that must not sit in logs; the API stage logs each request by route key, and WAF keeps sampled requests.',
      },
    ];
    // With its own host name the distribution has its own certificate and TLSv1.2_2021: nothing to acknowledge.
    if (domain === undefined) {
      acknowledgements.push({
        id: 'AwsSolutions::AwsSolutions-CFR4',
        reason:
          'The distribution uses its default *.cloudfront.net certificate, for which CloudFront fixes the viewer TLS policy; the linkDomain setting gives it the company\'s host name, its own certificate and TLSv1.2_2021.',
      });
    }
    Validations.of(this.distribution).acknowledge(...acknowledgements);
  }
}
