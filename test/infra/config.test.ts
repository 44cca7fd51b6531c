// Deploy settings: validated at synth with messages that name the field and the flag that sets it.
import { spawnSync } from 'node:child_process';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SERVICE_CATALOG,
  DeployConfigError,
  parseDeployConfig,
  POSTAL_ADDRESS_PLACEHOLDER,
  readDeployConfig,
  runtimeEnvironment,
} from '#lib/config.ts';
import { REPO_ROOT } from '#lib/constructs/function.ts';
import { newOutdir } from './synth.ts';

const REQUIRED = { senderEmail: 'surveys@sparkle.example', companyName: 'Sparkle Facility Services' };

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
    ['deploymentTimezone', 'Mars/Olympus', /IANA time zone/],
    ['stackName', '9lives', /must start with a letter/],
    // The scheduled functions are named `<stackName>-occurrence`: Lambda allows 64 characters.
    ['stackName', `P${'p'.repeat(53)}`, /up to 53 letters/],
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

  it('pass risk rule overrides to the functions, which check each rule by name at start', async () => {
    const { riskRulesFrom } = await import('#domain/risk.ts');
    const environment = runtimeEnvironment(parseDeployConfig({ ...REQUIRED, riskRules: '{"lowScore": 50}' }));

    expect(environment.RISK_RULES).toBe('{"lowScore":50}');
    expect(riskRulesFrom(JSON.parse(environment.RISK_RULES ?? '{}')).lowScore).toBe(50);
    expect(() => riskRulesFrom({ lowScor: 50 })).toThrow(/lowScor/);
    expect(problems({ ...REQUIRED, riskRules: '[1]' })).toMatch(/riskRules: must be a JSON object of rule overrides/);
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
