// The single DynamoDB table: its shape, its key attributes, its indexes, its entity names and how
// every item's keys are spelled, each defined here once. Shared by the CDK code in lib/, the
// repositories in functions/adapters/dynamo/, the local cloud, the bench and the tests, so it
// imports nothing (no SDK, no I/O).
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
// | alert           | ACCOUNT#<id>     | ALERT#<created>#<id>                 |                                      |                                 |
// | risk signal     | ACCOUNT#<id>     | SIGNAL#<id>                          |                                      |                                 |
// | once-marker     | ONCE#<key>       | ONCE                                 |                                      |                                 |
//
// The answer history keeps at most ANSWER_REVISIONS_KEPT (#contract/limits.ts) versions of each score:
// the score item counts them, and a version is added only in the same transaction that counts it.
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
// 6. Exactly-once side effects (an email for an occurrence, an alert reason per cycle): conditional
//    Put of a once-marker, each with an `expiresAt` for DynamoDB's TTL; a send holds it as a lease
//    until it is marked sent.
//
// Conditional writes guard every write a duplicate must not make: account creation
// (attribute_not_exists), profile updates (version match), meetings, survey requests and signals
// (attribute_not_exists), once-markers.

/** The attributes every item may carry besides its data. */
export const ATTRIBUTES = {
  pk: 'PK',
  sk: 'SK',
  gsi1pk: 'GSI1PK',
  gsi1sk: 'GSI1SK',
  gsi2pk: 'GSI2PK',
  gsi2sk: 'GSI2SK',
  /** The item's kind, for the stream handler and its event filter. */
  entity: 'entity',
  /** DynamoDB's TTL attribute, in whole seconds since the epoch. */
  ttl: 'expiresAt',
  /** On a score: how many versions of it the answer history holds (at most ANSWER_REVISIONS_KEPT). */
  revisions: 'revisions',
} as const;

/** What the repositories strip from an item before parsing it as a model. */
export const KEY_ATTRIBUTES = Object.values(ATTRIBUTES);

export const INDEXES = {
  /** Accounts by risk level and renewal; open commitments by creation across accounts. */
  GSI1: { name: 'GSI1', partitionKey: ATTRIBUTES.gsi1pk, sortKey: ATTRIBUTES.gsi1sk },
  /** A manager's accounts; an account's commitments by status and date. */
  GSI2: { name: 'GSI2', partitionKey: ATTRIBUTES.gsi2pk, sortKey: ATTRIBUTES.gsi2sk },
} as const;

/** The table's physical shape, as the CDK construct and the local cloud declare it. */
export const TABLE_KEYS = {
  partitionKey: ATTRIBUTES.pk,
  sortKey: ATTRIBUTES.sk,
  ttl: ATTRIBUTES.ttl,
  indexes: {
    GSI1: { partitionKey: INDEXES.GSI1.partitionKey, sortKey: INDEXES.GSI1.sortKey },
    GSI2: { partitionKey: INDEXES.GSI2.partitionKey, sortKey: INDEXES.GSI2.sortKey },
  },
} as const;

/** Every key attribute the table or an index declares (all strings). */
export const KEY_SCHEMA_ATTRIBUTES = [
  ATTRIBUTES.pk,
  ATTRIBUTES.sk,
  ATTRIBUTES.gsi1pk,
  ATTRIBUTES.gsi1sk,
  ATTRIBUTES.gsi2pk,
  ATTRIBUTES.gsi2sk,
] as const;

/** The `entity` attribute of each kind of item. */
export const ENTITIES = {
  account: 'Account',
  meeting: 'Meeting',
  surveyRequest: 'SurveyRequest',
  score: 'Score',
  answer: 'Answer',
  commitment: 'Commitment',
  event: 'AccountEvent',
  alert: 'Alert',
  signal: 'RiskSignal',
  once: 'Once',
} as const;

export type Entity = (typeof ENTITIES)[keyof typeof ENTITIES];

/** Sorts after every key built here: the upper end of a prefix's key range. */
export const KEY_END = '\uffff';

export type Key = {
  PK: string;
  SK: string;
};

const partition = (accountId: string) => `ACCOUNT#${accountId}`;

/** One key builder per item type. `prefix` is what a Query on the account's partition begins with. */
export const keys = {
  account: {
    partition,
    of: (id: string): Key => ({ PK: partition(id), SK: 'PROFILE' }),
    profileSk: 'PROFILE',
    /** GSI1PK: the accounts at one risk level. */
    atLevel: (level: string) => `ACCOUNTS#${level}`,
    /** GSI1SK: by renewal date; `renewingBy` bounds a range of it. */
    renewal: (renewalDate: string, id: string) => `${renewalDate}#${id}`,
    renewingBy: (date: string) => `${date}#${KEY_END}`,
    /** GSI2PK / GSI2SK: an account manager's accounts. */
    manager: (email: string) => `MANAGER#${email}`,
    managed: (id: string) => `ACCOUNT#${id}`,
    managedPrefix: 'ACCOUNT#',
  },
  meeting: {
    of: (accountId: string, scheduledTime: string): Key => ({ PK: partition(accountId), SK: `MEETING#${scheduledTime}` }),
    prefix: 'MEETING#',
  },
  surveyRequest: {
    of: (accountId: string, meetingId: string, contactId: string): Key => ({
      PK: partition(accountId),
      SK: `SURVEY#${meetingId}#${contactId}`,
    }),
    prefix: 'SURVEY#',
    ofMeeting: (meetingId: string) => `SURVEY#${meetingId}#`,
  },
  score: {
    of: (accountId: string, meetingId: string, contactId: string): Key => ({
      PK: partition(accountId),
      SK: `SCORE#${meetingId}#${contactId}`,
    }),
    prefix: 'SCORE#',
  },
  answer: {
    of: (accountId: string, meetingId: string, contactId: string, answeredAt: string): Key => ({
      PK: partition(accountId),
      SK: `ANSWER#${meetingId}#${contactId}#${answeredAt}`,
    }),
    prefix: 'ANSWER#',
  },
  commitment: {
    of: (accountId: string, id: string): Key => ({ PK: partition(accountId), SK: `COMMITMENT#${id}` }),
    prefix: 'COMMITMENT#',
    /** GSI1PK / GSI1SK: every account's commitments in a status, by creation. */
    inStatus: (status: string) => `COMMITMENTS#${status}`,
    created: (createdAt: string, accountId: string) => `${createdAt}#${accountId}`,
    /** GSI2PK: one account's commitments in a status; GSI2SK is the created or done instant. */
    ofAccountInStatus: (accountId: string, status: string) => `COMMITMENTS#${accountId}#${status}`,
  },
  event: {
    of: (accountId: string, at: string, id: string): Key => ({ PK: partition(accountId), SK: `EVENT#${at}#${id}` }),
    prefix: 'EVENT#',
  },
  alert: {
    of: (accountId: string, createdAt: string, id: string): Key => ({ PK: partition(accountId), SK: `ALERT#${createdAt}#${id}` }),
    prefix: 'ALERT#',
  },
  signal: {
    of: (accountId: string, id: string): Key => ({ PK: partition(accountId), SK: `SIGNAL#${id}` }),
    prefix: 'SIGNAL#',
  },
  once: {
    of: (key: string): Key => ({ PK: `ONCE#${key}`, SK: 'ONCE' }),
    prefix: 'ONCE#',
  },
} as const;
