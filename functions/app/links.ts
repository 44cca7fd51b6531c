// The signed links of the emails: made when an email is sent, verified when a page is opened. A
// link that does not verify is one result for every page (`refused`), told apart only by its reason.
import { signToken, tokenExpiry, verifyToken, type TokenClaims, type TokenFailure, type TokenPurpose } from '#domain/tokens.ts';
import type { Clock, Keys } from './ports.ts';

export interface LinkSettings {
  publicUrl: string;
  tokenTtlDays: number;
}

/** How long a manager's link to an account page works unless the deploy says otherwise (`managerLinkDays`). */
export const DEFAULT_MANAGER_LINK_DAYS = 14;

export interface ManagerLinkSettings {
  publicUrl: string;
  /** The `managerLinkDays` deploy setting; 14 days when absent. */
  managerLinkDays?: number;
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
  path: 's' | 'u' | 'a' | 'm',
  claims: Omit<TokenClaims, 'expiresAt'>,
  now: Date,
): Promise<{ url: string; token: string }> {
  const token = signToken({ ...claims, expiresAt: tokenExpiry(now, settings.tokenTtlDays) }, await ports.keys.signingKey());
  return { url: `${settings.publicUrl}/${path}/${token}`, token };
}

/**
 * The link to one account's page (`/m/{token}`) for one person, by email. Only the signature and
 * the expiry live in the token: whether the person may still manage the account is checked at every
 * use, so a link sent before someone left the team stops working the day they leave.
 */
export async function managerLink(
  ports: Keys,
  settings: ManagerLinkSettings,
  accountId: string,
  email: string,
  now: Date,
): Promise<string> {
  const days = settings.managerLinkDays ?? DEFAULT_MANAGER_LINK_DAYS;
  const link = await signLink(
    ports,
    { publicUrl: settings.publicUrl, tokenTtlDays: days },
    'm',
    { purpose: 'manage', accountId, subject: '', contact: email.toLowerCase() },
    now,
  );
  return link.url;
}
