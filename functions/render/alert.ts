// The renewal-risk alert: everything a manager needs to act, in one email. The score trend is a chart
// of HTML table bars (renders in Outlook and Gmail) with a text fallback; a signed "I'm on it" link
// stops the escalation.
import { alertContent, type AlertFacts } from '#domain/alert.ts';
import type { CycleScore } from '#domain/insights.ts';
import type { Account, Person, RiskLevel } from '#domain/model.ts';
import type { Mailbox, OutgoingEmail, Sender } from './email.ts';
import { html, type SafeHtml } from './html.ts';
import { frame, list, paragraph, section, textBar, textSection } from './layout.ts';

const BAR_COLOURS: Record<RiskLevel, string> = {
  healthy: '#2f855a',
  watch: '#b7791f',
  'at-risk': '#c05621',
  critical: '#c53030',
};

export interface AlertEmailInput extends AlertFacts {
  reasons: string[];
  cycles: readonly CycleScore[];
  actions: readonly string[];
  recipients: readonly Person[];
  acknowledgeUrl: string;
  sender: Sender;
}

/** Score bars, one row per meeting: width proportional to the score, label beside it. */
export function trendChart(cycles: readonly CycleScore[], scale: number, level: RiskLevel): SafeHtml {
  if (cycles.length === 0) return paragraph('No scores yet.');
  const rows = cycles.map((c) =>
    barRow(c.meetingId.slice(0, 10), Math.max(2, Math.round(c.normalized * 2.4)), BAR_COLOURS[level], `${c.average} / ${scale}`),
  );
  return html`<table role="presentation" cellpadding="0" cellspacing="0" border="0">${rows}</table>`;
}

/** One labelled bar of a chart, as nested table cells (Outlook and Gmail render these; images they may not). */
export function barRow(label: string, width: number, colour: string, value: string): SafeHtml {
  return html`<tr><td style="padding:2px 8px 2px 0;font-size:13px;white-space:nowrap;">${label}</td><td style="padding:2px 0;"><table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td width="${width}" height="14" style="background:${colour};width:${width}px;height:14px;font-size:1px;line-height:1px;">&nbsp;</td><td style="padding-left:6px;font-size:13px;">${value}</td></tr></table></td></tr>`;
}

export function trendText(cycles: readonly CycleScore[], scale: number): string[] {
  return cycles.map((c) => `${c.meetingId.slice(0, 10)}  ${textBar(Math.round(c.normalized / 5))} ${c.average}/${scale}`);
}

export function renderAlert(input: AlertEmailInput): OutgoingEmail {
  const { account, sender } = input;
  const { subject, title, intro, escalation, words, openCommitments: open } = alertContent(input);
  const ack = html`<p style="margin:16px 0;"><a href="${input.acknowledgeUrl}" style="display:inline-block;padding:12px 20px;border:2px solid #1d4ed8;border-radius:6px;color:#1d4ed8;font-weight:700;text-decoration:none;">I'm on it</a></p>`;
  const to: Mailbox[] = input.recipients.map((p) => ({ name: p.name, address: p.email }));

  return {
    from: { name: `Partner Pulse (${sender.companyName})`, address: sender.senderEmail },
    to,
    subject,
    html: frame({
      title,
      preheader: intro,
      body: [
        paragraph(intro),
        ...escalation.map(paragraph),
        section('Why', [], input.reasons),
        html`<h2 style="margin:0 0 8px 0;font-size:18px;">Score trend</h2>${trendChart(input.cycles, account.scale, input.level)}`,
        ...(words.length > 0 ? [section('In their words', [], words)] : []),
        ...(open.length > 0 ? [section('Open commitments', [], open)] : []),
        html`<h2 style="margin:0 0 8px 0;font-size:18px;">What to do</h2>${list([...input.actions])}`,
        ack,
        paragraph('Click "I\'m on it" so the alert stops climbing the ladder.'),
      ],
      footer: [`${sender.companyName}, ${sender.postalAddress}`, 'You receive this as a manager of this account.'],
    }).toString(),
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
    }).toString(),
    text: [line, '', 'Thank you for the work that turned it around.', '', '--', `${sender.companyName}, ${sender.postalAddress}`].join('\n'),
  };
}
