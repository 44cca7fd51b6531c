// The single DynamoDB table. Stateful: retained on stack deletion and protected from deletion.
// functions/adapters/table.ts declares the same shape for the local cloud; test/infra checks they agree.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface DataProps {
  /**
   * What happens to the table when it leaves the stack. Anything but RETAIN loses every account.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

export class Data extends Construct {
  /** Items per account under `PK = ACCOUNT#<id>`; GSI1 = risk level × renewal date and the account list, GSI2 = a manager's accounts. */
  public readonly table: TableV2;

  constructor(scope: Construct, id: string, props: DataProps = {}) {
    super(scope, id);
    const key = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Table', {
      partitionKey: key('PK'),
      sortKey: key('SK'),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      // The risk engine reads score changes from the stream and needs the previous image.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: 'expiresAt',
      globalSecondaryIndexes: [
        { indexName: 'GSI1', partitionKey: key('GSI1PK'), sortKey: key('GSI1SK'), projectionType: ProjectionType.ALL },
        { indexName: 'GSI2', partitionKey: key('GSI2PK'), sortKey: key('GSI2SK'), projectionType: ProjectionType.ALL },
      ],
    });
  }
}
