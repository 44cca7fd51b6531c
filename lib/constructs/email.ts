// Email: the SES configuration set every message is sent with, the permission to send as the
// sender and nobody else, and its events (configuration set → encrypted SNS topic → the ses-events
// function): Send confirms an email went out even when its sender died before recording it;
// bounces and complaints suppress the contact.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ConfigurationSet, EmailSendingEvent, EventDestination, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PulseFunction } from './function.ts';

/** The events the ses-events handler acts on; others would only cost invocations. */
export const PUBLISHED_EVENTS: readonly EmailSendingEvent[] = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
];

export interface EmailProps {
  /** The From address of every email (SES-verified, itself or through its domain). */
  readonly senderEmail: string;
  /** A verified domain whose every address may send (the account managers' invitations). */
  readonly senderDomain?: string | undefined;
}

export class Email extends Construct {
  /** Pass `configurationSet.configurationSetName` to senders. */
  public readonly configurationSet: ConfigurationSet;
  public readonly configurationSetArn: string;
  /** Send, bounce and complaint events of the configuration set, encrypted with `eventsKey`. */
  public readonly eventsTopic: Topic;
  public readonly eventsKey: Key;
  public readonly senderEmail: string;
  public readonly senderDomain: string | undefined;
  /** The identities the sender may send as: the address and its domain (whichever is verified). */
  public readonly identityArns: readonly string[];

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const domain = props.senderEmail.split('@')[1];
    if (!domain) throw new Error(`senderEmail ${props.senderEmail} has no domain`);
    this.senderEmail = props.senderEmail;
    this.senderDomain = props.senderDomain;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      // SES keeps bounced and complaining addresses off the list even before our own suppression runs.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    this.identityArns = [...new Set([props.senderEmail, domain, ...(props.senderDomain ? [props.senderDomain] : [])])].map((identity) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
    );

    // A customer managed key: the AWS managed SNS key cannot let SES publish.
    this.eventsKey = new Key(this, 'EventsKey', {
      description: 'Partner Pulse: encrypts SES bounce and complaint events (recipient addresses) in SNS',
      enableKeyRotation: true,
      // Events are in flight for seconds; nothing to keep once the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.eventsKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SesPublishesEventsOfThisConfigurationSet',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': this.configurationSetArn },
        },
      }),
    );
    this.eventsTopic = new Topic(this, 'EventsTopic', {
      displayName: 'Partner Pulse SES sends, bounces and complaints',
      masterKey: this.eventsKey,
      enforceSSL: true,
    });
    // Adds the topic policy for SES, limited to this configuration set and account.
    this.configurationSet.addEventDestination('SendsBouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.eventsTopic),
      events: [...PUBLISHED_EVENTS],
    });
  }

  /**
   * Lets `grantee` send email (SendRawEmail, SendEmail) only from the sender address (or an address
   * at `senderDomain`, the account managers' invitations), only as the
   * sender's identity (address or domain), through this configuration set.
   */
  public grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendRawEmail', 'ses:SendEmail'],
        resources: [...this.identityArns, this.configurationSetArn],
        conditions: this.senderDomain
          ? { StringLike: { 'ses:FromAddress': [this.senderEmail, `*@${this.senderDomain}`] } }
          : { StringEquals: { 'ses:FromAddress': this.senderEmail } },
      }),
    );
  }

  /**
   * Delivers the events to `fn`. SNS invokes it asynchronously: what SNS cannot deliver, and what the
   * function still fails on after Lambda's retries, lands in `deadLetters`.
   */
  public deliverEventsTo(fn: PulseFunction, deadLetters: IQueue): void {
    this.eventsTopic.addSubscription(new LambdaSubscription(fn.function, { deadLetterQueue: deadLetters }));
  }
}
