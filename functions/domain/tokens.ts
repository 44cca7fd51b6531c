// Signed, expiring link tokens for the public routes: /s/{token} (survey), /u/{token}
// (unsubscribe), /a/{token} (alert acknowledgement) and /m/{token} (a manager's account page). Pure: "now" is always a parameter.
//
// A token is base64url (no padding) of these bytes:
//
//   version   1 byte   0x01
//   key id    1 byte length + ASCII [A-Za-z0-9_-]{1,32}   which key signed it, for rotation
//   payload   purpose  1 byte (1 survey, 2 unsubscribe, 3 acknowledge)
//             expires  4 bytes, unsigned big-endian epoch seconds (good until 2106)
//             account  1 byte length + UTF-8   (≤ 200 bytes)
//             subject  1 byte length + UTF-8   (meeting id, alert id, or empty)
//             contact  1 byte length + UTF-8   (contact id, or the manager's email for 3 and 4)
//   tag       16 bytes HMAC-SHA256, truncated (see TAG_BYTES)
//
// The tag covers a fixed label, the purpose's name, and every byte before the tag (version, key
// id, whole payload). Every field is length-prefixed, so no two different tokens share the bytes
// the tag covers; naming the purpose in the MAC input on top of its code in the payload means a
// token minted for one purpose can never pass as another, whatever a future encoding does.
// A binary layout instead of JSON keeps a survey link around 110 characters.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOKEN_PURPOSES = ['survey', 'unsubscribe', 'acknowledge', 'manage'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

export interface TokenClaims {
  purpose: TokenPurpose;
  accountId: string;
  /** The meeting id for a survey, the alert id for an acknowledgement, '' for an unsubscribe or a manager's page. */
  subject: string;
  /** The contact id, or the manager's email for an acknowledgement or a manager's page. */
  contact: string;
  /** Epoch seconds; the token is valid strictly before this instant. */
  expiresAt: number;
}

export interface SigningKey {
  id: string;
  secret: Buffer;
}

export type TokenFailure = 'malformed' | 'unknown-key' | 'bad-signature' | 'wrong-purpose' | 'expired';

export type TokenVerification = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenFailure };

/** Key ids as they appear in tokens and in the key set secret. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
/** Below this a signing key is refused: HMAC-SHA256 wants a key as long as its output. */
export const MIN_SECRET_BYTES = 32;
/** Longest account, subject or contact, in UTF-8 bytes. */
export const MAX_FIELD_BYTES = 200;

const VERSION = 0x01;
/**
 * HMAC-SHA256 truncated to 128 bits. RFC 2104 allows truncation to half the hash output, and a
 * forger must guess the tag online, one HTTP request per guess against a throttled route: 2^128
 * guesses is far out of reach. The shorter tag keeps links short enough for every mail client.
 */
const TAG_BYTES = 16;
const MAC_LABEL = Buffer.from('partner-pulse/link-token\0', 'utf8');
const PURPOSE_CODES: Record<TokenPurpose, number> = { survey: 1, unsubscribe: 2, acknowledge: 3, manage: 4 };
const MAX_KEY_ID_BYTES = 32;
const MAX_TOKEN_BYTES = 1 + (1 + MAX_KEY_ID_BYTES) + 1 + 4 + 3 * (1 + MAX_FIELD_BYTES) + TAG_BYTES;
/** No token we sign is longer; anything longer is refused before it is decoded. */
export const MAX_TOKEN_LENGTH = Math.ceil((MAX_TOKEN_BYTES * 4) / 3);

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_EXPIRES_AT = 0xffff_ffff;
const DAY_SECONDS = 86_400;
// fatal: bad UTF-8 is a malformed token; ignoreBOM: keep a leading U+FEFF, as signing did.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * An unsubscribe link outlives the survey it came with: people unsubscribe from old emails, and a
 * link that no longer works then reads as a trick. One year at least, or until it is used.
 */
export const UNSUBSCRIBE_LINK_DAYS = 365;

/** Days a link of `purpose` stays valid, given the deployment's token life for links in general. */
export function linkLifeDays(purpose: TokenPurpose, ttlDays: number): number {
  return purpose === 'unsubscribe' ? Math.max(ttlDays, UNSUBSCRIBE_LINK_DAYS) : ttlDays;
}

/** Signs `claims` with `key`. Throws on claims no token can carry (a programming error). */
export function signToken(claims: TokenClaims, key: SigningKey): string {
  const code = Object.hasOwn(PURPOSE_CODES, claims.purpose) ? PURPOSE_CODES[claims.purpose] : undefined;
  if (code === undefined) throw new TypeError(`unknown token purpose: ${String(claims.purpose)}`);
  if (!KEY_ID_PATTERN.test(key.id)) throw new TypeError(`key id must match ${KEY_ID_PATTERN}, got ${JSON.stringify(key.id)}`);
  if (key.secret.length < MIN_SECRET_BYTES) {
    throw new RangeError(`signing key ${key.id} is ${key.secret.length} bytes; at least ${MIN_SECRET_BYTES} are needed`);
  }
  if (!Number.isInteger(claims.expiresAt) || claims.expiresAt < 0 || claims.expiresAt > MAX_EXPIRES_AT) {
    throw new RangeError(`expiresAt must be whole epoch seconds between 0 and ${MAX_EXPIRES_AT}, got ${claims.expiresAt}`);
  }
  if (claims.accountId === '') throw new RangeError('accountId must not be empty');
  if (claims.contact === '') throw new RangeError('contact must not be empty');

  const expires = Buffer.alloc(4);
  expires.writeUInt32BE(claims.expiresAt);
  const signed = Buffer.concat([
    Buffer.from([VERSION]),
    lengthPrefixed('key id', key.id),
    Buffer.from([code]),
    expires,
    lengthPrefixed('accountId', claims.accountId),
    lengthPrefixed('subject', claims.subject),
    lengthPrefixed('contact', claims.contact),
  ]);
  return Buffer.concat([signed, tag(key.secret, claims.purpose, signed)]).toString('base64url');
}

/**
 * Checks a token from a link. Never throws: every input gets an answer. The signature is checked
 * before any claim is believed; purpose and expiry only after it.
 */
export function verifyToken(
  token: string,
  expected: TokenPurpose,
  keys: Record<string, Buffer>,
  now: Date,
): TokenVerification {
  const decoded = decode(token);
  if (decoded === undefined) return { ok: false, reason: 'malformed' };
  const secret = Object.hasOwn(keys, decoded.keyId) ? keys[decoded.keyId] : undefined;
  if (secret === undefined) return { ok: false, reason: 'unknown-key' };

  const wanted = tag(secret, decoded.claims.purpose, decoded.signed);
  if (wanted.length !== decoded.tag.length || !timingSafeEqual(wanted, decoded.tag)) {
    return { ok: false, reason: 'bad-signature' };
  }
  if (decoded.claims.purpose !== expected) return { ok: false, reason: 'wrong-purpose' };
  // A NaN `now` fails this comparison too, so a broken clock never makes a token valid.
  if (!(now.getTime() < decoded.claims.expiresAt * 1000)) return { ok: false, reason: 'expired' };
  return { ok: true, claims: decoded.claims };
}

/** The `expiresAt` of a token issued at `now` that lives `ttlDays` days. */
export function tokenExpiry(now: Date, ttlDays: number): number {
  if (!Number.isFinite(ttlDays) || ttlDays <= 0) throw new RangeError(`ttlDays must be a positive number, got ${ttlDays}`);
  return Math.floor(now.getTime() / 1000) + Math.round(ttlDays * DAY_SECONDS);
}

export interface TokenFailureText {
  /** One short line for the page heading. */
  title: string;
  /** What happened and what the reader can do, in plain words. */
  message: string;
}

/**
 * What a person sees when a link does not work. No jargon: the reader followed a link in an email
 * and wants to know what to do next. A bad signature reads like a damaged link on purpose: it
 * usually is one (a line break inside a copied link), and nothing is gained by telling apart the
 * rarer case of someone editing it.
 */
export function describeTokenFailure(
  reason: TokenFailure,
  options: { ttlDays: number; purpose?: TokenPurpose },
): TokenFailureText {
  const newestEmail = NEXT_STEP[options.purpose ?? 'survey'];
  switch (reason) {
    case 'expired':
      return {
        title: 'This link has expired',
        message: `Links in our emails work for ${days(options.ttlDays)}, to keep your answers safe. ${newestEmail}`,
      };
    case 'wrong-purpose':
      return {
        title: 'This link goes somewhere else',
        message: `This link was made for a different page in our email. ${newestEmail}`,
      };
    case 'unknown-key':
      return {
        title: 'This link is no longer active',
        message: `We have renewed the security of our links since this email was sent. ${newestEmail}`,
      };
    case 'malformed':
    case 'bad-signature':
      return {
        title: 'This link is incomplete',
        message:
          'Part of the link seems to be missing or changed, which can happen when a long link is copied ' +
          `or wraps across two lines. Try the button in the email itself. ${newestEmail}`,
      };
  }
}

const NEXT_STEP: Record<TokenPurpose, string> = {
  survey:
    'Or use the link in our most recent email, or simply reply to that email to tell us how we are doing.',
  unsubscribe:
    'To stop these emails, use the unsubscribe link in our most recent email, or reply to it and we will take you off the list.',
  acknowledge: 'The alert is still open: please use the link in the most recent alert email to acknowledge it.',
  manage: 'Every alert, digest and agenda email carries a fresh link to the account: please use the one in the most recent.',
};

function days(count: number): string {
  return count === 1 ? '1 day' : `${count} days`;
}

function tag(secret: Buffer, purpose: TokenPurpose, signed: Buffer): Buffer {
  return createHmac('sha256', secret)
    .update(MAC_LABEL)
    .update(purpose, 'utf8')
    .update(Buffer.from([0]))
    .update(signed)
    .digest()
    .subarray(0, TAG_BYTES);
}

function lengthPrefixed(name: string, value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  // Lone surrogates do not survive UTF-8; refusing them keeps verify's strict decoding in step.
  if (bytes.toString('utf8') !== value) throw new TypeError(`${name} is not well-formed Unicode`);
  const max = name === 'key id' ? MAX_KEY_ID_BYTES : MAX_FIELD_BYTES;
  if (bytes.length > max) throw new RangeError(`${name} is ${bytes.length} bytes; at most ${max} fit in a token`);
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

interface Decoded {
  keyId: string;
  claims: TokenClaims;
  /** The bytes the tag covers. */
  signed: Buffer;
  tag: Buffer;
}

/** The token's parts, or undefined when it is not one of ours in shape. Believes nothing yet. */
function decode(token: unknown): Decoded | undefined {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
  if (!BASE64URL.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  // Only the canonical spelling: otherwise the unused low bits of the last character could be
  // changed and the same bytes would still verify.
  if (bytes.toString('base64url') !== token) return undefined;
  if (bytes.length <= TAG_BYTES) return undefined;

  const signed = bytes.subarray(0, bytes.length - TAG_BYTES);
  const reader = new Reader(signed);
  if (reader.byte() !== VERSION) return undefined;
  const keyId = reader.text(MAX_KEY_ID_BYTES);
  if (keyId === undefined || !KEY_ID_PATTERN.test(keyId)) return undefined;
  const code = reader.byte();
  const purpose = TOKEN_PURPOSES.find((name) => PURPOSE_CODES[name] === code);
  const expiresAt = reader.uint32();
  const accountId = reader.text(MAX_FIELD_BYTES);
  const subject = reader.text(MAX_FIELD_BYTES);
  const contact = reader.text(MAX_FIELD_BYTES);
  if (
    purpose === undefined ||
    expiresAt === undefined ||
    accountId === undefined ||
    subject === undefined ||
    contact === undefined ||
    !reader.done()
  ) {
    return undefined;
  }
  return {
    keyId,
    claims: { purpose, accountId, subject, contact, expiresAt },
    signed,
    tag: bytes.subarray(bytes.length - TAG_BYTES),
  };
}

/** Reads the token's fields in order; any read past the end or any bad text gives undefined. */
class Reader {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}

  byte(): number | undefined {
    if (this.offset + 1 > this.bytes.length) return undefined;
    return this.bytes[this.offset++];
  }

  uint32(): number | undefined {
    if (this.offset + 4 > this.bytes.length) return undefined;
    const value = this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  text(maxBytes: number): string | undefined {
    const length = this.byte();
    if (length === undefined || length > maxBytes || this.offset + length > this.bytes.length) return undefined;
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    try {
      return strictUtf8.decode(slice);
    } catch {
      return undefined;
    }
  }

  done(): boolean {
    return this.offset === this.bytes.length;
  }
}
