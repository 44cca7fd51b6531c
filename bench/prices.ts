// Published on-demand prices, us-east-1, in USD, free tiers ignored. Checked on 2026-11-23 against
// the pages below; update `CHECKED` with the figures.
export const CHECKED = '2026-11-23';

export const PRICES = {
  /** https://aws.amazon.com/ses/pricing/ ($0.10 per 1,000 emails; every recipient counts as one email) */
  sesPerEmail: 0.1 / 1_000,
  /** https://aws.amazon.com/eventbridge/pricing/ (Scheduler: $1.00 per million invocations) */
  schedulerPerInvocation: 1 / 1_000_000,
  /** https://aws.amazon.com/lambda/pricing/ (Arm: $0.0000133334 per GB-second; the INIT phase is billed since Aug 2025) */
  lambdaPerGbSecond: 0.0000133334,
  /** https://aws.amazon.com/lambda/pricing/ ($0.20 per million requests) */
  lambdaPerRequest: 0.2 / 1_000_000,
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.625 per million write request units) */
  dynamoPerWriteUnit: 0.625 / 1_000_000,
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.125 per million read request units) */
  dynamoPerReadUnit: 0.125 / 1_000_000,
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ (standard table class: $0.25 per GB-month) */
  dynamoStoragePerGbMonth: 0.25,
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ (continuous backups, PITR: $0.20 per GB-month) */
  dynamoPitrPerGbMonth: 0.2,
  /** https://aws.amazon.com/api-gateway/pricing/ (HTTP APIs: $1.00 per million requests, first 300 million) */
  httpApiPerRequest: 1 / 1_000_000,
  /** https://aws.amazon.com/sns/pricing/ ($0.50 per million requests; deliveries to Lambda are free) */
  snsPerNotification: 0.5 / 1_000_000,
  /** https://aws.amazon.com/secrets-manager/pricing/ ($0.40 per secret per month) */
  secretPerMonth: 0.4,
  /** https://aws.amazon.com/secrets-manager/pricing/ ($0.05 per 10,000 API calls) */
  secretPerCall: 0.05 / 10_000,
  /** https://aws.amazon.com/kms/pricing/ ($1.00 per customer managed key per month) */
  kmsKeyPerMonth: 1,
  /** https://aws.amazon.com/cloudwatch/pricing/ (Logs: $0.50 per GB ingested) */
  logsPerGb: 0.5,
  /** https://aws.amazon.com/cloudwatch/pricing/ (standard-resolution metric alarm: $0.10 per month) */
  alarmPerMonth: 0.1,
  /** https://aws.amazon.com/waf/pricing/ ($5.00 per web ACL per month) */
  wafWebAclPerMonth: 5,
  /** https://aws.amazon.com/waf/pricing/ ($1.00 per rule per month) */
  wafRulePerMonth: 1,
  /** https://aws.amazon.com/waf/pricing/ ($0.60 per million requests) */
  wafPerRequest: 0.6 / 1_000_000,
  /** https://aws.amazon.com/cloudfront/pricing/ (HTTPS requests, North America: $0.0100 per 10,000) */
  cloudFrontPerRequest: 0.01 / 10_000,
  /** https://aws.amazon.com/cloudwatch/pricing/ ($3.00 per dashboard per month) */
  dashboardPerMonth: 3,
  /** https://aws.amazon.com/sqs/pricing/ ($0.40 per million requests; the dead-letter queues stay empty) */
  sqsPerRequest: 0.4 / 1_000_000,
} as const;
