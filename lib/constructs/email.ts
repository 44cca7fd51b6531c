// Email: the SES configuration set every message is sent with. Later: sender identity grant,
// bounce and complaint event destination.
import { ConfigurationSet, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export class Email extends Construct {
  /** Pass `configurationSet.configurationSetName` to senders; grant its ARN with the identity's. */
  public readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      // SES keeps bounced and complaining addresses off the list even before our own suppression runs.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
  }
}
