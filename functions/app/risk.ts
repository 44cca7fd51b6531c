// The renewal-risk engine around the domain rules: evaluate an account when a score or a signal
// arrives, store its level and reasons, alert the right people once per new reason and cycle, climb
// the ladder while nobody acknowledges, and say so when the account recovers.
import type { DefaultTeam } from '#domain/accounts.ts';
import { markerKeys, sendKeys } from '#contract/send-keys.ts';
import type { Sender } from '#domain/sender.ts';
import { scoresByCycle } from '#domain/insights.ts';
import type { Account, Alert, Risk, RiskSignal, Score } from '#domain/model.ts';
import {
  alertRecipients,
  assessRisk,
  daysToRenewal,
  DEFAULT_RISK_RULES,
  MAX_RUNG,
  riskChange,
  SIGNAL_MAX_AGE_DAYS,
  suggestedActions,
  type RiskAssessment,
  type RiskRules,
} from '#domain/risk.ts';
import { addBusinessDays, atExpression, isoMinute } from '#domain/time.ts';
import { createHash } from 'node:crypto';
import { Conflict } from '#domain/errors.ts';
import type { RendersWith } from './emails.ts';
import { DAY, daysBefore, scoresOfLastCycles } from './history.ts';
import { signLink, type LinkSettings } from './links.ts';
import type { Keys, Schedules, Uses } from './ports.ts';
import { sendOnce, type Outcome, type SendPorts } from './send-once.ts';

export interface RiskSettings extends LinkSettings {
  escalationBusinessDays: number;
  deploymentTimezone: string;
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
    alerts: 'get' | 'save' | 'recent';
    once: 'has' | 'claim' | 'claimSend' | 'completeSend' | 'releaseSend';
  }>;

/** The signals no record announces need only the history. */
export type TimeSignalPorts = Pick<RiskPorts, 'now'> & Uses<{ meetings: 'recent'; commitments: 'live'; scores: 'ofMeetingsSince'; signals: 'record' }>;

/** The engine never weighs scores older than this. */
const HISTORY_DAYS = 400;
/** Meetings read beyond the `silentCycles` the silence rule weighs: room for skipped ones and the latest. */
const EXTRA_MEETINGS = 4;
/** The alert's chart: the score of each of the last cycles. */
const CHART_CYCLES = 8;
/** Time-driven signals look back this far: silence and overdue commitments. */
const SILENCE_GRACE_DAYS = 10;
const OVERDUE_DAYS = 30;

/**
 * The risk engine, for one function's ports and settings: the stream's evaluations and the
 * follow-up's escalations share the alert plumbing below.
 */
export class RiskEngine {
  constructor(
    private readonly deps: RiskPorts,
    private readonly settings: RiskSettings,
  ) {}

  /** Re-evaluates the account; stores the new level and sends what the change calls for. */
  async evaluate(accountId: string): Promise<Outcome> {
    const account = await this.deps.accounts.get(accountId);
    if (!account) return { skipped: `account ${accountId} no longer exists` };
    const now = this.deps.now();
    // The rules weigh the latest cycles only: a decline over `decliningCycles` (one more to compare
    // with, and the latest meeting, maybe not answered yet) and the meetings silence looks at. Reading
    // just those keeps the cost of an evaluation the same however long the account's history.
    const rules = this.settings.rules ?? DEFAULT_RISK_RULES;
    const horizon = isoMinute(new Date(now.getTime() - HISTORY_DAYS * DAY));
    const [scores, meetings, commitments, signals] = await Promise.all([
      scoresOfLastCycles(this.deps.scores, account, now, Math.max(rules.decliningCycles + 2, rules.silentCycles + 1), horizon),
      this.deps.meetings.recent(accountId, rules.silentCycles + EXTRA_MEETINGS),
      // Done ones matter only while an overdue signal about them could still count.
      this.deps.commitments.live(accountId, daysBefore(now, SIGNAL_MAX_AGE_DAYS)),
      this.deps.signals.of(accountId),
    ]);
    // An overdue commitment that has since been done no longer speaks against the account.
    const done = new Set(commitments.filter((c) => c.status === 'done').map((c) => `overdue-commitment-${c.id}`));
    const assessment = assessRisk({
      account,
      scores,
      meetings,
      commitments,
      signals: signals.filter((signal) => !done.has(signal.id)),
      now,
      ...(this.settings.rules ? { rules: this.settings.rules } : {}),
    });
    const change = riskChange({ level: account.risk.level, reasons: account.risk.codes }, assessment);
    const assessed: Account = { ...account, risk: riskOf(assessment, now) };
    const cycle = meetings.map((m) => m.scheduledTime).sort().at(-1) ?? 'none';
    // The new level is stored only after what the change calls for went out: a delivery that dies
    // half way is redelivered, sees the same change and finishes the job.
    const outcome = await this.tell(assessed, change, assessment, { cycle, scores, now });
    await this.storeRisk(account, assessed.risk);
    return outcome;
  }

  private async tell(
    saved: Account,
    change: ReturnType<typeof riskChange>,
    assessment: RiskAssessment,
    { cycle, scores, now }: { cycle: string; scores: Score[]; now: Date },
  ): Promise<Outcome> {
    const accountId = saved.id;

    if (change.kind === 'raised' || change.kind === 'new-reason') {
      // Never twice for the same reason in one cycle, however often the stream delivers the record.
      // The reasons are marked as alerted only after the alert went out, and the alert's id follows
      // from what it is about: a delivery that dies half way is redelivered and finishes the job,
      // and recipients who already had it get nothing twice.
      const reasonKey = (code: string) => markerKeys.alertReason({ accountId, cycle, code });
      const levelKey = markerKeys.alertLevel({ accountId, cycle, level: assessment.level });
      const fresh: string[] = [];
      for (const reason of change.newReasons) {
        if (!(await this.deps.once.has(reasonKey(reason.code)))) fresh.push(reason.code);
      }
      if (fresh.length === 0 && (change.kind !== 'raised' || (await this.deps.once.has(levelKey)))) {
        return { skipped: `already alerted on these reasons at ${assessment.level} this cycle` };
      }
      const id = createHash('sha256').update(`${cycle}#${assessment.level}#${fresh.join('+')}`).digest('hex').slice(0, 16);
      const alert = await this.raiseAlert(saved, assessment, now, id);
      for (const code of fresh) await this.deps.once.claim(reasonKey(code), now);
      await this.deps.once.claim(levelKey, now);
      return { done: `alert ${alert.id} (${assessment.level}) sent to ${alert.recipients.join(', ')}` };
    }
    if (change.kind === 'recovered') {
      const recipients = alertRecipients({ account: saved, defaults: this.settings.defaultTeam, level: 'healthy', now, rung: 0 });
      const cycles = scoresByCycle(scores);
      return sendOnce(
        this.deps,
        sendKeys.recovery({ accountId, cycle }),
        this.deps.render.recovery({ account: saved, recipients, sender: this.settings.sender, ...(cycles.at(-1) ? { latest: cycles.at(-1)! } : {}) }),
      );
    }
    return { done: `${accountId} is ${assessment.level}; nothing new to tell` };
  }

  /** N business days after an alert: one rung up, unless someone said "I'm on it". */
  async escalate(accountId: string, alertCreatedAt: string, alertId: string): Promise<Outcome> {
    const [account, alert] = await Promise.all([
      this.deps.accounts.get(accountId),
      this.deps.alerts.get(accountId, alertCreatedAt, alertId),
    ]);
    if (!account || !alert) return { skipped: `alert ${alertId} or its account is gone` };
    if (alert.acknowledgedAt) return { skipped: `alert ${alertId} was acknowledged by ${alert.acknowledgedBy}` };
    if (alert.rung >= MAX_RUNG) return { skipped: `alert ${alertId} is at the top of the ladder` };
    const now = this.deps.now();
    // Climb to the next rung that reaches someone new; a rung whose people already had it adds nothing.
    const reach = (rung: 1 | 2) => alertRecipients({ account, defaults: this.settings.defaultTeam, level: alert.level, now, rung });
    const before = new Set(alert.recipients);
    let rung: 1 | 2 = alert.rung === 0 ? 1 : 2;
    let recipients = reach(rung);
    if (rung === 1 && recipients.every((p) => before.has(p.email))) {
      rung = 2;
      recipients = reach(rung);
    }
    if (recipients.every((p) => before.has(p.email))) return { skipped: `alert ${alertId}: no one further up the ladder` };
    const climbed: Alert = { ...alert, rung, recipients: recipients.map((p) => p.email) };
    // Stored as climbed only once everyone on the new rung has it: a delivery that dies half way is
    // retried from the same rung, and those who already had it get nothing twice.
    const outcome = await this.sendAlert(account, climbed, alert.reasons, now);
    await this.deps.alerts.save(climbed);
    await this.scheduleEscalation(climbed, now);
    return outcome;
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private async raiseAlert(account: Account, assessment: RiskAssessment, now: Date, id: string): Promise<Alert> {
    // A redelivery finishes the alert it started rather than raising another.
    const started = (await this.deps.alerts.recent(account.id, 10)).find((a) => a.id === id);
    if (started) {
      await this.sendAlert(account, started, started.reasons, now, assessment);
      await this.scheduleEscalation(started, new Date(started.createdAt));
      return started;
    }
    const recipients = alertRecipients({ account, defaults: this.settings.defaultTeam, level: assessment.level, now, rung: 0 });
    const alert: Alert = {
      id,
      accountId: account.id,
      level: assessment.level,
      reasons: assessment.reasons.map((r) => r.text),
      createdAt: now.toISOString(),
      rung: 0,
      recipients: recipients.map((p) => p.email),
    };
    await this.deps.alerts.save(alert);
    await this.sendAlert(account, alert, alert.reasons, now, assessment);
    await this.scheduleEscalation(alert, now);
    return alert;
  }

  private async sendAlert(account: Account, alert: Alert, reasons: string[], now: Date, assessment?: RiskAssessment) {
    const [scores, commitments] = await Promise.all([
      scoresOfLastCycles(this.deps.scores, account, now, CHART_CYCLES + 1),
      this.deps.commitments.live(account.id, now.toISOString()),
    ]);
    const cycles = scoresByCycle(scores).slice(-CHART_CYCLES);
    const latest = cycles.at(-1)?.meetingId;
    const names = new Map(account.contacts.map((c) => [c.id, c.name]));
    const comments = scores
      .filter((s) => s.meetingId === latest && s.comment)
      .map((s) => ({ author: names.get(s.contactId) ?? 'a contact', text: s.comment ?? '' }));
    const recipients = alertRecipients({
      account,
      defaults: this.settings.defaultTeam,
      level: alert.level,
      now,
      rung: alert.rung as 0 | 1 | 2,
    });
    let outcome: Outcome = { skipped: 'no recipients' };
    for (const person of recipients) {
      const link = await signLink(
        this.deps,
        this.settings,
        'a',
        { purpose: 'acknowledge', accountId: account.id, subject: `${alert.createdAt}|${alert.id}`, contact: person.email },
        now,
      );
      const email = this.deps.render.alert({
        account,
        level: alert.level,
        reasons,
        cycles,
        comments,
        commitments: commitments.filter((c) => c.status === 'open'),
        actions: assessment ? suggestedActions(assessment) : suggestedActions({ level: alert.level, reasons: [] }),
        daysToRenewal: daysToRenewal(account.renewalDate, now, account.timezone),
        recipients: [person],
        acknowledgeUrl: link.url,
        rung: alert.rung,
        sender: this.settings.sender,
      });
      outcome = await sendOnce(this.deps, sendKeys.alert({ accountId: account.id, alertId: alert.id, rung: alert.rung, email: person.email }), email);
    }
    return outcome;
  }

  private async scheduleEscalation(alert: Alert, now: Date): Promise<void> {
    if (alert.rung >= MAX_RUNG) return;
    const at = addBusinessDays(now, this.settings.escalationBusinessDays, this.settings.deploymentTimezone);
    await this.deps.scheduler.scheduleFollowup({
      kind: 'escalation',
      accountId: alert.accountId,
      meetingId: alert.createdAt,
      at: atExpression(at),
      step: alert.rung + 1,
      ref: alert.id,
    });
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

function riskOf(assessment: RiskAssessment, now: Date): Risk {
  return {
    level: assessment.level,
    reasons: assessment.reasons.map((r) => r.text),
    codes: assessment.reasons.map((r) => r.code),
    evaluatedAt: now.toISOString(),
  };
}

/**
 * The time-driven signals no record announces: a held meeting whose survey closed without an
 * answer (silence) and commitments left open too long. Checked at each occurrence.
 */
export async function recordTimeSignals(ports: TimeSignalPorts, accountId: string): Promise<void> {
  const now = ports.now();
  const [meetings, commitments] = await Promise.all([
    ports.meetings.recent(accountId, 3),
    ports.commitments.live(accountId, now.toISOString()),
  ]);
  const oldest = meetings.at(-1)?.scheduledTime;
  const scores = oldest ? await ports.scores.ofMeetingsSince(accountId, oldest) : [];
  const answered = new Set(scores.map((s) => s.meetingId));
  const signals: RiskSignal[] = [];
  for (const meeting of meetings) {
    const closed = Date.parse(meeting.scheduledTime) + SILENCE_GRACE_DAYS * DAY <= now.getTime();
    if (meeting.status !== 'skipped' && closed && !answered.has(meeting.scheduledTime)) {
      signals.push({
        id: `silent-cycle-${meeting.scheduledTime}`,
        accountId,
        kind: 'silent-cycle',
        at: now.toISOString(),
        detail: `no answer to the survey of the ${meeting.scheduledTime.slice(0, 10)} meeting`,
      });
    }
  }
  for (const commitment of commitments) {
    if (commitment.status === 'open' && Date.parse(commitment.createdAt) + OVERDUE_DAYS * DAY <= now.getTime()) {
      signals.push({
        id: `overdue-commitment-${commitment.id}`,
        accountId,
        kind: 'overdue-commitment',
        at: now.toISOString(),
        detail: `"${commitment.request}" open since ${commitment.createdAt.slice(0, 10)}`,
      });
    }
  }
  for (const signal of signals) await ports.signals.record(signal);
}
