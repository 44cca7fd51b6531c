// What a customer's survey comment is (praise, request, complaint or warning), by rules a manager
// can read; which comments become commitments; when a repeated request is the open one again; and
// the company's own words for a commitment that every contact may see.
import {
  CHORES,
  COMPLAINT_PHRASES,
  COMPLAINT_WORDS,
  NEGATED_PRAISE,
  PRAISE_PHRASES,
  PRAISE_WORDS,
  REASSURANCE,
  REQUEST_PHRASES,
  REQUEST_VERBS,
  STOPWORDS,
  SYNONYMS,
  WARNING_PHRASES,
  WEAK_COMPLAINT_PHRASES,
} from './comment-words.ts';
import type { Commitment } from './model.ts';
import { normalizeComment, warningPattern, wordPattern } from './phrases.ts';
import { localParts } from './time.ts';

export type CommentKind = 'warning' | 'complaint' | 'request' | 'praise';

/**
 * The written precedence, first match wins:
 *  1. warning   — any sign of leaving (WARNING_PHRASES, and the deployment's warning words), once
 *                 reassurances ("no plans to switch") are set aside;
 *  2. complaint — something went wrong (COMPLAINT_PHRASES, "not emptied", "not happy"), once praise
 *                 that borrows a complaint's words ("no complaints", "never misses") is set aside;
 *  3. request   — asks for something (REQUEST_PHRASES, a question, a sentence opening on a chore);
 *  4. complaint — "again", "still", "late", "never"… with no praise anywhere in the comment;
 *  5. praise    — thanks and satisfaction;
 *  6. otherwise — a comment that names something ("windows on level 3") is read as a request, so
 *                 nothing the customer wrote is lost; one that names nothing ("ok", "n/a") as praise.
 * A warning outranks everything because it is the one a manager must not miss; a complaint
 * outranks a request because "thanks, but the lobby was dirty" is about what went wrong.
 */
export const RULES_IN_ORDER = ['warning', 'complaint', 'request', 'weak complaint', 'praise', 'no cue'] as const;

export interface CommentReading {
  kind: CommentKind;
  /** Which rule of RULES_IN_ORDER decided. */
  rule: (typeof RULES_IN_ORDER)[number];
  /** The words that decided it, as found, for the manager who asks why. */
  cues: string[];
}

const NOT = String.raw`(?:(?<!\bdo\s)\bnot|(?<!\bdo)n't|\bnever|\bno longer|\bnobody|\bno one)`;
const FILLER = String.raw`(?:(?:been|be|being|get|got|gotten|getting|even|yet|properly|fully|really|always|ever|has|have|had|as|so|very|that|quite|too)\s+){0,3}`;
const alternatives = (words: readonly string[]) => words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');
const NEGATED_CHORE = new RegExp(String.raw`${NOT}\s+${FILLER}(?:${alternatives(CHORES)})(?![\p{L}\p{N}_])`, 'giu');
const NEGATED_PRAISE_PATTERN = new RegExp(String.raw`${NOT}\s+${FILLER}(?:${alternatives(NEGATED_PRAISE)})(?![\p{L}\p{N}_])`, 'giu');
const OPENING_VERB = new RegExp(String.raw`(?:^|[.!?;,]\s*)(?:(?:just|also|and|then|kindly)\s+)?(?:${alternatives(REQUEST_VERBS)})\s`, 'giu');

function found(text: string, pattern: RegExp): string[] {
  pattern.lastIndex = 0;
  return [...text.matchAll(pattern)].map((match) => match[0].trim().replace(/\s+/g, ' '));
}

function without(text: string, pattern: RegExp): string {
  pattern.lastIndex = 0;
  return text.replace(pattern, ' ');
}

/** Classifies one comment; `warningWords` adds a deployment's own signs of leaving to the built-in ones. */
export function classifyComment(comment: string, options: { warningWords?: readonly string[] } = {}): CommentReading {
  const text = normalizeComment(comment).toLowerCase().replace(/\s+/g, ' ').trim();

  const warnings = found(without(text, REASSURANCE), warningPattern([...WARNING_PHRASES, ...(options.warningWords ?? [])]));
  if (warnings.length > 0) return { kind: 'warning', rule: 'warning', cues: warnings };

  const praisePattern = wordPattern(PRAISE_PHRASES);
  const praisePhrases = found(text, praisePattern);
  const rest = without(text, praisePattern);
  const complaints = [
    ...found(rest, warningPattern(COMPLAINT_PHRASES)),
    ...found(rest, wordPattern(COMPLAINT_WORDS)),
    ...found(rest, NEGATED_CHORE),
    ...found(rest, NEGATED_PRAISE_PATTERN),
  ];
  if (complaints.length > 0) return { kind: 'complaint', rule: 'complaint', cues: complaints };

  const requests = [
    ...found(rest, wordPattern(REQUEST_PHRASES)),
    ...found(rest, OPENING_VERB).map((opening) => opening.replace(/^[.!?;,]\s*/, '')),
    ...(rest.includes('?') ? ['?'] : []),
  ];
  if (requests.length > 0) return { kind: 'request', rule: 'request', cues: requests };

  const praise = [...praisePhrases, ...found(rest, wordPattern(PRAISE_WORDS))];
  const weak = found(rest, wordPattern(WEAK_COMPLAINT_PHRASES));
  if (weak.length > 0 && praise.length === 0) return { kind: 'complaint', rule: 'weak complaint', cues: weak };
  if (praise.length > 0) return { kind: 'praise', rule: 'praise', cues: praise };

  return contentWords(text).length >= 2 ? { kind: 'request', rule: 'no cue', cues: [] } : { kind: 'praise', rule: 'no cue', cues: [] };
}

/** Only what the customer asked for or found wrong becomes a commitment the account manager owns. */
export function becomesCommitment(kind: CommentKind): boolean {
  return kind === 'request' || kind === 'complaint';
}

// ---- the same request again ------------------------------------------------------------------

/**
 * Two requests at or above this similarity (Dice coefficient of their content words) are the same
 * request. 0.6: "3rd floor restrooms every afternoon" and "third floor bathrooms in the afternoons"
 * share all their words (1.0); "2nd floor kitchen every afternoon" shares half of them (0.5).
 */
export const SAME_REQUEST_THRESHOLD = 0.6;

function stem(word: string): string {
  const ordinal = /^(\d+)(?:st|nd|rd|th)$/.exec(word);
  if (ordinal) return ordinal[1] ?? word;
  const undouble = (w: string) => (/([^aeiouls])\1$/.test(w) ? w.slice(0, -1) : w);
  if (word.length > 4 && /ie[sd]$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/sses$/.test(word)) return word.slice(0, -2);
  if (/(?:x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 5 && word.endsWith('ing')) return undouble(word.slice(0, -3));
  if (word.length > 4 && word.endsWith('ed')) return undouble(word.slice(0, -2));
  if (word.length > 4 && word.endsWith('ly')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The words of a comment that say what it is about: lower case, stemmed, synonyms merged, small words left out. */
export function contentWords(text: string): string[] {
  const words: string[] = [];
  for (const [raw] of normalizeComment(text).toLowerCase().matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)?'?/gu)) {
    const direct = SYNONYMS[raw];
    const bare = raw.replace(/'s?$/, '');
    const word = direct ?? SYNONYMS[bare] ?? SYNONYMS[stem(bare)] ?? stem(bare);
    if (STOPWORDS.has(raw) || STOPWORDS.has(bare) || STOPWORDS.has(word)) continue;
    if (word.length < 2 && !/\d/.test(word)) continue;
    words.push(word);
  }
  return words;
}

/** How alike two requests are, 0–1: the Dice coefficient of their sets of content words. */
export function requestSimilarity(a: string, b: string): number {
  const first = new Set(contentWords(a));
  const second = new Set(contentWords(b));
  if (first.size === 0 || second.size === 0) return 0;
  const shared = [...first].filter((word) => second.has(word)).length;
  return (2 * shared) / (first.size + second.size);
}

/**
 * The same request again: similar enough words, and not two different places by number ("suite
 * 210" is not "suite 305", however alike the rest).
 */
export function sameRequest(a: string, b: string): boolean {
  const numbers = (text: string) => new Set(contentWords(text).filter((word) => /^\d+$/.test(word)));
  const first = numbers(a);
  const second = numbers(b);
  if (first.size > 0 && second.size > 0 && ![...first].some((n) => second.has(n))) return false;
  return requestSimilarity(a, b) >= SAME_REQUEST_THRESHOLD;
}

/** The open commitment a repeated request joins, the most alike when several are; undefined for a new one. */
export function openCommitmentFor<C extends Pick<Commitment, 'request' | 'status'>>(comment: string, commitments: readonly C[]): C | undefined {
  return commitments
    .filter((c) => c.status === 'open' && sameRequest(comment, c.request))
    .sort((a, b) => requestSimilarity(comment, b.request) - requestSimilarity(comment, a.request))[0];
}

// ---- the company's words for a commitment ----------------------------------------------------

/** What every contact sees of a commitment; the account manager may rewrite `summary`. */
export interface CommitmentWording {
  summary: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Words that end the subject of a request: "the 3rd floor restrooms | every afternoon". */
const TOPIC_ENDS = new Set(
  `every each once twice on in at by before after during when since until please daily weekly nightly monthly again still
  is are was were has have had be been to and or but because so which that who for with from more than as if`.split(/\s+/),
);

/**
 * The default wording of a commitment: "Your request of 12 March about the 3rd floor restrooms", or
 * for a complaint "Your comment of 12 March about the lobby". It names the subject only (the first
 * "the …" of the comment, up to six words), never quotes the comment, and leaves the subject out
 * when it holds a sign of leaving. A rewrite of the customer's sentence into the company's
 * ("restrooms on the 3rd floor checked every afternoon") is not attempted: verbs, tenses and
 * clauses defeat rules often enough that a wrong rewrite, shown to every contact, would cost more
 * than this plain default, which the account manager can edit. Praise and warnings give none.
 */
export function defaultCommitmentWording(input: {
  comment: string;
  kind: CommentKind;
  askedAt: Date;
  timezone: string;
}): CommitmentWording | undefined {
  if (!becomesCommitment(input.kind)) return undefined;
  const day = localParts(input.askedAt, input.timezone);
  const lead = `${input.kind === 'request' ? 'Your request' : 'Your comment'} of ${day.day} ${MONTHS[day.month - 1]}`;
  const topic = topicOf(input.comment);
  return { summary: topic ? `${lead} about ${topic}` : lead };
}

function topicOf(comment: string): string | undefined {
  const words = normalizeComment(comment).replace(/\s+/g, ' ').split(' ');
  const start = words.findIndex((word) => /^(?:the|our|my)$/i.test(word));
  if (start === -1) return undefined;
  const topic: string[] = ['the'];
  for (const word of words.slice(start + 1, start + 7)) {
    const bare = word.replace(/[^\p{L}\p{N}'’-]/gu, '');
    if (bare === '' || TOPIC_ENDS.has(bare.toLowerCase()) || /(?:ed|ing)$/i.test(bare)) break;
    topic.push(bare);
    if (/[.,;:!?)]$/.test(word)) break;
  }
  if (topic.length === 1) return undefined;
  const phrase = topic.join(' ');
  const leaving = warningPattern(WARNING_PHRASES);
  leaving.lastIndex = 0;
  return leaving.test(phrase) ? undefined : phrase;
}
