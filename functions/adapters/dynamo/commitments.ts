// Commitments made to an account, indexed by status across accounts (GSI1) and per account (GSI2).
import { ENTITIES, INDEXES, KEY_END, keys } from '#contract/table.ts';
import { Commitment } from '#domain/model.ts';
import { fromItem, toItem, type Table } from './table.ts';

const key = keys.commitment;

export class Commitments {
  constructor(private readonly table: Table) {}

  async save(commitment: Commitment): Promise<void> {
    const { accountId, id, status, createdAt } = commitment;
    await this.table.put(
      toItem(
        {
          ...key.of(accountId, id),
          GSI1PK: key.inStatus(status),
          GSI1SK: key.created(createdAt, accountId),
          GSI2PK: key.ofAccountInStatus(accountId, status),
          GSI2SK: status === 'done' ? (commitment.doneAt ?? createdAt) : createdAt,
        },
        ENTITIES.commitment,
        commitment,
      ),
    );
  }

  async get(accountId: string, id: string): Promise<Commitment | undefined> {
    const item = await this.table.get(key.of(accountId, id));
    return item ? fromItem(Commitment, item) : undefined;
  }

  /** Every commitment of the account, whatever its status. */
  async of(accountId: string): Promise<Commitment[]> {
    return (await this.table.under(accountId, key.prefix)).map((item) => fromItem(Commitment, item));
  }

  /** The account's open commitments, and those done at or after `doneSince` (ISO instant). */
  async live(accountId: string, doneSince: string): Promise<Commitment[]> {
    const [open, done] = await Promise.all([
      this.table.queryAll({
        IndexName: INDEXES.GSI2.name,
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': key.ofAccountInStatus(accountId, 'open') },
      }),
      this.table.queryAll({
        IndexName: INDEXES.GSI2.name,
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK >= :since',
        ExpressionAttributeValues: { ':pk': key.ofAccountInStatus(accountId, 'done'), ':since': doneSince },
      }),
    ]);
    return [...open, ...done].map((item) => fromItem(Commitment, item));
  }

  /** Every account's open commitments. */
  async open(): Promise<Commitment[]> {
    return this.openCreatedBefore();
  }

  /**
   * Every account's open commitments, oldest first; with `before` (ISO instant), only those created
   * before it (one created at `before` itself may come too, so the caller compares exactly).
   */
  async openCreatedBefore(before?: string): Promise<Commitment[]> {
    const items = await this.table.queryAll({
      IndexName: INDEXES.GSI1.name,
      // GSI1SK is `<created>#<account id>`: everything created before `before` sorts below `<before>\uffff`.
      KeyConditionExpression: before === undefined ? 'GSI1PK = :pk' : 'GSI1PK = :pk AND GSI1SK <= :last',
      ExpressionAttributeValues: { ':pk': key.inStatus('open'), ...(before === undefined ? {} : { ':last': `${before}${KEY_END}` }) },
    });
    return items.map((item) => fromItem(Commitment, item));
  }
}
