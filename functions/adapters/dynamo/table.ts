// What every repository shares: the document client, the table it works on, paging, and the
// translation between items and models. The keys themselves are spelled in #contract/table.ts.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as z from '#contract/zod.ts';
import { ATTRIBUTES, KEY_ATTRIBUTES, KEY_END, keys, type Entity, type Key } from '#contract/table.ts';

export type Item = Record<string, unknown>;

export function createDocumentClient(client = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** The table as the repositories use it: a document client and the table's name. */
export class Table {
  constructor(
    readonly db: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  async get(Key: Key, consistent = false): Promise<Item | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.name, Key, ...(consistent ? { ConsistentRead: true } : {}) }),
    );
    return Item;
  }

  async put(Item: Item): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.name, Item }));
  }

  /** Every item a Query matches, page after page. */
  async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.db.send(new QueryCommand({ ...input, TableName: this.name, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  /** The account's items under `prefix`, newest (highest sort key) first, at most `limit`. */
  async latest(accountId: string, prefix: string, limit: number): Promise<Item[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.name,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.account.partition(accountId), ':prefix': prefix },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items;
  }

  /** The account's items under `prefix`. */
  async under(accountId: string, prefix: string): Promise<Item[]> {
    return this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.account.partition(accountId), ':prefix': prefix },
    });
  }

  /**
   * The account's items whose sort key lies between `prefix + from` and the end of `prefix`: for
   * keys led by an instant, everything at or after it, in one key range.
   */
  async from(accountId: string, prefix: string, from: string, newestFirst = false): Promise<Item[]> {
    return this.queryAll({
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.account.partition(accountId), ':from': `${prefix}${from}`, ':to': `${prefix}${KEY_END}` },
      ...(newestFirst ? { ScanIndexForward: false } : {}),
    });
  }

  /** Deletes the keys in batches of 25, retrying what DynamoDB leaves unprocessed. */
  async deleteAll(keysToDelete: Item[]): Promise<void> {
    for (let start = 0; start < keysToDelete.length; start += 25) {
      let pending: Item[] = keysToDelete.slice(start, start + 25);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        const { UnprocessedItems } = await this.db.send(
          new BatchWriteCommand({
            RequestItems: { [this.name]: pending.map((Key) => ({ DeleteRequest: { Key } })) },
          }),
        );
        pending = (UnprocessedItems?.[this.name] ?? []).flatMap((request) =>
          request.DeleteRequest?.Key ? [request.DeleteRequest.Key] : [],
        );
      }
    }
  }
}

/** A model as an item: its keys, its kind, then its data. */
export function toItem(key: Key & Item, entity: Entity, data: object): Item {
  return { ...key, [ATTRIBUTES.entity]: entity, ...data };
}

/** Strips the key attributes and checks the shape, so a corrupt item fails loudly here and not later. */
export function fromItem<S extends z.core.$ZodType>(schema: S, item: Item): z.output<S> {
  const data: Item = { ...item };
  for (const key of KEY_ATTRIBUTES) delete data[key];
  return z.parse(schema, data);
}

/** DynamoDB's TTL attribute: whole seconds since the epoch. */
export function epochSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}
