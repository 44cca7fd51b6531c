// The store: every read and write of the single DynamoDB table goes through here.
//
// Key design (one table, `PK`/`SK`, two overloaded GSIs, no Scan on any runtime path):
//
// | item            | PK               | SK                                   | GSI1PK / GSI1SK                      | GSI2PK / GSI2SK                 |
// |-----------------|------------------|--------------------------------------|--------------------------------------|---------------------------------|
// | account profile | ACCOUNT#<id>     | PROFILE                              | ACCOUNTS#<risk level> / <renewal>#<id> | MANAGER#<am email> / ACCOUNT#<id> |
// | meeting         | ACCOUNT#<id>     | MEETING#<scheduled time ISO>         |                                      |                                 |
// | survey request  | ACCOUNT#<id>     | SURVEY#<meeting id>#<contact id>     |                                      |                                 |
// | score (latest)  | ACCOUNT#<id>     | SCORE#<meeting id>#<contact id>      |                                      |                                 |
// | answer history  | ACCOUNT#<id>     | ANSWER#<meeting id>#<contact id>#<at>|                                      |                                 |
// | commitment      | ACCOUNT#<id>     | COMMITMENT#<id>                      | COMMITMENTS#<status> / <created>#<account id> | COMMITMENTS#<account id>#<status> / <created or done> |
// | account event   | ACCOUNT#<id>     | EVENT#<at>#<id>                      |                                      |                                 |
// | alert           | ACCOUNT#<id>     | ALERT#<created>#<id>                 |
// | risk signal     | ACCOUNT#<id>     | SIGNAL#<id>                          |                                      |                                 |
// | once-marker     | ONCE#<key>       | ONCE                                 |                                      |                                 |
//
// Contacts live inside the profile item: an account has a handful, and every email needs the
// profile and its contacts together, so one GetItem serves both and one conditional write keeps
// them consistent.
//
// Access patterns:
// 1. Account by id: GetItem(ACCOUNT#id, PROFILE).
// 2. All accounts, or those at a risk level, ordered by renewal date: Query GSI1 per level.
// 3. An account manager's accounts: Query GSI2 (MANAGER#email).
// 4. An account's meetings, scores, answers, events, commitments, alerts: Query PK with an SK prefix,
//    newest first where it matters, with a small Limit or a date range in the key condition (scores
//    of the meetings since a date, events since a date) so the cost does not grow with history.
// 5. Open commitments across accounts: Query GSI1 (COMMITMENTS#open). An account's open commitments
//    and those done since a date: Query GSI2 (COMMITMENTS#<id>#open, and #done with a date range), so
//    the commitments closed long ago are never read again.
// 6. Exactly-once side effects (an email for an occurrence): conditional Put of a once-marker; a send
//    holds it as a lease until it is marked sent.
//
// Conditional writes guard every write a duplicate must not make: account creation
// (attribute_not_exists), profile updates (version match), meetings (attribute_not_exists), once-markers.
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import { Conflict, NotFound } from '#domain/errors.ts';
import {
  Account,
  AccountEvent,
  Alert,
  type Click,
  Commitment,
  Meeting,
  RISK_LEVELS,
  type RiskLevel,
  RiskSignal,
  Score,
  SurveyRequest,
} from '#domain/model.ts';

type Item = Record<string, unknown>;

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'entity', 'expiresAt'] as const;

const accountKey = (id: string) => ({ PK: `ACCOUNT#${id}`, SK: 'PROFILE' });

export function createDocumentClient(client = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export class Store {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  // ---- accounts -------------------------------------------------------------------------

  /** Writes a new account; a Conflict if the id is taken. */
  async createAccount(account: Account): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: accountItem(account),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new Conflict(`account ${account.id} already exists`);
      throw error;
    }
  }

  async getAccount(id: string): Promise<Account | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: accountKey(id) }));
    return Item ? fromItem(Account, Item) : undefined;
  }

  async requireAccount(id: string): Promise<Account> {
    const account = await this.getAccount(id);
    if (!account) throw new NotFound(`no account with id "${id}"`);
    return account;
  }

  /**
   * Replaces the profile if nobody else changed it since `account.version` was read; the stored
   * version becomes `account.version + 1`. A Conflict tells the caller to read again.
   */
  async saveAccount(account: Account): Promise<Account> {
    const next: Account = { ...account, version: account.version + 1 };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
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
  async listAccounts(levels: readonly RiskLevel[] = RISK_LEVELS): Promise<Account[]> {
    const pages = await Promise.all(
      levels.map((level) =>
        this.queryAll({
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `ACCOUNTS#${level}` },
        }),
      ),
    );
    return pages.flat().map((item) => fromItem(Account, item));
  }

  /** Accounts at a risk level whose renewal falls on or before `date` (YYYY-MM-DD). */
  async accountsRenewingBy(level: RiskLevel, date: string): Promise<Account[]> {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :last',
      ExpressionAttributeValues: { ':pk': `ACCOUNTS#${level}`, ':last': `${date}#\uffff` },
    });
    return items.map((item) => fromItem(Account, item));
  }

  async accountsManagedBy(email: string): Promise<Account[]> {
    const items = await this.queryAll({
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `MANAGER#${email.toLowerCase()}`, ':prefix': 'ACCOUNT#' },
    });
    return items.map((item) => fromItem(Account, item));
  }

  /** Removes the account and everything recorded under it; the profile goes last so a retry finishes the job. */
  async deleteAccount(id: string): Promise<void> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${id}` },
      ProjectionExpression: 'PK, SK',
    });
    const history = items.filter((item) => item.SK !== 'PROFILE');
    for (let start = 0; start < history.length; start += 25) {
      await this.batchDelete(history.slice(start, start + 25).map((item) => ({ PK: item.PK, SK: item.SK })));
    }
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: accountKey(id) }));
  }

  // ---- meetings -------------------------------------------------------------------------

  /** Records a meeting once: false when that occurrence was already recorded. */
  async recordMeeting(meeting: Meeting): Promise<boolean> {
    return this.putIfAbsent({
      ...meetingKey(meeting.accountId, meeting.scheduledTime),
      entity: 'Meeting',
      ...meeting,
    });
  }

  async getMeeting(accountId: string, scheduledTime: string): Promise<Meeting | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: meetingKey(accountId, scheduledTime) }),
    );
    return Item ? fromItem(Meeting, Item) : undefined;
  }

  /** Replaces a meeting that exists; NotFound otherwise. */
  async saveMeeting(meeting: Meeting): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...meetingKey(meeting.accountId, meeting.scheduledTime), entity: 'Meeting', ...meeting },
          ConditionExpression: 'attribute_exists(PK)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new NotFound(`account ${meeting.accountId} has no meeting at ${meeting.scheduledTime}`);
      }
      throw error;
    }
  }

  /** The latest meetings, newest first. */
  async recentMeetings(accountId: string, limit: number): Promise<Meeting[]> {
    return this.recent(accountId, 'MEETING#', limit, Meeting);
  }

  // ---- surveys and scores -----------------------------------------------------------------

  async recordSurveyRequest(request: SurveyRequest): Promise<boolean> {
    return this.putIfAbsent({
      PK: `ACCOUNT#${request.accountId}`,
      SK: `SURVEY#${request.meetingId}#${request.contactId}`,
      entity: 'SurveyRequest',
      ...request,
    });
  }

  async getSurveyRequest(accountId: string, meetingId: string, contactId: string): Promise<SurveyRequest | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: `ACCOUNT#${accountId}`, SK: `SURVEY#${meetingId}#${contactId}` },
      }),
    );
    return Item ? fromItem(SurveyRequest, Item) : undefined;
  }

  /** The survey requests of one meeting, one per contact. */
  async surveyRequestsOf(accountId: string, meetingId: string): Promise<SurveyRequest[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':prefix': `SURVEY#${meetingId}#` },
    });
    return items.map((item) => fromItem(SurveyRequest, item));
  }

  /**
   * Notes a score link opened. Bounded: past `limit` clicks a token is clearly a scanner's, and
   * further clicks are dropped rather than grow the item.
   */
  async recordClick(accountId: string, meetingId: string, contactId: string, click: Click, limit: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: `ACCOUNT#${accountId}`, SK: `SURVEY#${meetingId}#${contactId}` },
          UpdateExpression: 'SET clicks = list_append(if_not_exists(clicks, :none), :click)',
          // Only for a survey that was sent, and only a score on its scale.
          ConditionExpression: 'attribute_exists(PK) AND #scale >= :score AND (attribute_not_exists(clicks) OR size(clicks) < :limit)',
          ExpressionAttributeNames: { '#scale': 'scale' },
          ExpressionAttributeValues: { ':none': [], ':click': [click], ':limit': limit, ':score': click.score },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Sets one timestamp of a survey request (`scannerAt` keeps the first). */
  async markSurveyRequest(
    accountId: string,
    meetingId: string,
    contactId: string,
    field: 'answeredAt' | 'reminderSentAt' | 'scannerAt',
    at: string,
  ): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: `ACCOUNT#${accountId}`, SK: `SURVEY#${meetingId}#${contactId}` },
        UpdateExpression: field === 'scannerAt' ? 'SET #f = if_not_exists(#f, :at)' : 'SET #f = :at',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#f': field },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async getScore(accountId: string, meetingId: string, contactId: string): Promise<Score | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: `ACCOUNT#${accountId}`, SK: `SCORE#${meetingId}#${contactId}` },
      }),
    );
    return Item ? fromItem(Score, Item) : undefined;
  }

  /** Stores a contact's answer for a meeting (latest wins) and keeps every version in the history. */
  async saveScore(score: Score): Promise<void> {
    const pk = `ACCOUNT#${score.accountId}`;
    const suffix = `${score.meetingId}#${score.contactId}`;
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { PK: pk, SK: `SCORE#${suffix}`, entity: 'Score', ...score } } },
          {
            Put: {
              TableName: this.tableName,
              Item: { PK: pk, SK: `ANSWER#${suffix}#${score.answeredAt}`, entity: 'Answer', ...score },
            },
          },
        ],
      }),
    );
  }

  /** The latest scores, newest meeting first. */
  async recentScores(accountId: string, limit: number): Promise<Score[]> {
    return this.recent(accountId, 'SCORE#', limit, Score);
  }

  /**
   * The scores of the meetings scheduled at or after `since` (an ISO instant, as meeting ids are),
   * newest meeting first. Meeting ids lead the sort key, so this is one key range: what it reads
   * depends on the window, not on how long the account's history is.
   */
  async scoresOfMeetings(accountId: string, since: string): Promise<Score[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':from': `SCORE#${since}`, ':to': 'SCORE#\uffff' },
      ScanIndexForward: false,
    });
    return items.map((item) => fromItem(Score, item));
  }

  // ---- events, commitments, alerts ---------------------------------------------------------

  async addEvent(event: AccountEvent): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { PK: `ACCOUNT#${event.accountId}`, SK: `EVENT#${event.at}#${event.id}`, entity: 'AccountEvent', ...event },
      }),
    );
  }

  /** Events at or after `since` (ISO instant), oldest first. */
  async eventsSince(accountId: string, since: string): Promise<AccountEvent[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':from': `EVENT#${since}`, ':to': 'EVENT#\uffff' },
    });
    return items.map((item) => fromItem(AccountEvent, item));
  }

  async recentEvents(accountId: string, limit: number): Promise<AccountEvent[]> {
    return this.recent(accountId, 'EVENT#', limit, AccountEvent);
  }

  async saveCommitment(commitment: Commitment): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          PK: `ACCOUNT#${commitment.accountId}`,
          SK: `COMMITMENT#${commitment.id}`,
          GSI1PK: `COMMITMENTS#${commitment.status}`,
          GSI1SK: `${commitment.createdAt}#${commitment.accountId}`,
          GSI2PK: `COMMITMENTS#${commitment.accountId}#${commitment.status}`,
          GSI2SK: commitment.status === 'done' ? (commitment.doneAt ?? commitment.createdAt) : commitment.createdAt,
          entity: 'Commitment',
          ...commitment,
        },
      }),
    );
  }

  async getCommitment(accountId: string, id: string): Promise<Commitment | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: `ACCOUNT#${accountId}`, SK: `COMMITMENT#${id}` } }),
    );
    return Item ? fromItem(Commitment, Item) : undefined;
  }

  async commitmentsOf(accountId: string): Promise<Commitment[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':prefix': 'COMMITMENT#' },
    });
    return items.map((item) => fromItem(Commitment, item));
  }

  /** The account's open commitments, and those done at or after `doneSince` (ISO instant). */
  async liveCommitments(accountId: string, doneSince: string): Promise<Commitment[]> {
    const [open, done] = await Promise.all([
      this.queryAll({
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': `COMMITMENTS#${accountId}#open` },
      }),
      this.queryAll({
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK >= :since',
        ExpressionAttributeValues: { ':pk': `COMMITMENTS#${accountId}#done`, ':since': doneSince },
      }),
    ]);
    return [...open, ...done].map((item) => fromItem(Commitment, item));
  }

  async openCommitments(): Promise<Commitment[]> {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': 'COMMITMENTS#open' },
    });
    return items.map((item) => fromItem(Commitment, item));
  }

  /** Records a risk signal once: its id says what it is about, so a repeat of the same cause writes nothing. */
  async recordSignal(signal: RiskSignal): Promise<boolean> {
    return this.putIfAbsent({ PK: `ACCOUNT#${signal.accountId}`, SK: `SIGNAL#${signal.id}`, entity: 'RiskSignal', ...signal });
  }

  async signalsOf(accountId: string): Promise<RiskSignal[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':prefix': 'SIGNAL#' },
    });
    return items.map((item) => fromItem(RiskSignal, item));
  }

  async saveAlert(alert: Alert): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { PK: `ACCOUNT#${alert.accountId}`, SK: `ALERT#${alert.createdAt}#${alert.id}`, entity: 'Alert', ...alert },
      }),
    );
  }

  async getAlert(accountId: string, createdAt: string, id: string): Promise<Alert | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: `ACCOUNT#${accountId}`, SK: `ALERT#${createdAt}#${id}` } }),
    );
    return Item ? fromItem(Alert, Item) : undefined;
  }

  async recentAlerts(accountId: string, limit: number): Promise<Alert[]> {
    return this.recent(accountId, 'ALERT#', limit, Alert);
  }

  // ---- exactly-once side effects -----------------------------------------------------------

  /**
   * Claims `key` for one caller: true for the first, false for every later or concurrent one.
   * `expiresAt` (epoch seconds) lets DynamoDB's TTL drop the marker once duplicates can no longer arrive.
   */
  async claimOnce(key: string, expiresAt?: number): Promise<boolean> {
    return this.putIfAbsent({ PK: `ONCE#${key}`, SK: 'ONCE', entity: 'Once', ...(expiresAt ? { expiresAt } : {}) });
  }

  async hasOnce(key: string): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: `ONCE#${key}`, SK: 'ONCE' }, ConsistentRead: true }),
    );
    return Item !== undefined;
  }

  /**
   * Gives a send claim back after a failed send, so that a retry can send it. A send already known
   * to be done (SES reported it sent) is kept: the failure was only in hearing back from SES.
   */
  async releaseSend(key: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { PK: `ONCE#${key}`, SK: 'ONCE' },
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * Claims a send for `leaseMs`: 'claimed' for the caller that may send now; 'done' once it was
   * sent; 'busy' while another delivery holds an unexpired lease. A lease that expires without
   * `completeSend` (the sender crashed before or while sending) can be claimed again, so an email is
   * never lost to a crash; at worst it goes twice, and only in that case.
   */
  async claimSend(key: string, now: Date, leaseMs: number, keepUntil?: Date): Promise<'claimed' | 'done' | 'busy'> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            PK: `ONCE#${key}`,
            SK: 'ONCE',
            entity: 'Once',
            state: 'sending',
            leaseUntil: now.getTime() + leaseMs,
            ...(keepUntil ? { expiresAt: epochSeconds(keepUntil) } : {}),
          },
          ConditionExpression: 'attribute_not_exists(PK) OR (#state = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending', ':now': now.getTime() },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: `ONCE#${key}`, SK: 'ONCE' }, ConsistentRead: true }),
    );
    return Item?.state === 'sending' ? 'busy' : 'done';
  }

  /**
   * Marks a send as sent, for good: by the sender once SES accepted it, or by SES's own Send event
   * when the sender died before it could (so the retry finds it done rather than sending it again).
   */
  async completeSend(key: string, keepUntil?: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: `ONCE#${key}`, SK: 'ONCE' },
        UpdateExpression: `SET #state = :sent${keepUntil ? ', expiresAt = :expiresAt' : ''} REMOVE leaseUntil`,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sent': 'sent', ...(keepUntil ? { ':expiresAt': epochSeconds(keepUntil) } : {}) },
      }),
    );
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private async putIfAbsent(item: Item): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async recent<S extends z.ZodType>(accountId: string, prefix: string, limit: number, schema: S) {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':prefix': prefix },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((item) => fromItem(schema, item));
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.db.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  private async batchDelete(keys: Item[]): Promise<void> {
    let pending: Item[] = keys;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const { UnprocessedItems } = await this.db.send(
        new BatchWriteCommand({
          RequestItems: { [this.tableName]: pending.map((Key) => ({ DeleteRequest: { Key } })) },
        }),
      );
      pending = (UnprocessedItems?.[this.tableName] ?? []).flatMap((request) =>
        request.DeleteRequest?.Key ? [request.DeleteRequest.Key] : [],
      );
    }
  }
}

function meetingKey(accountId: string, scheduledTime: string) {
  return { PK: `ACCOUNT#${accountId}`, SK: `MEETING#${scheduledTime}` };
}

function accountItem(account: Account): Item {
  return {
    ...accountKey(account.id),
    GSI1PK: `ACCOUNTS#${account.risk.level}`,
    GSI1SK: `${account.renewalDate}#${account.id}`,
    GSI2PK: `MANAGER#${account.team.accountManager.email}`,
    GSI2SK: `ACCOUNT#${account.id}`,
    entity: 'Account',
    ...account,
  };
}

/** Strips the key attributes and checks the shape, so a corrupt item fails loudly here and not later. */
export function fromItem<S extends z.ZodType>(schema: S, item: Item): z.output<S> {
  const data: Item = { ...item };
  for (const key of KEY_ATTRIBUTES) delete data[key];
  return schema.parse(data);
}

/** DynamoDB's TTL attribute: whole seconds since the epoch. */
function epochSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}
