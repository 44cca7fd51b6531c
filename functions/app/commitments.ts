// Commitments: what a customer asked for in a survey comment, owned by the account manager until
// "we did" closes it; the next survey and agenda quote both.
import { NotFound, parseInput } from '#domain/errors.ts';
import { CommitmentDone, type Account, type Commitment } from '#domain/model.ts';
import type { TokenClaims } from '#domain/tokens.ts';
import type { Clock, Uses } from './ports.ts';

export type CompletePorts = Clock & Uses<{ commitments: 'get' | 'save' }>;

/** "We did": closes a commitment with what was done; the next survey quotes both. */
export async function completeCommitment(ports: CompletePorts, accountId: string, commitmentId: string, body: unknown): Promise<Commitment> {
  const { whatWeDid } = parseInput(CommitmentDone, body);
  const commitment = await ports.commitments.get(accountId, commitmentId);
  if (!commitment) throw new NotFound(`account ${accountId} has no commitment "${commitmentId}"`);
  const done: Commitment = { ...commitment, status: 'done', whatWeDid, doneAt: ports.now().toISOString() };
  await ports.commitments.save(done);
  return done;
}

/** An account's commitments, or the open ones of every account. */
export function listCommitments(ports: Uses<{ commitments: 'of' | 'open' }>, accountId?: string): Promise<Commitment[]> {
  return accountId ? ports.commitments.of(accountId) : ports.commitments.open();
}

/** A survey comment becomes a commitment owned by the account manager; an edited comment updates it. */
export async function recordCommitment(
  ports: Uses<{ commitments: 'get' | 'save' }>,
  account: Account,
  claims: Pick<TokenClaims, 'subject' | 'contact'>,
  comment: string,
  now: Date,
): Promise<void> {
  const id = `${claims.subject.replace(/[^0-9T]/g, '')}-${claims.contact}`;
  const existing = await ports.commitments.get(account.id, id);
  if (existing?.status === 'done') return;
  const commitment: Commitment = {
    id,
    accountId: account.id,
    request: comment,
    owner: account.team.accountManager,
    sourceMeetingId: claims.subject,
    contactId: claims.contact,
    status: 'open',
    createdAt: existing?.createdAt ?? now.toISOString(),
  };
  await ports.commitments.save(commitment);
}
