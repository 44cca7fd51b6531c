// Builds the Partner Pulse app from the deploy settings in context, with cdk-nag AwsSolutions checks
// whose findings fail synth. bin/partner-pulse.ts and test/infra build it the same way.
import { Validations } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeployConfig } from './config.ts';
import { PartnerPulseStack } from './partner-pulse-stack.ts';

export function buildPartnerPulse(app: App): PartnerPulseStack {
  const config = readDeployConfig(app);
  const stack = new PartnerPulseStack(app, config.stackName, {
    stackName: config.stackName,
    description: 'Partner Pulse: partnership meetings, quality score surveys and renewal-risk alerts',
    config,
  });
  // Acknowledgements (each with its reason) sit next to the resources they concern.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
