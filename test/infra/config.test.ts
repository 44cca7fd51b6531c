// Deploy settings: validated at synth with messages that name the field and the flag that sets it.
import { spawnSync } from 'node:child_process';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SERVICE_CATALOG,
  DEPLOY_SETTING_KEYS,
  DeployConfigError,
  parseDeployConfig,
  POSTAL_ADDRESS_PLACEHOLDER,
  readDeployConfig,
  runtimeEnvironment,
} from '#lib/config.ts';
import { REPO_ROOT } from '#lib/constructs/function.ts';
import { newOutdir } from './synth.ts';

const REQUIRED = { senderEmail: 'surveys@sparkle.example', companyName: 'Sparkle Facility Services' };

/** What the stack adds to the deploy settings' variables. */
const FUNCTION_ENVIRONMENT = {
  TABLE_NAME: 'pulse-test',
  PUBLIC_URL: 'https://api.example.com/',
  SCHEDULE_GROUP: 'PartnerPulse',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
  OCCURRENCE_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:occurrence',
  FOLLOWUP_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:followup',
  TOKEN_SECRET_ID: 'pulse/token-keys',
};

function problems(raw: Record<string, unknown>): string {
  try {
    parseDeployConfig(raw);
  } catch (error) {
    if (error instanceof DeployConfigError) return error.message;
    throw error;
  }
  throw new Error(`settings were accepted: ${JSON.stringify(raw)}`);
}

describe('deploy settings', () => {
  it('name senderEmail and the flag that sets it when it is missing', () => {
    const message = problems({ companyName: 'Sparkle' });

    expect(message).toMatch(/senderEmail: required/);
    expect(message).toContain('-c senderEmail=');
  });

  it.each(['surveys', 'surveys@', 'a b@sparkle.example', '<surveys@sparkle.example>'])(
    'reject the sender address %j',
    (senderEmail) => {
      expect(problems({ ...REQUIRED, senderEmail })).toMatch(/senderEmail: must be an email address/);
    },
  );

  it('name companyName when it is missing', () => {
    expect(problems({ senderEmail: 'surveys@sparkle.example' })).toMatch(/companyName: required/);
  });

  it('apply the defaults', () => {
    const config = parseDeployConfig(REQUIRED);

    expect(config).toEqual({
      ...REQUIRED,
      postalAddress: POSTAL_ADDRESS_PLACEHOLDER,
      stackName: 'PartnerPulse',
      logRetentionDays: 30,
      deploymentTimezone: 'America/New_York',
      agendaDaysBefore: 3,
      surveyDelayHours: 2,
      reminderBusinessDays: 3,
      tokenTtlDays: 30,
      managerLinkDays: 14,
      publicRateLimit: 300,
      serviceCatalog: [...DEFAULT_SERVICE_CATALOG],
    });
  });

  it('mark the default postal address as one to change', () => {
    expect(POSTAL_ADDRESS_PLACEHOLDER).toMatch(/^CHANGE ME/);
    expect(POSTAL_ADDRESS_PLACEHOLDER).toContain('-c postalAddress=');
  });

  it('read numbers given as strings on the command line', () => {
    const config = parseDeployConfig({ ...REQUIRED, logRetentionDays: '90', agendaDaysBefore: '5', tokenTtlDays: '60' });

    expect(config).toMatchObject({ logRetentionDays: 90, agendaDaysBefore: 5, tokenTtlDays: 60 });
  });

  it.each([
    ['logRetentionDays', '31', /CloudWatch's retention periods/],
    ['agendaDaysBefore', '0', /agendaDaysBefore/],
    ['surveyDelayHours', '2.5', /whole number/],
    ['deploymentTimezone', 'Mars/Olympus', /must be an IANA timezone/],
    // Intl accepts these, the functions never did: they failed at every cold start.
    ['deploymentTimezone', 'EST', /must be an IANA timezone .*got "EST"/],
    ['deploymentTimezone', 'EST5EDT', /must be an IANA timezone/],
    ['deploymentTimezone', 'US/Eastern', /must be an IANA timezone/],
    ['stackName', '9lives', /must start with a letter/],
    // The scheduled functions are named `<stackName>-occurrence`: Lambda allows 64 characters.
    ['stackName', `P${'p'.repeat(53)}`, /up to 53 letters/],
    ['stackName', 'P'.repeat(54), /up to 53 letters/],
  ])('reject %s=%s', (key, value, expected) => {
    expect(problems({ ...REQUIRED, [key]: value })).toMatch(new RegExp(`${key}: ${expected.source}|${expected.source}`));
  });

  it('reject a token lifetime shorter than the reminder delay', () => {
    expect(problems({ ...REQUIRED, reminderBusinessDays: '5', tokenTtlDays: '7' })).toMatch(/tokenTtlDays: must be more than/);
  });

  it('read people as "Name <email>" strings, JSON strings or objects', () => {
    const config = parseDeployConfig({
      ...REQUIRED,
      supervisor: 'Luis Ortega <luis@sparkle.example>',
      operationsManager: '{"name": "Sam Ito", "email": "sam@sparkle.example"}',
      executive: { name: 'Pat Kim', email: 'pat@sparkle.example' },
    });

    expect(config.supervisor).toEqual({ name: 'Luis Ortega', email: 'luis@sparkle.example' });
    expect(config.operationsManager).toEqual({ name: 'Sam Ito', email: 'sam@sparkle.example' });
    expect(config.executive).toEqual({ name: 'Pat Kim', email: 'pat@sparkle.example' });
  });

  it('name the person field whose address is bad', () => {
    const message = problems({ ...REQUIRED, supervisor: 'Luis Ortega <luis>', executive: 'Pat Kim' });

    expect(message).toMatch(/supervisor\.email: must be an email address/);
    expect(message).toMatch(/executive: must be "Name <name@your-company\.example>"/);
  });

  it('read the service catalog from a list, a JSON string or a comma-separated string', () => {
    expect(parseDeployConfig({ ...REQUIRED, serviceCatalog: ['A', 'B'] }).serviceCatalog).toEqual(['A', 'B']);
    expect(parseDeployConfig({ ...REQUIRED, serviceCatalog: '["A", "B"]' }).serviceCatalog).toEqual(['A', 'B']);
    expect(parseDeployConfig({ ...REQUIRED, serviceCatalog: 'A, B' }).serviceCatalog).toEqual(['A', 'B']);
  });

  it('pass risk rule overrides to the functions, which start with them', async () => {
    const { parseConfig } = await import('#handlers/config.ts');
    const environment = runtimeEnvironment(parseDeployConfig({ ...REQUIRED, riskRules: '{"lowScore": 50}' }));

    expect(environment.RISK_RULES).toBe('{"lowScore":50}');
    expect(parseConfig({ ...FUNCTION_ENVIRONMENT, ...environment }).RISK_RULES?.lowScore).toBe(50);
  });

  it.each([
    ['{"lowScore":"x"}', 'riskRules.lowScore: must be a number of points from 0 to 100'],
    ['{"lowScor":50}', 'riskRules.lowScor: is not a known name'],
    ['{"decliningCycles":2.5}', 'riskRules.decliningCycles: must be a whole number of cycles'],
    ['{"warningWords":"cancel"}', 'riskRules.warningWords: must be a list of words or phrases'],
    ['{"dropWatch":50,"dropAtRisk":40}', 'riskRules.dropAtRisk: must not be below dropWatch (50)'],
    ['[1]', 'riskRules: must be a JSON object of rule overrides'],
    ['lowScore=50', 'riskRules: must be a JSON object of rule overrides'],
  ])('refuse riskRules=%s at synth, naming the rule', (riskRules, expected) => {
    expect(problems({ ...REQUIRED, riskRules })).toContain(expected);
  });

  it.each([
    ['companyName', 'x'.repeat(101)],
    ['postalAddress', 'x'.repeat(301)],
    ['stackName', 'a_b'],
    ['logRetentionDays', 'thirty'],
    ['deploymentTimezone', 'CET'],
    ['agendaDaysBefore', '15'],
    ['surveyDelayHours', '0'],
    ['reminderBusinessDays', '11'],
    ['tokenTtlDays', '366'],
    ['managerLinkDays', '0'],
    ['alarmEmail', 'ops'],
    ['supervisor', 'Luis'],
    ['operationsManager', '{"name": "Sam"}'],
    ['executive', 42],
    ['serviceCatalog', '[""]'],
    ['riskRules', '{"silentCycles":0}'],
    ['publicRateLimit', '5'],
    ['replyTo', 'ops'],
  ])('name %s when its value is bad', (key, value) => {
    expect(problems({ ...REQUIRED, [key]: value })).toMatch(new RegExp(`^  - ${key}[.:\\[]`, 'm'));
  });

  it('check every setting the app reads', () => {
    const named = ['senderEmail', 'companyName', 'postalAddress', 'stackName', 'logRetentionDays', 'deploymentTimezone', 'agendaDaysBefore',
      'surveyDelayHours', 'reminderBusinessDays', 'tokenTtlDays', 'managerLinkDays', 'alarmEmail', 'supervisor', 'operationsManager', 'executive',
      'serviceCatalog', 'riskRules', 'publicRateLimit', 'replyTo'];

    expect([...DEPLOY_SETTING_KEYS].sort()).toEqual([...named].sort());
  });

  it('treat an empty value as unset', () => {
    expect(parseDeployConfig({ ...REQUIRED, alarmEmail: '', postalAddress: ' ' })).toMatchObject({
      alarmEmail: undefined,
      postalAddress: POSTAL_ADDRESS_PLACEHOLDER,
    });
  });

  it('are read from the app context', () => {
    const app = new App({ context: { ...REQUIRED, alarmEmail: 'ops@sparkle.example', surveyDelayHours: 4 } });

    expect(readDeployConfig(app)).toMatchObject({ ...REQUIRED, alarmEmail: 'ops@sparkle.example', surveyDelayHours: 4 });
  });

  it('become the environment variables the handlers parse', () => {
    const environment = runtimeEnvironment(
      parseDeployConfig({ ...REQUIRED, supervisor: 'Luis Ortega <luis@sparkle.example>', serviceCatalog: 'A, B' }),
    );

    expect(environment).toMatchObject({
      SENDER_EMAIL: REQUIRED.senderEmail,
      COMPANY_NAME: REQUIRED.companyName,
      AGENDA_DAYS_BEFORE: '3',
      DEFAULT_TEAM: JSON.stringify({ supervisor: { name: 'Luis Ortega', email: 'luis@sparkle.example' } }),
      SERVICE_CATALOG: '["A","B"]',
    });
  });
});

describe('the CDK app entry', () => {
  it('stops on a bad setting with a message naming it and no stack trace', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bin/partner-pulse.ts'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_OUTDIR: newOutdir(),
        CDK_CONTEXT_JSON: JSON.stringify({ companyName: 'Sparkle', senderEmail: 'not-an-address' }),
      },
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('senderEmail: must be an email address');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);
});
