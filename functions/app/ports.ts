// functions/app/: the use cases, one module per capability. Each declares EXACTLY what it uses, as a
// narrow type built from the ports below (`Pick<ScoreStore, 'save'>`…), and takes (ports, settings,
// input); it returns results as data (discriminated unions), never HTML or HTTP status codes.
//
// Where to change what:
// - a new store method: declare it here, implement it in functions/adapters/dynamo/ (the repositories
//   satisfy these interfaces structurally; nothing here imports an adapter);
// - a new use case: the module of its capability; its `…Ports` type names only what it touches, so a
//   handler that forgets a port does not compile;
// - how a result looks: functions/render/ (emails) and functions/handlers/pages.ts (pages, statuses);
// - wiring (which adapters a Lambda builds, the settings from its environment): functions/handlers/wiring/.
// The app layer imports only #domain, #contract and its own files (eslint.config.js enforces it).
import type { MarkerKey, SendKey } from '#contract/send-keys.ts';
import type {
  Account,
  AccountEvent,
  Alert,
  Click,
  Commitment,
  Meeting,
  RiskLevel,
  RiskSignal,
  Score,
  SurveyRequest,
} from '#domain/model.ts';
import type { SigningKey } from '#domain/tokens.ts';

// ---- the table's repositories, one per aggregate --------------------------------------------

export interface AccountStore {
  create(account: Account): Promise<void>;
  get(id: string): Promise<Account | undefined>;
  /** The account, or NotFound. */
  require(id: string): Promise<Account>;
  /** Saves under optimistic locking (Conflict when changed meanwhile); returns what was stored. */
  save(account: Account): Promise<Account>;
  list(levels?: readonly RiskLevel[]): Promise<Account[]>;
  delete(id: string): Promise<void>;
}

export interface MeetingStore {
  /** Records the meeting unless it was: true if this call recorded it. */
  record(meeting: Meeting): Promise<boolean>;
  get(accountId: string, scheduledTime: string): Promise<Meeting | undefined>;
  save(meeting: Meeting): Promise<void>;
  /** Newest first. */
  recent(accountId: string, limit: number): Promise<Meeting[]>;
}

export interface SurveyStore {
  record(request: SurveyRequest): Promise<boolean>;
  get(accountId: string, meetingId: string, contactId: string): Promise<SurveyRequest | undefined>;
  ofMeeting(accountId: string, meetingId: string): Promise<SurveyRequest[]>;
  /** The requests of the meetings scheduled at or after `since`. */
  ofMeetingsSince(accountId: string, since: string): Promise<SurveyRequest[]>;
  recordClick(accountId: string, meetingId: string, contactId: string, click: Click, limit: number): Promise<void>;
  mark(
    accountId: string,
    meetingId: string,
    contactId: string,
    field: 'answeredAt' | 'reminderSentAt' | 'scannerAt',
    at: string,
  ): Promise<void>;
}

export interface ScoreStore {
  get(accountId: string, meetingId: string, contactId: string): Promise<Score | undefined>;
  save(score: Score): Promise<void>;
  /** Newest first. */
  recent(accountId: string, limit: number): Promise<Score[]>;
  /** The scores of the meetings scheduled at or after `since` (see ./history.ts for `since`), newest first. */
  ofMeetingsSince(accountId: string, since: string): Promise<Score[]>;
  /** The same, oldest meeting first (the digest lists them in order). */
  ofMeetingsSinceInOrder(accountId: string, since: string): Promise<Score[]>;
}

export interface EventStore {
  add(event: AccountEvent): Promise<void>;
  since(accountId: string, since: string): Promise<AccountEvent[]>;
}

export interface CommitmentStore {
  save(commitment: Commitment): Promise<void>;
  get(accountId: string, id: string): Promise<Commitment | undefined>;
  of(accountId: string): Promise<Commitment[]>;
  /** Open ones, and done ones done at or after `doneSince`. */
  live(accountId: string, doneSince: string): Promise<Commitment[]>;
  open(): Promise<Commitment[]>;
  /** Open commitments of every account created before `before`; one created at `before` may come too. */
  openCreatedBefore(before?: string): Promise<Commitment[]>;
}

type AlertRef = Pick<Alert, 'accountId' | 'createdAt' | 'id'>;

export interface AlertStore {
  save(alert: Alert): Promise<void>;
  get(accountId: string, createdAt: string, id: string): Promise<Alert | undefined>;
  recent(accountId: string, limit: number): Promise<Alert[]>;
  /** Conditional: never overwrites an earlier acknowledgement; the alert as it is afterwards. */
  acknowledge(alert: AlertRef, by: string, at: string): Promise<Alert | undefined>;
  /** Conditional on the alert still unacknowledged, open and at `alert.rung`. */
  climb(alert: AlertRef & Pick<Alert, 'rung'>, rung: number, recipients: readonly string[]): Promise<boolean>;
  close(alert: AlertRef, at: string): Promise<boolean>;
}

export interface SignalStore {
  record(signal: RiskSignal): Promise<boolean>;
  of(accountId: string): Promise<RiskSignal[]>;
}

export interface OnceStore {
  claim(key: MarkerKey, now: Date): Promise<boolean>;
  has(key: MarkerKey): Promise<boolean>;
  claimSend(key: SendKey, now: Date, leaseMs: number): Promise<'claimed' | 'done' | 'busy'>;
  completeSend(key: SendKey, now: Date): Promise<void>;
  releaseSend(key: SendKey): Promise<void>;
}

// ---- the other services -------------------------------------------------------------------

/**
 * A rendered email. The use cases hand it from a renderer (./emails.ts) to the mailer untouched, so
 * they name no more of it than this; render/email.ts's OutgoingEmail is the full shape.
 */
export interface Email {
  readonly subject: string;
}

export interface MailSender {
  send(email: Email, tags?: Record<string, string>): Promise<{ messageId: string }>;
}

export type FollowupKind = 'agenda' | 'survey' | 'reminder' | 'escalation' | 'unrecorded' | 'risk-check';

export interface Followup {
  kind: FollowupKind;
  accountId: string;
  /** The meeting it belongs to (the occurrence's scheduled time), or an alert's creation time. */
  meetingId: string;
  /** When to run, as an `at(...)` expression in UTC. */
  at: string;
  /** Tells apart follow-ups of one kind for the same meeting (an alert's escalation rungs). */
  step?: number;
  /** What the follow-up is about beyond the meeting (the alert an escalation climbs). */
  ref?: string;
}

export interface RecurringSchedule {
  accountId: string;
  expression: string;
  timezone: string;
  enabled: boolean;
}

export interface ScheduleStore {
  putAccountSchedule(schedule: RecurringSchedule): Promise<void>;
  getAccountSchedule(accountId: string): Promise<{ expression: string; timezone: string; enabled: boolean } | undefined>;
  deleteAccountSchedule(accountId: string): Promise<void>;
  deleteByName(name: string): Promise<void>;
  listAccountScheduleNames(): Promise<string[]>;
  accountScheduleName(accountId: string): string;
  deleteFollowupsOf(accountId: string): Promise<number>;
  scheduleFollowup(followup: Followup): Promise<boolean>;
}

/** The link-signing keys. */
export interface LinkKeys {
  signingKey(): Promise<SigningKey>;
  verificationKeys(): Promise<Record<string, Buffer>>;
}

// ---- the ports as the use cases ask for them ---------------------------------------------------

export interface Clock {
  now: () => Date;
}

export interface Ids {
  newId: () => string;
  idSuffix: () => string;
}

export interface Stores {
  accounts: AccountStore;
  meetings: MeetingStore;
  surveys: SurveyStore;
  scores: ScoreStore;
  events: EventStore;
  commitments: CommitmentStore;
  alerts: AlertStore;
  signals: SignalStore;
  once: OnceStore;
}

/** Some methods of some stores: `Uses<{ scores: 'save'; surveys: 'get' | 'mark' }>`. */
export type Uses<T extends { [S in keyof Stores]?: keyof Stores[S] }> = {
  [S in keyof T & keyof Stores]: Pick<Stores[S], T[S] & keyof Stores[S]>;
};

export interface Mail {
  mailer: MailSender;
}

export interface Schedules<M extends keyof ScheduleStore = keyof ScheduleStore> {
  scheduler: Pick<ScheduleStore, M>;
}

export interface Keys {
  keys: LinkKeys;
}
