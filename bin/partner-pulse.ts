#!/usr/bin/env node
// CDK app entry (cdk.json "app"): a bad deploy setting prints which one and how to set it, no stack trace.
import { App } from 'aws-cdk-lib';
import { buildPartnerPulse } from '#lib/app.ts';
import { DeployConfigError } from '#lib/config.ts';

try {
  buildPartnerPulse(new App());
} catch (error) {
  if (!(error instanceof DeployConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
