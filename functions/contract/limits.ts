// How long each stored field may be, and how many of each list: one table that every schema, form
// check and page reads. A DynamoDB item holds at most 400 KB, and what a person typed is shown back
// in emails and pages, so nothing a caller sends reaches the table unbounded.
//
// The lengths count characters as JavaScript and the browser's `maxlength` do (UTF-16 code units).

export const LIMITS = {
  /** A person's, contact's or account's name. */
  name: 200,
  /** RFC 5321: a forward path is at most 256 octets, the address within it 254. */
  email: 254,
  /** A contact's role ("Facility manager") and how they like to be greeted. */
  role: 100,
  salutation: 100,
  /** The company's own account number. */
  externalId: 64,
  /** An id the caller names, e.g. the complaint an event resolves. */
  id: 64,
  service: 200,
  /** A street address or a video link; links are the longest, and browsers cope with 2000. */
  location: 2000,
  /** An account event's description, a meeting's note. */
  description: 2000,
  note: 2000,
  /** The customer's survey comment and what we did about it: a few paragraphs. */
  comment: 4000,
  whatWeDid: 4000,
  /** The company's short wording of a commitment. */
  summary: 500,
  contacts: 50,
  services: 50,
} as const;

/**
 * The largest request body any route reads. The biggest valid body, an account with every field and
 * list full, is 51 KB of plain letters, 117 KB of three-byte characters (€) and 216 KB if every
 * character were written as a six-byte JSON escape; above this no body can be valid, and API Gateway
 * would otherwise hand the function up to its own payload limit.
 */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Earlier versions of one answer kept besides the current one (per survey link: one meeting, one
 * contact). Past this the newest answer still replaces the current one, but is not added to the history.
 */
export const ANSWER_REVISIONS_KEPT = 20;

/** The message every over-long field gets; the field's path comes before it. */
export const tooLong = (max: number): string => `must be at most ${max} characters`;
export const tooMany = (max: number, what: string): string => `must list at most ${max} ${what}`;
