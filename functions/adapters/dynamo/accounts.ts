// Account profiles (with their contacts) and the account-wide removal.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ENTITIES, INDEXES, keys } from '#contract/table.ts';
import { Conflict, NotFound } from '#domain/errors.ts';
import { Account, RISK_LEVELS, type RiskLevel } from '#domain/model.ts';
import { fromItem, toItem, type Item, type Table } from './table.ts';

const key = keys.account;

function accountItem(account: Account): Item {
  return toItem(
    {
      ...key.of(account.id),
      GSI1PK: key.atLevel(account.risk.level),
      GSI1SK: key.renewal(account.renewalDate, account.id),
      GSI2PK: key.manager(account.team.accountManager.email),
      GSI2SK: key.managed(account.id),
    },
    ENTITIES.account,
    account,
  );
}

export class Accounts {
  constructor(private readonly table: Table) {}

  /** Writes a new account; a Conflict if the id is taken. */
  async create(account: Account): Promise<void> {
    try {
      await this.table.db.send(
        new PutCommand({ TableName: this.table.name, Item: accountItem(account), ConditionExpression: 'attribute_not_exists(PK)' }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new Conflict(`account ${account.id} already exists`);
      throw error;
    }
  }

  async get(id: string): Promise<Account | undefined> {
    const item = await this.table.get(key.of(id));
    return item ? fromItem(Account, item) : undefined;
  }

  async require(id: string): Promise<Account> {
    const account = await this.get(id);
    if (!account) throw new NotFound(`no account with id "${id}"`);
    return account;
  }

  /**
   * Replaces the profile if nobody else changed it since `account.version` was read; the stored
   * version becomes `account.version + 1`. A Conflict tells the caller to read again.
   */
  async save(account: Account): Promise<Account> {
    const next: Account = { ...account, version: account.version + 1 };
    try {
      await this.table.db.send(
        new PutCommand({
          TableName: this.table.name,
          Item: accountItem(next),
          ConditionExpression: 'attribute_exists(PK) AND version = :expected',
          ExpressionAttributeValues: { ':expected': account.version },
        }),
      );
      return next;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new Conflict(`account ${account.id} was changed or removed by someone else; read it again and retry`);
      }
      throw error;
    }
  }

  /** Every account, or those at the given risk levels, each level ordered by renewal date. */
  async list(levels: readonly RiskLevel[] = RISK_LEVELS): Promise<Account[]> {
    const pages = await Promise.all(
      levels.map((level) =>
        this.table.queryAll({
          IndexName: INDEXES.GSI1.name,
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': key.atLevel(level) },
        }),
      ),
    );
    return pages.flat().map((item) => fromItem(Account, item));
  }

  /** Accounts at a risk level whose renewal falls on or before `date` (YYYY-MM-DD). */
  async renewingBy(level: RiskLevel, date: string): Promise<Account[]> {
    const items = await this.table.queryAll({
      IndexName: INDEXES.GSI1.name,
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :last',
      ExpressionAttributeValues: { ':pk': key.atLevel(level), ':last': key.renewingBy(date) },
    });
    return items.map((item) => fromItem(Account, item));
  }

  async managedBy(email: string): Promise<Account[]> {
    const items = await this.table.queryAll({
      IndexName: INDEXES.GSI2.name,
      KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :prefix)',
      ExpressionAttributeValues: { ':pk': key.manager(email.toLowerCase()), ':prefix': key.managedPrefix },
    });
    return items.map((item) => fromItem(Account, item));
  }

  /** Removes the account and everything recorded under it; the profile goes last so a retry finishes the job. */
  async delete(id: string): Promise<void> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': key.partition(id) },
      ProjectionExpression: 'PK, SK',
    });
    const history = items.filter((item) => item.SK !== key.profileSk).map((item) => ({ PK: item.PK, SK: item.SK }));
    await this.table.deleteAll(history);
    await this.table.db.send(new DeleteCommand({ TableName: this.table.name, Key: key.of(id) }));
  }
}
