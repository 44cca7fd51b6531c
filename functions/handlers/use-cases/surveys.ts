// The score survey: sending it after a held meeting and reminding those who have not answered; the
// public survey and unsubscribe pages; turning a comment into a commitment.
import { activeContacts } from '#domain/accounts.ts';
import { shortDate } from '#domain/format.ts';
import { valueSince, type ValueSummary } from '#domain/insights.ts';
import { COMMENT_MAX, type Account, type Commitment, type Contact, type Score, type SurveyRequest } from '#domain/model.ts';
import { messagePage, surveyPage, unsubscribePage, type Page } from '#render/pages.ts';
import { provisionalVerdict, SCANNER_RULES } from '#domain/scanner.ts';
import { followUpQuestion, scoreQuestion, type SurveyLinks } from '#domain/survey.ts';
import { renderSurveyEmail } from '#render/survey.ts';
import { addBusinessDays, atExpression } from '#domain/time.ts';
import {
  describeTokenFailure,
  signToken,
  tokenExpiry,
  verifyToken,
  type TokenClaims,
  type TokenPurpose,
} from '#domain/tokens.ts';
import type { Sender } from '#render/email.ts';
import { sendKeys } from '#adapters/dynamo/once.ts';
import { setContactStatus } from './contacts.ts';
import { cyclesBack } from './history.ts';
import type { Ports } from './ports.ts';
import { sendOnce, type Outcome } from './send-once.ts';

export interface SurveySettings {
  publicUrl: string;
  tokenTtlDays: number;
  reminderBusinessDays: number;
  sender: Sender;
}

export interface SurveyDeps extends Ports {
  settings: SurveySettings;
}

export type FormFields = Record<string, string | undefined>;

interface SurveyHistory {
  scores: Score[];
  commitments: Commitment[];
  /** The previous meeting (or a month before this one): value and closed loops count from here. */
  since: string;
  value: ValueSummary;
}

const DAY = 86_400_000;
/** Past scores a contact sees: in the survey email, and on the survey page. */
const EMAIL_PAST_SCORES = 4;
const PAGE_PAST_SCORES = 6;

export class SurveyUseCases {
  constructor(private readonly deps: SurveyDeps) {}

  // ---- sending ----------------------------------------------------------------------------

  /** After a meeting: one survey per active contact, then the reminder's schedule. */
  async sendSurveys(accountId: string, meetingId: string): Promise<Outcome> {
    const account = await this.deps.accounts.get(accountId);
    if (!account) return { skipped: `account ${accountId} no longer exists` };
    if (account.status !== 'active') return { skipped: `account ${accountId} is paused` };
    const meeting = await this.deps.meetings.get(accountId, meetingId);
    if (!meeting) return { skipped: `no meeting ${meetingId} was recorded` };
    if (meeting.status === 'skipped') return { skipped: `meeting ${meetingId} was skipped: no survey` };

    const now = this.deps.now();
    const history = await this.history(account, meetingId);
    const sent: string[] = [];
    for (const contact of activeContacts(account)) {
      await this.deps.surveys.record({
        accountId,
        meetingId,
        contactId: contact.id,
        scale: account.scale,
        sentAt: now.toISOString(),
        clicks: [],
      });
      const outcome = await sendOnce(
        this.deps,
        sendKeys.survey({ accountId, meetingId, contactId: contact.id }),
        await this.surveyEmail(account, contact, meetingId, history, false),
        { account: accountId, contact: contact.id },
      );
      if ('done' in outcome) sent.push(contact.email);
    }
    await this.deps.scheduler.scheduleFollowup({
      kind: 'reminder',
      accountId,
      meetingId,
      at: atExpression(addBusinessDays(now, this.deps.settings.reminderBusinessDays, account.timezone)),
    });
    return { done: `survey of ${meetingId} sent to ${sent.length} contacts` };
  }

  /** N business days later: one reminder to each contact who has not answered and can still be mailed. */
  async sendReminders(accountId: string, meetingId: string): Promise<Outcome> {
    const account = await this.deps.accounts.get(accountId);
    if (!account || account.status !== 'active') return { skipped: `account ${accountId} is gone or paused` };
    const [requests, history] = await Promise.all([
      this.deps.surveys.ofMeeting(accountId, meetingId),
      this.history(account, meetingId),
    ]);
    let reminded = 0;
    for (const request of requests) {
      const contact = account.contacts.find((c) => c.id === request.contactId);
      if (!contact || contact.status !== 'active' || request.answeredAt) continue;
      if (await this.deps.scores.get(accountId, meetingId, contact.id)) continue;
      const outcome = await sendOnce(
        this.deps,
        sendKeys.reminder({ accountId, meetingId, contactId: contact.id }),
        await this.surveyEmail(account, contact, meetingId, history, true),
        { account: accountId, contact: contact.id },
      );
      if ('done' in outcome) {
        reminded += 1;
        await this.deps.surveys.mark(accountId, meetingId, contact.id, 'reminderSentAt', this.deps.now().toISOString());
      }
    }
    return { done: `${reminded} reminders for ${meetingId}` };
  }

  /** What every contact's email of one meeting shows: read once per run, not once per contact. */
  private async history(account: Account, meetingId: string): Promise<SurveyHistory> {
    const [scores, meetings, events, commitments] = await Promise.all([
      this.deps.scores.ofMeetingsSince(account.id, cyclesBack(account, new Date(meetingId), EMAIL_PAST_SCORES)),
      this.deps.meetings.recent(account.id, 2),
      this.deps.events.since(account.id, new Date(Date.parse(meetingId) - 120 * DAY).toISOString()),
      // Done since the previous meeting is what the email quotes; a quarter and a month cover it.
      this.deps.commitments.live(account.id, new Date(Date.parse(meetingId) - 120 * DAY).toISOString()),
    ]);
    const previous = meetings.find((m) => m.scheduledTime < meetingId);
    const since = previous?.scheduledTime ?? new Date(Date.parse(meetingId) - 31 * DAY).toISOString();
    return { scores, commitments, since, value: valueSince(events, since, meetingId) };
  }

  private async surveyEmail(account: Account, contact: Contact, meetingId: string, history: SurveyHistory, reminder: boolean) {
    const { scores, commitments, since } = history;
    return renderSurveyEmail({
      account,
      contact,
      meetingTime: new Date(meetingId),
      pastScores: scores.filter((s) => s.contactId === contact.id && s.meetingId < meetingId && !s.provisional),
      value: history.value,
      closedLoops: commitments.filter(
        (c) => c.status === 'done' && c.contactId === contact.id && (c.doneAt ?? '') >= since,
      ),
      links: await this.links(account.id, meetingId, contact.id, this.deps.now()),
      sender: this.deps.settings.sender,
      reminder,
    });
  }

  private async links(accountId: string, meetingId: string, contactId: string, now: Date): Promise<SurveyLinks> {
    const key = await this.deps.keys.signingKey();
    const expiresAt = tokenExpiry(now, this.deps.settings.tokenTtlDays);
    const survey = signToken({ purpose: 'survey', accountId, subject: meetingId, contact: contactId, expiresAt }, key);
    const unsubscribe = signToken({ purpose: 'unsubscribe', accountId, subject: '', contact: contactId, expiresAt }, key);
    const base = this.deps.settings.publicUrl;
    return { survey: `${base}/s/${survey}`, unsubscribe: `${base}/u/${unsubscribe}`, honeypot: `${base}/s/${survey}?via=preview` };
  }

  // ---- the survey page ------------------------------------------------------------------

  /** GET (or HEAD, which changes nothing) of a survey link. */
  async openSurvey(token: string, query: FormFields, head: boolean): Promise<Page> {
    const verified = await this.verify(token, 'survey');
    if ('page' in verified) return verified.page;
    const { claims } = verified;
    const context = await this.surveyContext(claims);
    if ('page' in context) return context.page;
    const { account } = context;
    const chosen = parseScore(query.score, account.scale);
    const at = this.deps.now().toISOString();
    if (!head && query.via === 'preview') {
      await this.deps.surveys.mark(account.id, claims.subject, claims.contact, 'scannerAt', at);
      return messagePage(200, 'Thank you', ['Nothing to see here.']);
    }
    // The click is noted while the scores are read. Their window follows from the account's cadence,
    // so the read costs the same at the 2nd meeting and the 50th; that is why the account comes first.
    const [scores] = await Promise.all([
      this.deps.scores.ofMeetingsSince(account.id, cyclesBack(account, new Date(claims.subject), PAGE_PAST_SCORES)),
      !head && chosen !== undefined
        ? this.deps.surveys.recordClick(account.id, claims.subject, claims.contact, { score: chosen, at }, SCANNER_RULES.clicksKept)
        : undefined,
    ]);
    const { answer, past } = contactScores(scores, claims);
    return this.renderSurvey(token, claims, account, { chosen, answer, past, saved: false });
  }

  /** POST of the survey form: the customer's answer, or the page's provisional signal. */
  async answerSurvey(token: string, form: FormFields): Promise<Page> {
    const verified = await this.verify(token, 'survey');
    if ('page' in verified) return verified.page;
    const { claims } = verified;
    const context = await this.surveyContext(claims);
    if ('page' in context) return context.page;
    const { account, request } = context;
    const score = parseScore(form.score, account.scale);
    if (score === undefined) {
      return messagePage(400, 'Please choose a score', [`Pick a score from 1 to ${account.scale}, then send your answer again.`]);
    }
    const now = this.deps.now();
    const base = { accountId: account.id, meetingId: claims.subject, contactId: claims.contact, scale: account.scale, score };

    if (form.mode === 'provisional') {
      const verdict = provisionalVerdict(request, score, now);
      const existing = await this.deps.scores.get(account.id, claims.subject, claims.contact);
      if (verdict.accept && (!existing || existing.provisional)) {
        await this.deps.scores.save({ ...base, answeredAt: now.toISOString(), provisional: true });
      }
      return messagePage(202, 'Noted', [verdict.accept ? 'Your score is noted.' : 'Nothing recorded.']);
    }

    const comment = (form.comment ?? '').replace(/\r\n/g, '\n').trim();
    if (comment.length > COMMENT_MAX) {
      return messagePage(400, 'Your comment is too long', [
        `Please keep it under ${COMMENT_MAX} characters (it has ${comment.length}), then send it again.`,
      ]);
    }
    const answer: Score = { ...base, answeredAt: now.toISOString(), provisional: false, ...(comment ? { comment } : {}) };
    await this.deps.scores.save(answer);
    const [past] = await Promise.all([
      this.deps
        .scores.ofMeetingsSince(account.id, cyclesBack(account, new Date(claims.subject), PAGE_PAST_SCORES))
        .then((scores) => contactScores(scores, claims).past),
      this.deps.surveys.mark(account.id, claims.subject, claims.contact, 'answeredAt', answer.answeredAt),
      comment ? this.recordCommitment(account, claims, comment, now) : undefined,
    ]);
    return this.renderSurvey(token, claims, account, { chosen: score, answer, past, saved: true });
  }

  /** A comment becomes a commitment owned by the account manager; an edited comment updates it. */
  private async recordCommitment(account: Account, claims: TokenClaims, comment: string, now: Date): Promise<void> {
    const id = `${claims.subject.replace(/[^0-9T]/g, '')}-${claims.contact}`;
    const existing = await this.deps.commitments.get(account.id, id);
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
    await this.deps.commitments.save(commitment);
  }

  private renderSurvey(
    token: string,
    claims: TokenClaims,
    account: Account,
    { chosen, answer, past, saved }: { chosen: number | undefined; answer: Score | undefined; past: Score[]; saved: boolean },
  ): Page {
    return surveyPage({
      action: `/s/${encodeURIComponent(token)}`,
      accountName: account.name,
      companyName: this.deps.settings.sender.companyName,
      question: scoreQuestion(account),
      followUp: followUpQuestion(account),
      scale: account.scale,
      ...(chosen !== undefined ? { chosen } : {}),
      ...(answer ? { answer: { score: answer.score, provisional: answer.provisional, ...(answer.comment ? { comment: answer.comment } : {}) } } : {}),
      pastScores: past.map((s) => ({ date: shortDate(s.meetingId, account.timezone), score: s.score, scale: s.scale })),
      commentMax: COMMENT_MAX,
      expiresOn: shortDate(new Date(claims.expiresAt * 1000), account.timezone),
      saved,
    });
  }

  // ---- unsubscribe ---------------------------------------------------------------------

  /** GET shows a confirmation; POST (the button, or a mail client's one-click) unsubscribes. */
  async unsubscribe(token: string, method: 'GET' | 'HEAD' | 'POST'): Promise<Page> {
    const verified = await this.verify(token, 'unsubscribe');
    if ('page' in verified) return verified.page;
    const { claims } = verified;
    const account = await this.deps.accounts.get(claims.accountId);
    const contact = account?.contacts.find((c) => c.id === claims.contact);
    if (!account || !contact) {
      return messagePage(200, 'You are unsubscribed', ['This address gets no more survey emails from us.']);
    }
    const done = contact.status === 'unsubscribed';
    if (method !== 'POST' || done) {
      return unsubscribePage({
        action: `/u/${encodeURIComponent(token)}`,
        email: contact.email,
        companyName: this.deps.settings.sender.companyName,
        done,
      });
    }
    await setContactStatus(this.deps, account.id, contact.id, 'unsubscribed');
    return unsubscribePage({ action: '', email: contact.email, companyName: this.deps.settings.sender.companyName, done: true });
  }

  // ---- plumbing --------------------------------------------------------------------------

  private async verify(token: string, purpose: TokenPurpose): Promise<{ claims: TokenClaims } | { page: Page }> {
    const result = verifyToken(token, purpose, await this.deps.keys.verificationKeys(), this.deps.now());
    if (result.ok) return { claims: result.claims };
    const text = describeTokenFailure(result.reason, { ttlDays: this.deps.settings.tokenTtlDays, purpose });
    return { page: messagePage(result.reason === 'expired' ? 410 : 400, text.title, [text.message]) };
  }

  private async surveyContext(
    claims: TokenClaims,
  ): Promise<{ account: Account; request: SurveyRequest } | { page: Page }> {
    const [account, request] = await Promise.all([
      this.deps.accounts.get(claims.accountId),
      this.deps.surveys.get(claims.accountId, claims.subject, claims.contact),
    ]);
    if (!account || !request) {
      return { page: messagePage(404, 'This survey is closed', ['We no longer collect answers for this meeting. Thank you all the same.']) };
    }
    return { account, request };
  }
}

function parseScore(value: string | undefined, scale: number): number | undefined {
  if (value === undefined || !/^\d{1,2}$/.test(value)) return undefined;
  const score = Number(value);
  return score >= 1 && score <= scale ? score : undefined;
}

/** The contact's answer to this meeting and their scores of the meetings before it. */
function contactScores(scores: readonly Score[], claims: TokenClaims): { answer: Score | undefined; past: Score[] } {
  const mine = scores.filter((s) => s.contactId === claims.contact);
  return {
    answer: mine.find((s) => s.meetingId === claims.subject),
    past: mine.filter((s) => s.meetingId < claims.subject && !s.provisional).slice(0, PAGE_PAST_SCORES),
  };
}
