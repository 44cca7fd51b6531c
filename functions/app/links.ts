// The signed links of the emails: made when an email is sent, verified when a page is opened. A
// link that does not verify is one result for every page (`refused`), told apart only by its reason.
import { signToken, tokenExpiry, verifyToken, type TokenClaims, type TokenFailure, type TokenPurpose } from '#domain/tokens.ts';
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

/** The link of one page for one person, valid for the settings' token life from `now`. */
export async function signLink(
  ports: Keys,
  settings: LinkSettings,
  path: 's' | 'u' | 'a',
  claims: Omit<TokenClaims, 'expiresAt'>,
  now: Date,
): Promise<{ url: string; token: string }> {
  const token = signToken({ ...claims, expiresAt: tokenExpiry(now, settings.tokenTtlDays) }, await ports.keys.signingKey());
  return { url: `${settings.publicUrl}/${path}/${token}`, token };
}
