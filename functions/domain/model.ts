// The domain model: zod schemas for what operators send and what the system stores.
// The account JSON of the public contract (DESIGN.md) is `AccountInput`; keep its field names stable.
//
// functions/domain/: pure rules, no AWS and no I/O (lint refuses @aws-sdk, node:fs, adapters, handlers):
// what a valid account is (here), cadence and occurrences, tokens, scanner and risk rules, agenda and
// digest content as data. A fact lib/ also needs (a route, a setting's name, the time zone rule, the
// risk-rule overrides) lives in functions/contract/ instead; HTML lives in functions/render/.
import * as z from '#contract/zod.ts';
import { LIMITS, tooLong, tooMany } from '#contract/limits.ts';
import { Timezone } from '#contract/timezone.ts';

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const RISK_LEVELS = ['healthy', 'watch', 'at-risk', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const EVENT_TYPES = ['complaint', 'complaint-resolved', 'extra-service', 'upsell', 'note'] as const;
export type AccountEventType = (typeof EVENT_TYPES)[number];

function isRealDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

// The field's path leads every message (`contacts[2].name: must be …`), so the message does not repeat it.
const trimmed = (max: number) =>
  z.string({ error: 'must be text' }).check(
    z.trim(),
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(max, { error: tooLong(max) }),
  );

/** Free text that may be blank, trimmed, at most `max` characters. */
const text = (max: number) => z.string({ error: 'must be text' }).check(z.trim(), z.maxLength(max, { error: tooLong(max) }));

const listOf = <T extends z.core.$ZodType>(item: T, max: number, what: string) =>
  z.array(item).check(z.maxLength(max, { error: tooMany(max, what) }));

export const Email = z.pipe(
  z
    .string({ error: 'must be an email address' })
    .check(z.trim(), z.toLowerCase(), z.maxLength(LIMITS.email, { error: tooLong(LIMITS.email), abort: true })),
  z.email({ error: 'must be an email address like name@example.com' }),
);

export const IsoDate = z
  .string({ error: 'must be a date in the form YYYY-MM-DD' })
  .check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date in the form YYYY-MM-DD', abort: true }),
    z.refine(isRealDate, { error: 'is not a real calendar date' }),
  );

export const IsoInstant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date and time' });

export const LocalTime = z
  .string({ error: 'must be a time in the form HH:MM' })
  .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a 24-hour time in the form HH:MM, e.g. 10:00' }));

export const Person = z.strictObject({
  name: trimmed(LIMITS.name),
  email: Email,
  /** Their own clock, when it is not the deployment's: alerts reach them in their business hours. */
  timezone: z.optional(Timezone),
});
export type Person = z.infer<typeof Person>;

export const Cadence = z
  .strictObject({
    every: z.enum(['month', 'quarter'], { error: 'must be "month" or "quarter"' }),
    months: z.optional(
      z
        .array(z.int().check(z.minimum(1), z.maximum(12)), { error: 'must be a list of month numbers 1–12' })
        .check(z.minLength(1, { error: 'must name at least one month' }), z.maxLength(12)),
    ),
    week: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('last')], {
      error: 'must be 1, 2, 3, 4 or "last"',
    }),
    weekday: z.enum(WEEKDAYS, { error: 'must be one of MON, TUE, WED, THU, FRI, SAT, SUN' }),
    time: LocalTime,
    durationMinutes: z._default(
      z
        .int({ error: 'must be a whole number of minutes' })
        .check(
          z.minimum(15, { error: 'must be at least 15 minutes' }),
          z.maximum(480, { error: 'must be at most 480 minutes (8 hours)' }),
        ),
      60,
    ),
  })
  .check(
    z.superRefine((cadence, ctx) => {
      if (cadence.every === 'month' && cadence.months !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['months'], message: 'only applies when "every" is "quarter"' });
      }
      if (cadence.every === 'quarter' && cadence.months !== undefined) {
        const quarters = new Set(cadence.months.map((m) => Math.floor((m - 1) / 3)));
        if (quarters.size !== 4 || cadence.months.length !== 4) {
          ctx.addIssue({
            code: 'custom',
            path: ['months'],
            message: 'must name exactly one month in each quarter, e.g. [2, 5, 8, 11]',
          });
        }
      }
    }),
  );
export type Cadence = z.infer<typeof Cadence>;

export const ContactInput = z.strictObject({
  name: trimmed(LIMITS.name),
  email: Email,
  role: z.optional(trimmed(LIMITS.role)),
  /** How the contact likes to be greeted ("Dr. Shah", "Priya"); the name decides when absent. */
  salutation: z.optional(trimmed(LIMITS.salutation)),
  decisionMaker: z.optional(z.boolean({ error: 'must be true or false' })),
});
export type ContactInput = z.infer<typeof ContactInput>;

export const CONTACT_STATUSES = ['active', 'unsubscribed', 'bounced', 'complained'] as const;
export const Contact = z.extend(ContactInput, {
  id: z.string().check(z.minLength(1)),
  status: z._default(z.enum(CONTACT_STATUSES), 'active'),
  statusChangedAt: z.optional(IsoInstant),
  /** When the contact joined the account: a decision-maker added after a champion's bounce ends that signal. */
  addedAt: z.optional(IsoInstant),
});
export type Contact = z.infer<typeof Contact>;

export const Team = z.strictObject({
  accountManager: Person,
  supervisor: z.optional(Person),
  operationsManager: z.optional(Person),
  executive: z.optional(Person),
});
export type Team = z.infer<typeof Team>;

const AccountFields = z.strictObject({
  name: trimmed(LIMITS.name),
  /** The company's own account number: `pulse import` matches rows to accounts by it. */
  externalId: z.optional(trimmed(LIMITS.externalId)),
  timezone: Timezone,
  cadence: Cadence,
  scale: z.union([z.literal(5), z.literal(10)], { error: 'must be 5 or 10' }),
  renewalDate: IsoDate,
  monthlyValue: z
    .number({ error: 'must be a number (the monthly contract value)' })
    .check(z.nonnegative({ error: 'must not be negative' }), z.maximum(100_000_000, { error: 'is implausibly large' })),
  team: Team,
  contacts: z._default(listOf(ContactInput, LIMITS.contacts, 'contacts'), []),
  services: z._default(listOf(trimmed(LIMITS.service), LIMITS.services, 'services'), []),
  /** Where the meeting happens: a street address or a video link (an https link is also the join link). */
  location: z.optional(trimmed(LIMITS.location)),
});

/** The account JSON of the public contract. */
export const AccountInput = AccountFields.check(
  z.superRefine((account, ctx) => {
    const seen = new Set<string>();
    account.contacts.forEach((contact, index) => {
      if (seen.has(contact.email)) {
        ctx.addIssue({ code: 'custom', path: ['contacts', index, 'email'], message: `${contact.email} is listed twice` });
      }
      seen.add(contact.email);
    });
  }),
);
export type AccountInput = z.infer<typeof AccountInput>;

/**
 * A PATCH body: any top-level field of the account JSON except contacts (they have their own routes),
 * and `status` to pause or resume the meetings.
 */
export const AccountPatch = z
  .partial(
    z.extend(z.omit(AccountFields, { contacts: true }), {
      // No default here: a patch that leaves services out must leave them as they are.
      services: listOf(trimmed(LIMITS.service), LIMITS.services, 'services'),
      status: z.enum(['active', 'paused'], { error: 'must be "active" or "paused"' }),
    }),
  )
  .check(
    z.refine((patch) => Object.keys(patch).length > 0, {
      error: 'the body must change at least one field',
      // Only said of a body with nothing else wrong: an unknown field is the more useful message.
      when: (payload) => payload.issues.length === 0,
    }),
  );
export type AccountPatch = z.infer<typeof AccountPatch>;

export const Risk = z.object({
  level: z.enum(RISK_LEVELS),
  /** The reasons in words, for people. */
  reasons: z.array(z.string()),
  /** The same reasons as rule codes, to tell a new reason from a known one. */
  codes: z._default(z.array(z.string()), []),
  evaluatedAt: z.optional(IsoInstant),
});
export type Risk = z.infer<typeof Risk>;

/** An account as stored: the contract's fields plus identity, state and the derived risk. */
export const Account = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  externalId: z.optional(z.string()),
  timezone: Timezone,
  cadence: Cadence,
  scale: z.union([z.literal(5), z.literal(10)]),
  renewalDate: IsoDate,
  monthlyValue: z.number(),
  team: Team,
  contacts: z.array(Contact),
  services: z.array(z.string()),
  location: z.optional(z.string()),
  status: z.enum(['active', 'paused']),
  risk: Risk,
  /** Raised on every change that a calendar invitation must carry (iCalendar SEQUENCE). */
  sequence: z.int().check(z.nonnegative()),
  /**
   * The calendar series now in force: its number (part of its UID) and its first meeting. A change
   * of time starts a new series (the old one ends), so the meetings already held stay where they were.
   */
  series: z.optional(z.object({ number: z.int().check(z.nonnegative()), start: IsoInstant })),
  /** Optimistic-locking counter for every write of the profile. */
  version: z.int().check(z.positive()),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});
export type Account = z.infer<typeof Account>;

export const MEETING_STATUSES = ['scheduled', 'held', 'skipped'] as const;
export const Meeting = z.object({
  accountId: z.string(),
  /** The occurrence's scheduled time (UTC ISO-8601); also the meeting's id. */
  scheduledTime: IsoInstant,
  status: z.enum(MEETING_STATUSES),
  recordedAt: IsoInstant,
  note: z.optional(z.string().check(z.maxLength(LIMITS.note))),
  /** Who marked it held or skipped from the account page (absent: the schedule or an operator). */
  recordedBy: z.optional(Email),
});
export type Meeting = z.infer<typeof Meeting>;

export const MeetingUpdate = z.strictObject({
  status: z.enum(['held', 'skipped'], { error: 'must be "held" or "skipped"' }),
  note: z.optional(text(LIMITS.note)),
});
export type MeetingUpdate = z.infer<typeof MeetingUpdate>;

export const Click = z.object({ score: z.int(), at: IsoInstant });
export type Click = z.infer<typeof Click>;

export const SurveyRequest = z.object({
  accountId: z.string(),
  meetingId: IsoInstant,
  contactId: z.string(),
  scale: z.union([z.literal(5), z.literal(10)]),
  sentAt: IsoInstant,
  reminderSentAt: z.optional(IsoInstant),
  /** When the contact confirmed an answer (a submit, not a click). */
  answeredAt: z.optional(IsoInstant),
  /** Score links opened, newest last (bounded): what tells a scanner from a person. */
  clicks: z._default(z.array(Click), []),
  /** Set when the hidden honeypot link was followed: every click of this token is a scanner's. */
  scannerAt: z.optional(IsoInstant),
});
export type SurveyRequest = z.infer<typeof SurveyRequest>;

export const COMMENT_MAX = LIMITS.comment;

export const Score = z.object({
  accountId: z.string(),
  meetingId: IsoInstant,
  contactId: z.string(),
  score: z.int().check(z.minimum(1), z.maximum(10)),
  scale: z.union([z.literal(5), z.literal(10)]),
  comment: z.optional(z.string().check(z.maxLength(COMMENT_MAX))),
  answeredAt: IsoInstant,
  /** A click that has not been confirmed by a submit yet. */
  provisional: z._default(z.boolean(), false),
});
export type Score = z.infer<typeof Score>;

/** A score on any scale, as 0–100, so 1–5 and 1–10 accounts compare. */
export function normalizeScore(score: number, scale: 5 | 10): number {
  return Math.round(((score - 1) / (scale - 1)) * 100);
}

export const Commitment = z.object({
  id: z.string(),
  accountId: z.string(),
  /** The customer's words. */
  request: z.string().check(z.maxLength(COMMENT_MAX)),
  owner: Person,
  sourceMeetingId: z.optional(IsoInstant),
  /** The contact whose comment it came from. */
  contactId: z.optional(z.string()),
  /** open; done (with what we did); dismissed (not a request after all: nothing to report back). */
  status: z.enum(['open', 'done', 'dismissed']),
  createdAt: IsoInstant,
  dueDate: z.optional(IsoDate),
  doneAt: z.optional(IsoInstant),
  whatWeDid: z.optional(z.string().check(z.maxLength(LIMITS.whatWeDid))),
  /** What the comment was read as; older commitments have none and count as requests. */
  kind: z.optional(z.enum(['request', 'complaint'])),
  /** The company's words for it, the only ones other contacts see ("Your request of 12 March about …"). */
  summary: z.optional(z.string().check(z.maxLength(LIMITS.summary))),
  /** When the same request came again (from any contact of the account), oldest first. */
  askedAgain: z.optional(z.array(IsoInstant)),
  dismissedAt: z.optional(IsoInstant),
  /** Who closed or dismissed it from the account page. */
  doneBy: z.optional(Email),
  /** Who last set its due date or owner from the account page, and when. */
  changedBy: z.optional(Email),
  changedAt: z.optional(IsoInstant),
});
export type Commitment = z.infer<typeof Commitment>;

export const CommitmentDone = z.strictObject({
  whatWeDid: z
    .string({ error: 'must say what was done, in words the customer will read' })
    .check(
      z.trim(),
      z.minLength(1, { error: 'must say what was done, in words the customer will read' }),
      z.maxLength(LIMITS.whatWeDid, { error: tooLong(LIMITS.whatWeDid) }),
    ),
});

/** The admin API's and CLI's changes to a commitment: dismissed, given a due date, or reassigned. */
export const CommitmentChange = z.strictObject({
  action: z.enum(['dismiss', 'due', 'reassign'], { error: 'must be "dismiss", "due" or "reassign"' }),
  dueDate: z.optional(IsoDate),
  owner: z.optional(Person),
});
export type CommitmentChange = z.infer<typeof CommitmentChange>;

export const ContactStatusChange = z.strictObject({
  status: z.literal('active', { error: 'can only be set back to "active" (to undo an unsubscribe or a bounce)' }),
});

export const AccountEventInput = z.strictObject({
  type: z.enum(EVENT_TYPES, {
    error: 'must be one of complaint, complaint-resolved, extra-service, upsell, note',
  }),
  description: trimmed(LIMITS.description),
  at: z.optional(IsoInstant),
  /** For complaint-resolved: the complaint it resolves. */
  resolves: z.optional(z.string().check(z.maxLength(LIMITS.id, { error: `${tooLong(LIMITS.id)} (an event id)` }))),
});
export type AccountEventInput = z.infer<typeof AccountEventInput>;

export const AccountEvent = z.object({
  id: z.string(),
  accountId: z.string(),
  type: z.enum(EVENT_TYPES),
  description: z.string(),
  at: IsoInstant,
  resolves: z.optional(z.string()),
  /** Who recorded it from the account page (absent: an operator through the admin API). */
  by: z.optional(Email),
});
export type AccountEvent = z.infer<typeof AccountEvent>;

export const SIGNAL_KINDS = ['skipped-meetings', 'champion-bounced', 'silent-cycle', 'overdue-commitment'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** Something other than a score that the risk engine weighs: recorded once, read from the stream. */
export const RiskSignal = z.object({
  id: z.string(),
  accountId: z.string(),
  kind: z.enum(SIGNAL_KINDS),
  at: IsoInstant,
  /** In words, for the alert: "two meetings skipped in a row (Jan 12, Feb 9)". */
  detail: z.string(),
  /**
   * What the signal is about, to tell when it ends: the contact id (champion-bounced), the meeting id
   * (skipped-meetings: the later skipped one; silent-cycle: the unanswered one), the commitment id.
   */
  subject: z.optional(z.string()),
});
export type RiskSignal = z.infer<typeof RiskSignal>;

export const Alert = z.object({
  id: z.string(),
  accountId: z.string(),
  level: z.enum(RISK_LEVELS),
  reasons: z.array(z.string()).check(z.minLength(1)),
  createdAt: IsoInstant,
  /** 0: supervisor and account manager; 1: + operations manager; 2: + executive. */
  rung: z.int().check(z.minimum(0), z.maximum(2)),
  /** Everyone the alert is for so far, over all its rungs. */
  recipients: z.array(Email),
  acknowledgedAt: z.optional(IsoInstant),
  acknowledgedBy: z.optional(Email),
  /** The reason codes, which make the alert's identity with its level (alertIdentity). */
  codes: z.optional(z.array(z.string())),
  /** When the account recovered: the alert climbs no more. */
  closedAt: z.optional(IsoInstant),
});
export type Alert = z.infer<typeof Alert>;
