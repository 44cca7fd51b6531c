// The renewal-risk engine around the domain rules: evaluate an account when a score, a signal, a
// contact or a commitment changes, store its level and reasons, alert the right people once per
// level and set of reasons, in their business hours, climb the ladder while nobody acknowledges, and
// tell everyone who was told when the account recovers.
import type { DefaultTeam } from '#domain/accounts.ts';
import { sendKeys } from '#contract/send-keys.ts';
import type { Sender } from '#domain/sender.ts';
import { scoresByCycle } from '#domain/insights.ts';
import type { Account, Alert, Meeting, Person, Risk, Score } from '#domain/model.ts';
import {
  alertIdentity,
  alertRecipients,
  alertWorthy,
  assessRisk,
  businessDaysLater,
  daysToRenewal,
  DEFAULT_RISK_RULES,
  MAX_RUNG,
  nextBusinessMoment,
  riskChange,
  SIGNAL_MAX_AGE_DAYS,
  suggestedActions,
  urgentEnough,
  type ReasonCode,
  type RiskAssessment,
  type RiskRules,
} from '#domain/risk.ts';
import { atExpression, isoMinute } from '#domain/time.ts';
import { createHash } from 'node:crypto';
import { Conflict } from '#domain/errors.ts';
import type { RendersWith } from './emails.ts';
import { DAY, daysBefore, scoresOfLastCycles } from './history.ts';
import { managerLink, signLink, type LinkSettings } from './links.ts';
import type { Keys, Schedules, Uses } from './ports.ts';
import { sendOnce, type Outcome, type SendPorts } from './send-once.ts';
export interface RiskSettings extends LinkSettings {
  /** How long a manager's link to the account page works (`managerLinkDays`); 14 days when absent. */
  managerLinkDays?: number;
  escalationBusinessDays: number;
  deploymentTimezone: string;
  /** Local dates (YYYY-MM-DD) no alert goes out on unless it is urgent. */
  holidays?: readonly string[];
  defaultTeam: DefaultTeam;
  sender: Sender;
  rules?: RiskRules;
}

/** Everything the risk engine touches: evaluating an account may alert, and alerts climb the ladder. */
export type RiskPorts = SendPorts &
  Keys &
  Schedules<'scheduleFollowup'> &
  RendersWith<'alert' | 'recovery'> &
  Uses<{
    accounts: 'get' | 'require' | 'save';
    scores: 'ofMeetingsSince';
    meetings: 'recent';
    commitments: 'live';
    signals: 'of';
    alerts: 'get' | 'save' | 'recent' | 'climb' | 'close';
  }>;

/** The engine never weighs scores older than this. */
const HISTORY_DAYS = 400;
/** Meetings read beyond the `silentCycles` the silence rule weighs: room for skipped ones and the latest. */
const EXTRA_MEETINGS = 4;
/** The alert's chart: the score of each of the last cycles. */
const CHART_CYCLES = 8;
/** Alerts read to find the open ones of an account: far more than a risk episode raises. */
const OPEN_ALERTS_READ = 10;
/**
 * Follow-up steps of an alert: 1 and 2 climb to that rung; 10, 20, 30… deliver the current rung to
 * those whose business hours had not begun; 3, 4 and 5 (13, 14, 15…) finish sending rung 0, 1 or 2
 * where a send failed. A follow-up of the same kind later is its step plus DELIVERY_STEP: a
 * schedule's name holds its step, so each needs its own.
 */
const FINISH_STEP = 3;
const DELIVERY_STEP = 10;
/** The rung a finishing step finishes, or undefined for any other step. */
const finishing = (step: number): 0 | 1 | 2 | undefined => {
  const rung = (step % DELIVERY_STEP) - FINISH_STEP;
  return rung >= 0 && rung <= MAX_RUNG ? (rung as 0 | 1 | 2) : undefined;
};

/** A risk check that retries a failed evaluation: its own step, so it never meets the survey-close check's name. */
const RETRY_STEP = 1;
/** How long after a failed evaluation, or a send that failed, its follow-up tries again. */
const RETRY_AFTER_MS = 60_000;
/** A risk check that finishes a recovery note whose send failed for some. */
const RECOVERY_STEP = 2;

/**
 * The risk engine, for one function's ports and settings: the stream's evaluations and the
 * follow-up's climbs and deliveries share the alert plumbing below.
 */
export class RiskEngine {
  constructor(
    private readonly deps: RiskPorts,
    private readonly settings: RiskSettings,
  ) {}

  private get rules(): RiskRules {
    return this.settings.rules ?? DEFAULT_RISK_RULES;
  }

  /** Re-evaluates the account; stores the new level and sends what the change calls for. */
  async evaluate(accountId: string): Promise<Outcome> {
    const account = await this.deps.accounts.get(accountId);
    if (!account) return { skipped: `account ${accountId} no longer exists` };
    const now = this.deps.now();
    // The rules weigh the latest cycles only: a decline over `decliningCycles` (one more to compare
    // with, and the latest meeting, maybe not answered yet) and the meetings silence looks at. Reading
    // just those keeps the cost of an evaluation the same however long the account's history.
    const rules = this.rules;
    const horizon = isoMinute(new Date(now.getTime() - HISTORY_DAYS * DAY));
    const [scores, meetings, commitments, signals] = await Promise.all([
      scoresOfLastCycles(this.deps.scores, account, now, Math.max(rules.decliningCycles + 2, rules.silentCycles + 1), horizon),
      this.deps.meetings.recent(accountId, rules.silentCycles + EXTRA_MEETINGS),
      // Done ones matter only while an overdue signal about them could still count.
      this.deps.commitments.live(accountId, daysBefore(now, SIGNAL_MAX_AGE_DAYS)),
      this.deps.signals.of(accountId),
    ]);
    const assessment = assessRisk({ account, scores, meetings, commitments, signals, now, rules });
    const change = riskChange({ level: account.risk.level, reasons: account.risk.codes }, assessment);
    const assessed: Account = { ...account, risk: riskOf(assessment, now) };
    const cycle = meetings.map((m) => m.scheduledTime).sort().at(-1) ?? 'none';
    await this.checkAtSurveyClose(meetings, scores, now, accountId);
    // The new level is stored only after what the change calls for went out, or its failed sends
    // were handed to the alert's finishing follow-up: a delivery that dies half way is redelivered,
    // sees the same change and finishes the job.
    let outcome: Outcome = { done: `${accountId} is ${assessment.level}; nothing new to tell` };
    if ((change.kind === 'raised' || change.kind === 'new-reason') && alertWorthy(assessment)) {
      outcome = await this.raiseAlert(account, assessed, assessment, now);
    } else if (change.kind === 'recovered') {
      outcome = await this.recover(assessed, scores, cycle, now);
    }
    await this.storeRisk(account, assessed.risk);
    return outcome;
  }

  /**
   * An evaluation from the stream that failed (SES paused, a table error past the SDK's retries) is
   * handed to a risk-check follow-up a minute later, rather than retried at once until the stream
   * gives the batch up: the follow-up has Lambda's retries, a failure queue and a redrive. Nothing
   * was stored as told, so the check sees the same change and finishes it.
   */
  async checkAgainSoon(accountId: string): Promise<void> {
    const now = this.deps.now();
    await this.deps.scheduler.scheduleFollowup({
      kind: 'risk-check',
      accountId,
      meetingId: isoMinute(now),
      at: atExpression(new Date(now.getTime() + RETRY_AFTER_MS)),
      step: RETRY_STEP,
    });
  }

  /**
   * A risk-check follow-up: the account looked at again (at a survey's close, or a minute after an
   * evaluation failed), or the end of a recovery note whose send failed for some (`ref` its cycle).
   */
  async check(accountId: string, at: string, step?: number, ref?: string): Promise<Outcome> {
    return step === RECOVERY_STEP && ref !== undefined ? this.finishRecovery(accountId, at, ref) : this.evaluate(accountId);
  }

  /**
   * A follow-up of an alert: a climb one rung up (step 1 or 2) unless someone said "I'm on it" or
   * what it warned of is over; the delivery of its current rung to people whose day has begun; or
   * the end of a rung's sending that failed for some.
   */
  async escalate(accountId: string, alertCreatedAt: string, alertId: string, step?: number): Promise<Outcome> {
    const [account, alert] = await Promise.all([
      this.deps.accounts.get(accountId),
      this.deps.alerts.get(accountId, alertCreatedAt, alertId),
    ]);
    if (!account || !alert) return { skipped: `alert ${alertId} or its account is gone` };
    if (alert.acknowledgedAt) return { skipped: `alert ${alertId} was acknowledged by ${alert.acknowledgedBy}` };
    if (alert.closedAt) return { skipped: `alert ${alertId} is over: the account recovered` };
    const now = this.deps.now();
    const target = step ?? alert.rung + 1;
    // Finishing a rung whose send failed: its people were due and the others on it were told, so it
    // goes out even if the level has moved since (the recovery note closes it when it is over).
    const unfinished = finishing(target);
    if (unfinished !== undefined) return this.deliver(account, alert, now, { step: target, rung: Math.min(unfinished, alert.rung) as 0 | 1 | 2 });
    const codes = alert.codes ?? [];
    if (account.risk.level === 'healthy' || (codes.length > 0 && !codes.some((code) => account.risk.codes.includes(code)))) {
      return { skipped: `alert ${alertId}: what it warned of is over` };
    }
    if (target >= DELIVERY_STEP) return this.deliver(account, alert, now, { step: target });
    // A climb retried after it was stored: its next climb, then the rest of its sending.
    if (target <= alert.rung) {
      await this.scheduleClimb(alert, now);
      return this.deliver(account, alert, now, { step: DELIVERY_STEP });
    }
    if (alert.rung >= MAX_RUNG) return { skipped: `alert ${alertId} is at the top of the ladder` };
    // Climb to the next rung that reaches someone new; a rung whose people already had it adds nothing.
    const told = new Set(alert.recipients);
    const untold = (target: 1 | 2) => this.newcomers(account, alert, target, now).filter((p) => !told.has(p.email));
    let rung: 1 | 2 = alert.rung === 0 ? 1 : 2;
    if (rung === 1 && untold(1).length === 0) rung = 2;
    const added = untold(rung);
    if (added.length === 0) return { skipped: `alert ${alertId}: no one further up the ladder` };
    const recipients = [...new Set([...alert.recipients, ...added.map((p) => p.email)])];
    // Conditional: an "I'm on it" that lands meanwhile stays, and this climb stops.
    if (!(await this.deps.alerts.climb(alert, rung, recipients))) return { skipped: `alert ${alertId} was acknowledged or climbed meanwhile` };
    const climbed: Alert = { ...alert, rung, recipients };
    await this.scheduleClimb(climbed, now);
    return this.deliver(account, climbed, now, { step: DELIVERY_STEP });
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private async raiseAlert(before: Account, account: Account, assessment: RiskAssessment, now: Date): Promise<Outcome> {
    const identity = alertIdentity(assessment.level, assessment.reasons);
    const open = (await this.deps.alerts.recent(account.id, OPEN_ALERTS_READ)).filter((a) => !a.closedAt);
    // The alert's id follows from what it is about and from the stored state it changes: a
    // redelivery finds the alert it started and finishes it; a later, real change is a new one.
    const id = createHash('sha256').update(`${identity}#${before.risk.evaluatedAt ?? ''}`).digest('hex').slice(0, 16);
    const started = open.find((a) => a.id === id);
    if (!started && open.some((a) => alertIdentity(a.level, a.codes ?? []) === identity)) {
      return { skipped: `already alerted: ${identity}` };
    }
    const alert: Alert = started ?? {
      id,
      accountId: account.id,
      level: assessment.level,
      reasons: assessment.reasons.map((r) => r.text),
      codes: assessment.reasons.map((r) => r.code),
      createdAt: now.toISOString(),
      rung: 0,
      recipients: this.people(account, assessment.level, assessment.reasons.map((r) => r.code), 0, now).map((p) => p.email),
    };
    if (!started) await this.deps.alerts.save(alert);
    // The climb first: it then comes however the sending goes.
    await this.scheduleClimb(alert, now);
    return this.deliver(account, alert, now, { step: DELIVERY_STEP, assessment });
  }

  private people(account: Account, level: Alert['level'], codes: readonly string[], rung: 0 | 1 | 2, now: Date): Person[] {
    return alertRecipients({ account, defaults: this.settings.defaultTeam, level, now, rung, reasons: codes as ReasonCode[], rules: this.rules });
  }

  /** Who a rung adds to the ones below it. */
  private newcomers(account: Account, alert: Alert, rung: 0 | 1 | 2, now: Date): Person[] {
    const codes = alert.codes ?? [];
    const people = this.people(account, alert.level, codes, rung, now);
    if (rung === 0) return people;
    const below = new Set(this.people(account, alert.level, codes, (rung - 1) as 0 | 1, now).map((p) => p.email));
    return people.filter((p) => !below.has(p.email));
  }

  /**
   * Sends a rung of the alert (its current one unless finishing an earlier one) to those it is new
   * to, each when their business day has begun (at once when urgent), each on their own: one failed
   * send stops no one else. The alert then owns what failed: a finishing follow-up a minute later
   * sends the rest, whatever the account's level by then, so that no one on a rung is left out
   * while the others were told. Only when that cannot be scheduled, or when finishing fails, does
   * the delivery fail, for its caller's retry to resend what did not go out.
   */
  private async deliver(account: Account, alert: Alert, now: Date, how: Delivery): Promise<Outcome> {
    const rung = how.rung ?? (alert.rung as 0 | 1 | 2);
    const finishes = finishing(how.step) !== undefined;
    const daysLeft = daysToRenewal(account.renewalDate, now, account.timezone);
    const urgent = urgentEnough({ level: alert.level, daysToRenewal: daysLeft, rules: this.rules });
    const holidays = this.settings.holidays ?? [];
    const due: Person[] = [];
    let later: Date | undefined;
    for (const person of this.newcomers(account, alert, rung, now)) {
      const moment = urgent ? now : nextBusinessMoment(now, person.timezone ?? this.settings.deploymentTimezone, holidays);
      if (moment.getTime() <= now.getTime()) due.push(person);
      else if (!later || moment < later) later = moment;
    }
    if (later) await this.followUp(alert, later, how.step + DELIVERY_STEP);
    if (due.length === 0) return { skipped: later ? `alert ${alert.id} waits for business hours, until ${later.toISOString()}` : 'no one to tell' };

    const [scores, commitments] = await Promise.all([
      scoresOfLastCycles(this.deps.scores, account, now, CHART_CYCLES + 1),
      this.deps.commitments.live(account.id, now.toISOString()),
    ]);
    const cycles = scoresByCycle(scores.filter((s) => !s.provisional)).slice(-CHART_CYCLES);
    const latest = cycles.at(-1)?.meetingId;
    const names = new Map(account.contacts.map((c) => [c.id, c.name]));
    const comments = scores
      .filter((s) => s.meetingId === latest && s.comment && !s.provisional)
      .map((s) => ({ author: names.get(s.contactId) ?? 'a contact', text: s.comment ?? '' }));
    const codes = (alert.codes ?? []) as ReasonCode[];
    const reasons = how.assessment?.reasons ?? alert.reasons.map((text, i) => ({ code: codes[i] ?? 'silent', level: alert.level, text }));
    const toldBefore = rung === 0 ? [] : this.people(account, alert.level, codes, (rung - 1) as 0 | 1, now).map((p) => p.name);
    const sent: string[] = [];
    const failures: unknown[] = [];
    for (const person of due) {
      try {
        const link = await signLink(
          this.deps,
          this.settings,
          'a',
          { purpose: 'acknowledge', accountId: account.id, subject: `${alert.createdAt}|${alert.id}`, contact: person.email },
          now,
        );
        // The account page, signed for this person: the alert's "act on it" beyond acknowledging.
        const managerUrl = await managerLink(this.deps, this.settings, account.id, person.email, now);
        const email = this.deps.render.alert({
          account,
          managerUrl,
          level: alert.level,
          reasons: alert.reasons,
          cycles,
          comments,
          commitments: commitments.filter((c) => c.status === 'open'),
          actions: suggestedActions({ level: alert.level, reasons }),
          daysToRenewal: daysLeft,
          recipients: [person],
          acknowledgeUrl: link.url,
          rung,
          ...(rung > 0 ? { climb: { businessDays: this.settings.escalationBusinessDays, since: alert.createdAt, toldBefore } } : {}),
          sender: this.settings.sender,
        });
        const key = sendKeys.alert({ accountId: account.id, alertId: alert.id, rung, email: person.email });
        if ('done' in (await sendOnce(this.deps, key, email))) sent.push(person.email);
      } catch (error) {
        failures.push(error);
      }
    }
    const done = `alert ${alert.id} (${alert.level}, rung ${rung}) sent to ${sent.join(', ') || (failures.length > 0 ? 'no one' : 'no one new')}`;
    if (failures.length === 0) return { done };
    const failed = `alert ${alert.id}: ${failures.length} of ${due.length} sends failed; sent to ${sent.join(', ') || 'no one'}`;
    if (finishes) throw new AggregateError(failures, failed);
    const again = await finishLater(now, failures, failed, (at) => this.followUp(alert, at, FINISH_STEP + rung));
    return { done: `${done}; ${failures.length} of ${due.length} sends failed, tried again at ${again.toISOString()}` };
  }

  /** A follow-up of the alert, at `at`, for `step` (see DELIVERY_STEP). */
  private async followUp(alert: Alert, at: Date, step: number): Promise<void> {
    await this.deps.scheduler.scheduleFollowup({ kind: 'escalation', accountId: alert.accountId, meetingId: alert.createdAt, at: atExpression(at), step, ref: alert.id });
  }

  /**
   * The recovery note, to everyone the open alerts reached and those the ladder starts with; then the
   * alerts are over. Like an alert's rung, a note whose send failed for some is finished by a
   * follow-up a minute later, whatever the level by then: everyone told of the risk hears it ended.
   */
  private async recover(account: Account, scores: Score[], cycle: string, now: Date): Promise<Outcome> {
    const open = (await this.deps.alerts.recent(account.id, OPEN_ALERTS_READ)).filter((a) => !a.closedAt);
    const closedAt = now.toISOString();
    const { done, failures } = await this.sendRecovery(account, open, scores, cycle, now);
    let retried = '';
    if (failures.length > 0) {
      const again = await finishLater(now, failures, done, (at) =>
        this.deps.scheduler.scheduleFollowup({ kind: 'risk-check', accountId: account.id, meetingId: closedAt, at: atExpression(at), step: RECOVERY_STEP, ref: cycle }),
      );
      retried = `, tried again at ${again.toISOString()}`;
    }
    for (const alert of open) await this.deps.alerts.close(alert, closedAt);
    return { done: `${done}${retried}` };
  }

  /** The end of a recovery note whose send failed for some: to the people of the alerts it closed. */
  private async finishRecovery(accountId: string, closedAt: string, cycle: string): Promise<Outcome> {
    const account = await this.deps.accounts.get(accountId);
    if (!account) return { skipped: `account ${accountId} no longer exists` };
    const now = this.deps.now();
    const [alerts, scores] = await Promise.all([
      this.deps.alerts.recent(accountId, OPEN_ALERTS_READ),
      scoresOfLastCycles(this.deps.scores, account, now, 2),
    ]);
    const closed = alerts.filter((a) => a.closedAt === closedAt);
    const { done, failures } = await this.sendRecovery(account, closed, scores.filter((s) => s.meetingId <= closedAt), cycle, now);
    if (failures.length > 0) throw new AggregateError(failures, done);
    return { done };
  }

  /** Sends the recovery note of `cycle` to the people of `alerts` and those the ladder starts with, each on their own. */
  private async sendRecovery(account: Account, alerts: readonly Alert[], scores: readonly Score[], cycle: string, now: Date): Promise<{ done: string; failures: unknown[] }> {
    const team = [account.team.accountManager, account.team.supervisor, account.team.operationsManager, account.team.executive, ...Object.values(this.settings.defaultTeam)];
    const byEmail = new Map(team.filter((p): p is Person => p !== undefined).map((p) => [p.email.toLowerCase(), p]));
    const recipients = new Map(this.people(account, 'watch', [], 0, now).map((p) => [p.email.toLowerCase(), p]));
    for (const email of alerts.flatMap((a) => a.recipients)) {
      recipients.set(email.toLowerCase(), byEmail.get(email.toLowerCase()) ?? { name: email, email });
    }
    const latest = scoresByCycle(scores.filter((s) => !s.provisional)).at(-1);
    const sent: string[] = [];
    const failures: unknown[] = [];
    for (const person of recipients.values()) {
      try {
        const email = this.deps.render.recovery({ account, recipients: [person], sender: this.settings.sender, ...(latest ? { latest } : {}) });
        await sendOnce(this.deps, sendKeys.recovery({ accountId: account.id, cycle, email: person.email }), email);
        sent.push(person.email);
      } catch (error) {
        failures.push(error);
      }
    }
    const failed = failures.length > 0 ? `; ${failures.length} of ${recipients.size} sends failed` : '';
    return { done: `recovery of ${account.id} sent to ${sent.join(', ') || 'no one'}${failed}`, failures };
  }

  /**
   * Silence shows only once a survey closes, and no record announces that: while the latest held
   * meeting is unanswered and the one before it was too, the account is looked at again then.
   */
  private async checkAtSurveyClose(meetings: readonly Meeting[], scores: readonly Score[], now: Date, accountId: string): Promise<void> {
    const clicked = new Set(scores.map((s) => Date.parse(s.meetingId)));
    const held = meetings
      .filter((m) => m.status !== 'skipped' && Date.parse(m.scheduledTime) <= now.getTime())
      .map((m) => Date.parse(m.scheduledTime))
      .sort((a, b) => b - a);
    const [latest, previous] = held;
    if (latest === undefined || previous === undefined || clicked.has(latest) || clicked.has(previous)) return;
    const closes = latest + this.rules.surveyWindowDays * DAY + 60_000;
    if (closes <= now.getTime()) return;
    await this.deps.scheduler.scheduleFollowup({ kind: 'risk-check', accountId, meetingId: new Date(latest).toISOString(), at: atExpression(new Date(closes)) });
  }

  /** The next climb: CLIMB_BUSINESS_DAYS business days after the alert reached people, in business hours. */
  private async scheduleClimb(alert: Alert, now: Date): Promise<void> {
    if (alert.rung >= MAX_RUNG) return;
    const timezone = this.settings.deploymentTimezone;
    const holidays = this.settings.holidays ?? [];
    const reached = nextBusinessMoment(now, timezone, holidays);
    const at = businessDaysLater(reached, this.settings.escalationBusinessDays, timezone, holidays);
    await this.followUp(alert, at, alert.rung + 1);
  }

  private async storeRisk(account: Account, risk: Risk): Promise<Account> {
    if (risk.level === account.risk.level && JSON.stringify(risk.reasons) === JSON.stringify(account.risk.reasons)) return account;
    for (let attempt = 0, current = account; ; attempt++) {
      try {
        return await this.deps.accounts.save({ ...current, risk });
      } catch (error) {
        if (attempt >= 3 || !(error instanceof Conflict)) throw error;
        current = await this.deps.accounts.require(account.id);
      }
    }
  }
}

/** One delivery of an alert's rung (its current one unless said), at its follow-up step, maybe with the evaluation that raised it. */
interface Delivery {
  step: number;
  rung?: 0 | 1 | 2;
  assessment?: RiskAssessment;
}

/**
 * Hands sends that failed to a follow-up `schedule`d a minute after `now`, and says when. When it
 * cannot be scheduled, fails with every error, for the caller's retry to resend what did not go out.
 */
async function finishLater(now: Date, failures: unknown[], failed: string, schedule: (at: Date) => Promise<unknown>): Promise<Date> {
  const again = new Date(now.getTime() + RETRY_AFTER_MS);
  try {
    await schedule(again);
  } catch (error) {
    throw new AggregateError([...failures, error], `${failed}; and the follow-up to finish it could not be scheduled`);
  }
  return again;
}

function riskOf(assessment: RiskAssessment, now: Date): Risk {
  return {
    level: assessment.level,
    reasons: assessment.reasons.map((r) => r.text),
    codes: assessment.reasons.map((r) => r.code),
    evaluatedAt: now.toISOString(),
  };
}

export { recordTimeSignals, type TimeSignalPorts } from './time-signals.ts';
