// The single DynamoDB table. Stateful: retained on stack deletion and protected from deletion.
// Its keys, indexes and TTL attribute are #contract/table.ts, which the local cloud creates too;
// test/infra checks they agree.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { INDEXES, TABLE_KEYS } from '#contract/table.ts';

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
      partitionKey: key(TABLE_KEYS.partitionKey),
      sortKey: key(TABLE_KEYS.sortKey),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      // The risk engine reads score changes from the stream and needs the previous image.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TABLE_KEYS.ttl,
      globalSecondaryIndexes: Object.values(INDEXES).map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: ProjectionType.ALL,
      })),
    });
  }
}
