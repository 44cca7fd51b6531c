// Commitments: what a customer asked for or found wrong in a survey comment, owned by the account
// manager until "we did" closes it (or it is dismissed as not a request); the next survey and agenda
// report both. Praise and warnings never become one: warnings stay on the score, where the risk
// engine reads them.
import { becomesCommitment, classifyComment, defaultCommitmentWording, openCommitmentFor } from '#domain/comments.ts';
import { InvalidInput, NotFound, parseInput } from '#domain/errors.ts';
import { CommitmentChange, CommitmentDone, type Account, type Commitment } from '#domain/model.ts';
import type { TokenClaims } from '#domain/tokens.ts';
import type { Clock, Uses } from './ports.ts';

export type CompletePorts = Clock & Uses<{ commitments: 'get' | 'save' }>;

/** "We did": closes a commitment with what was done; the next survey and agenda quote it. */
export async function completeCommitment(ports: CompletePorts, accountId: string, commitmentId: string, body: unknown): Promise<Commitment> {
  const { whatWeDid } = parseInput(CommitmentDone, body);
  const commitment = await requireCommitment(ports, accountId, commitmentId);
  const done: Commitment = { ...commitment, status: 'done', whatWeDid, doneAt: ports.now().toISOString() };
  await ports.commitments.save(done);
  return done;
}

/** The admin API's and CLI's other changes: dismiss ("not a request"), a due date, a new owner. */
export async function changeCommitment(ports: CompletePorts, accountId: string, commitmentId: string, body: unknown): Promise<Commitment> {
  const change = parseInput(CommitmentChange, body);
  const commitment = await requireCommitment(ports, accountId, commitmentId);
  const next = applyCommitmentChange(commitment, change, ports.now());
  await ports.commitments.save(next);
  return next;
}

function applyCommitmentChange(commitment: Commitment, change: CommitmentChange, now: Date): Commitment {
  switch (change.action) {
    case 'dismiss':
      if (commitment.status === 'done') throw new InvalidInput([{ field: 'action', message: 'a done commitment cannot be dismissed' }]);
      return { ...commitment, status: 'dismissed', dismissedAt: now.toISOString() };
    case 'due':
      if (!change.dueDate) throw new InvalidInput([{ field: 'dueDate', message: 'is required to set a due date (YYYY-MM-DD)' }]);
      return { ...commitment, dueDate: change.dueDate };
    case 'reassign':
      if (!change.owner) throw new InvalidInput([{ field: 'owner', message: 'is required to reassign: { "name": …, "email": … }' }]);
      return { ...commitment, owner: change.owner };
  }
}

async function requireCommitment(ports: Uses<{ commitments: 'get' }>, accountId: string, commitmentId: string): Promise<Commitment> {
  const commitment = await ports.commitments.get(accountId, commitmentId);
  if (!commitment) throw new NotFound(`account ${accountId} has no commitment "${commitmentId}"`);
  return commitment;
}

/** An account's commitments, or the open ones of every account. */
export function listCommitments(ports: Uses<{ commitments: 'of' | 'open' }>, accountId?: string): Promise<Commitment[]> {
  return accountId ? ports.commitments.of(accountId) : ports.commitments.open();
}

export type RecordCommitmentPorts = Uses<{ commitments: 'get' | 'save' | 'of' }>;

/**
 * A survey comment that asks for something or finds something wrong becomes a commitment owned by
 * the account manager; the same request again (any contact of the account, similar words) joins the
 * open one instead; an edited comment updates its own. Returns what happened, for the tests and logs.
 */
export async function recordCommitment(
  ports: RecordCommitmentPorts,
  account: Account,
  claims: Pick<TokenClaims, 'subject' | 'contact'>,
  comment: string,
  now: Date,
  warningWords: readonly string[] = [],
): Promise<'created' | 'updated' | 'joined' | 'not a request' | 'already done'> {
  const id = `${claims.subject.replace(/[^0-9T]/g, '')}-${claims.contact}`;
  const { kind } = classifyComment(comment, { warningWords });
  const [existing, all] = await Promise.all([ports.commitments.get(account.id, id), ports.commitments.of(account.id)]);
  if (existing?.status === 'done') return 'already done';
  if (kind === 'praise' || kind === 'warning' || !becomesCommitment(kind)) {
    // An edit that turns a request into thanks takes the commitment back: nothing is owed.
    if (existing?.status === 'open') await ports.commitments.save({ ...existing, status: 'dismissed', dismissedAt: now.toISOString() });
    return 'not a request';
  }
  if (!existing) {
    const joined = openCommitmentFor(comment, all.filter((c) => c.id !== id));
    if (joined) {
      await ports.commitments.save({ ...joined, askedAgain: [...(joined.askedAgain ?? []), now.toISOString()] });
      return 'joined';
    }
  }
  const wording = defaultCommitmentWording({ comment, kind, askedAt: now, timezone: account.timezone });
  const commitment: Commitment = {
    ...existing,
    id,
    accountId: account.id,
    request: comment,
    owner: existing?.owner ?? account.team.accountManager,
    sourceMeetingId: claims.subject,
    contactId: claims.contact,
    status: 'open',
    kind,
    ...(wording ? { summary: wording.summary } : {}),
    createdAt: existing?.createdAt ?? now.toISOString(),
  };
  await ports.commitments.save(commitment);
  return existing ? 'updated' : 'created';
}
