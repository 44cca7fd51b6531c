// The signed links of the emails: made when an email is sent, verified when a page is opened. A
// link that does not verify is one result for every page (`refused`), told apart only by its reason.
import {
  linkLifeDays,
  signToken,
  tokenExpiry,
  verifyToken,
  type TokenClaims,
  type TokenFailure,
  type TokenPurpose,
} from '#domain/tokens.ts';
import type { Clock, Keys } from './ports.ts';

export interface LinkSettings {
  publicUrl: string;
  tokenTtlDays: number;
}

export interface Refused {
  kind: 'refused';
  reason: TokenFailure;
  purpose: TokenPurpose;
}

export async function verifyLink(
  ports: Keys & Clock,
  token: string,
  purpose: TokenPurpose,
): Promise<{ kind: 'verified'; claims: TokenClaims } | Refused> {
  const result = verifyToken(token, purpose, await ports.keys.verificationKeys(), ports.now());
  return result.ok ? { kind: 'verified', claims: result.claims } : { kind: 'refused', reason: result.reason, purpose };
}

/** The link of one page for one person, valid from `now` for its purpose's life (linkLifeDays). */
export async function signLink(
  ports: Keys,
  settings: LinkSettings,
  path: 's' | 'u' | 'a',
  claims: Omit<TokenClaims, 'expiresAt'>,
  now: Date,
): Promise<{ url: string; token: string }> {
  const expiresAt = tokenExpiry(now, linkLifeDays(claims.purpose, settings.tokenTtlDays));
  const token = signToken({ ...claims, expiresAt }, await ports.keys.signingKey());
  return { url: `${settings.publicUrl}/${path}/${token}`, token };
}
