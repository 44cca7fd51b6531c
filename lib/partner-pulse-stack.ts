// The PartnerPulse stack: the table (stateful) and the stateless parts built on it, wired by typed props.
import { Annotations, CfnOutput, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { isPostalAddressPlaceholder, runtimeEnvironment } from './config.ts';
import type { DeployConfig } from './config.ts';
import { Api } from './constructs/api.ts';
import { Data } from './constructs/data.ts';
import { Email } from './constructs/email.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { Scheduling } from './constructs/scheduling.ts';

export interface PartnerPulseStackProps extends StackProps {
  /** Validated deploy settings (see `readDeployConfig`). */
  readonly config: DeployConfig;
}

export class PartnerPulseStack extends Stack {
  public readonly config: DeployConfig;
  public readonly data: Data;
  public readonly email: Email;
  public readonly scheduling: Scheduling;
  public readonly monitoring: Monitoring;
  public readonly api: Api;

  constructor(scope: Construct, id: string, props: PartnerPulseStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;

    this.data = new Data(this, 'Data');
    this.email = new Email(this, 'Email');
    this.scheduling = new Scheduling(this, 'Scheduling');
    this.monitoring = new Monitoring(this, 'Monitoring', { alarmEmail: config.alarmEmail });
    this.api = new Api(this, 'Api', {
      table: this.data.table,
      logRetention: config.logRetentionDays,
      adminEnvironment: {
        ...runtimeEnvironment(config),
        SES_CONFIGURATION_SET: this.email.configurationSet.configurationSetName,
        SCHEDULE_GROUP: this.scheduling.scheduleGroup.scheduleGroupName,
      },
    });

    if (isPostalAddressPlaceholder(config)) {
      Annotations.of(this).addWarningV2(
        'partner-pulse:postalAddressPlaceholder',
        'postalAddress is still the placeholder: set -c postalAddress="Street, City, State ZIP" before sending real email.',
      );
    }

    // Names the pulse CLI (`--stack`) and operators read; keep them stable.
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName, description: 'DynamoDB table' });
    new CfnOutput(this, 'ConfigurationSetName', {
      value: this.email.configurationSet.configurationSetName,
      description: 'SES configuration set every email is sent with',
    });
    new CfnOutput(this, 'ScheduleGroupName', {
      value: this.scheduling.scheduleGroup.scheduleGroupName,
      description: 'EventBridge Scheduler group of the meeting schedules',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn, description: 'SNS topic of all alarms' });
  }
}
