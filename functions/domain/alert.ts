// The renewal-risk alert: everything a manager needs to act, in one email. The score trend is a chart
// of HTML table bars (renders in Outlook and Gmail) with a text fallback; the customer's own words are
// escaped; a signed "I'm on it" link stops the escalation.
import { shortDate, type Sender } from './agenda.ts';
import { escapeHtml, type Mailbox, type OutgoingEmail } from './email.ts';
import type { CycleScore } from './insights.ts';
import { frame, list, paragraph, section, textSection } from './layout.ts';
import type { Account, Commitment, Person, RiskLevel } from './model.ts';

export const LEVEL_WORDS: Record<RiskLevel, string> = {
  healthy: 'healthy',
  watch: 'on watch',
  'at-risk': 'at risk',
  critical: 'critical',
};

const BAR_COLOURS: Record<RiskLevel, string> = {
  healthy: '#2f855a',
  watch: '#b7791f',
  'at-risk': '#c05621',
  critical: '#c53030',
};

export interface AlertEmailInput {
  account: Account;
  level: RiskLevel;
  reasons: string[];
  cycles: readonly CycleScore[];
  /** The customer's own words from the latest answers. */
  comments: readonly { author: string; text: string }[];
  commitments: readonly Commitment[];
  actions: readonly string[];
  daysToRenewal: number;
  recipients: readonly Person[];
  acknowledgeUrl: string;
  rung: number;
  sender: Sender;
}

/** Score bars, one row per meeting: width proportional to the score, label beside it. */
export function trendChart(cycles: readonly CycleScore[], scale: number, level: RiskLevel): string {
  if (cycles.length === 0) return paragraph('No scores yet.');
  const rows = cycles
    .map((c) => {
      const width = Math.max(2, Math.round(c.normalized * 2.4));
      return (
        `<tr><td style="padding:2px 8px 2px 0;font-size:13px;white-space:nowrap;">${escapeHtml(c.meetingId.slice(0, 10))}</td>` +
        `<td style="padding:2px 0;"><table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>` +
        `<td width="${width}" height="14" style="background:${BAR_COLOURS[level]};width:${width}px;height:14px;font-size:1px;line-height:1px;">&nbsp;</td>` +
        `<td style="padding-left:6px;font-size:13px;">${c.average} / ${scale}</td></tr></table></td></tr>`
      );
    })
    .join('');
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0">${rows}</table>`;
}

export function trendText(cycles: readonly CycleScore[], scale: number): string[] {
  return cycles.map((c) => `${c.meetingId.slice(0, 10)}  ${'#'.repeat(Math.round(c.normalized / 5)).padEnd(20)} ${c.average}/${scale}`);
}

export function renderAlert(input: AlertEmailInput): OutgoingEmail {
  const { account, sender } = input;
  const level = LEVEL_WORDS[input.level];
  const renewal =
    input.daysToRenewal >= 0
      ? `Renewal in ${input.daysToRenewal} days (${account.renewalDate}); $${account.monthlyValue.toLocaleString('en-US')} a month at stake.`
      : `The renewal date (${account.renewalDate}) has passed; $${account.monthlyValue.toLocaleString('en-US')} a month at stake.`;
  const title = `${account.name} is ${level}`;
  const intro = `${account.name} is now ${level}. ${renewal}`;
  const escalation = input.rung > 0 ? [`No one has acknowledged this alert yet, so it now also goes to you.`] : [];
  const words = input.comments.map((c) => `“${c.text}” — ${c.author}`);
  const open = input.commitments.map((c) => `${c.request} (owner ${c.owner.name}, since ${shortDate(c.createdAt, account.timezone)})`);
  const ack = `<p style="margin:16px 0;"><a href="${escapeHtml(input.acknowledgeUrl)}" style="display:inline-block;padding:12px 20px;border:2px solid #1d4ed8;border-radius:6px;color:#1d4ed8;font-weight:700;text-decoration:none;">I'm on it</a></p>`;
  const to: Mailbox[] = input.recipients.map((p) => ({ name: p.name, address: p.email }));

  return {
    from: { name: `Partner Pulse (${sender.companyName})`, address: sender.senderEmail },
    to,
    subject: `${input.level === 'critical' ? 'Critical' : 'Renewal risk'}: ${account.name} is ${level}`,
    html: frame({
      title,
      preheader: intro,
      body: [
        paragraph(intro),
        ...escalation.map(paragraph),
        section('Why', [], input.reasons),
        `<h2 style="margin:0 0 8px 0;font-size:18px;">Score trend</h2>${trendChart(input.cycles, account.scale, input.level)}`,
        ...(words.length > 0 ? [section('In their words', [], words)] : []),
        ...(open.length > 0 ? [section('Open commitments', [], open)] : []),
        `<h2 style="margin:0 0 8px 0;font-size:18px;">What to do</h2>${list([...input.actions])}`,
        ack,
        paragraph('Click "I\'m on it" so the alert stops climbing the ladder.'),
      ],
      footer: [`${sender.companyName}, ${sender.postalAddress}`, 'You receive this as a manager of this account.'],
    }),
    text: [
      title,
      '',
      intro,
      ...escalation,
      '',
      textSection('Why', [], input.reasons),
      '',
      textSection('Score trend', trendText(input.cycles, account.scale)),
      '',
      ...(words.length > 0 ? [textSection('In their words', [], words), ''] : []),
      ...(open.length > 0 ? [textSection('Open commitments', [], open), ''] : []),
      textSection('What to do', [], [...input.actions]),
      '',
      `I'm on it: ${input.acknowledgeUrl}`,
      '',
      '--',
      `${sender.companyName}, ${sender.postalAddress}`,
    ].join('\n'),
  };
}

export function renderRecovery(input: { account: Account; recipients: readonly Person[]; sender: Sender; latest?: CycleScore }): OutgoingEmail {
  const { account, sender } = input;
  const line = `${account.name} is healthy again${input.latest ? `: the latest score is ${input.latest.average} of ${account.scale}` : ''}.`;
  return {
    from: { name: `Partner Pulse (${sender.companyName})`, address: sender.senderEmail },
    to: input.recipients.map((p) => ({ name: p.name, address: p.email })),
    subject: `Recovered: ${account.name} is healthy again`,
    html: frame({
      title: `${account.name} is healthy again`,
      preheader: line,
      body: [paragraph(line), paragraph('Thank you for the work that turned it around.')],
      footer: [`${sender.companyName}, ${sender.postalAddress}`],
    }),
    text: [line, '', 'Thank you for the work that turned it around.', '', '--', `${sender.companyName}, ${sender.postalAddress}`].join('\n'),
  };
}
