// The renewal-risk alert: everything a manager needs to act, in one email. The score trend is a chart
// of HTML table bars (renders in Outlook and Gmail) with a text fallback; a signed "I'm on it" link
// stops the escalation.
import type { AlertEmail } from '#app/emails.ts';
import { alertContent } from '#domain/alert.ts';
import type { CycleScore } from '#domain/insights.ts';
import type { Account, Person } from '#domain/model.ts';
import { barChart, scoreColour } from './chart.ts';
import { replyToAccountManager, type Mailbox, type OutgoingEmail, type Sender } from './email.ts';
import { html, trustedHtml, type SafeHtml } from './html.ts';
import { button, frame, heading, link, list, paragraph, section, textBar, textSection, textStyle } from './layout.ts';

/** What the renderer takes is what the use case gives (functions/app/emails.ts). */
export type AlertEmailInput = AlertEmail;

/** Score bars, one row per meeting: width proportional to the score, coloured by its band, label beside it. */
export function trendChart(cycles: readonly CycleScore[], scale: number): SafeHtml {
  if (cycles.length === 0) return paragraph('No scores yet.');
  return barChart(
    cycles.map((c) => ({ label: c.meetingId.slice(0, 10), fraction: c.normalized / 100, colour: scoreColour(c.normalized), value: `${c.average} / ${scale}` })),
  );
}

export function trendText(cycles: readonly CycleScore[], scale: number): string[] {
  return cycles.map((c) => `${c.meetingId.slice(0, 10)}  ${textBar(Math.round(c.normalized / 5))} ${c.average}/${scale}`);
}

export function renderAlert(input: AlertEmailInput): OutgoingEmail {
  const { account, sender } = input;
  const { subject, title, intro, escalation, words, openCommitments: open, contacts } = alertContent(input);
  const to: Mailbox[] = input.recipients.map((p) => ({ name: p.name, address: p.email }));

  return {
    from: { name: `Partner Pulse (${sender.companyName})`, address: sender.senderEmail },
    to,
    replyTo: replyToAccountManager(account),
    subject,
    html: frame({
      title,
      preheader: intro,
      // On a phone the first screen holds what happened, why, and the button: the rest is for reading on.
      body: [
        paragraph(intro),
        ...escalation.map(paragraph),
        section('Why', [], input.reasons),
        // A constant, so the apostrophe stays as typed (searches and tests look for "I'm on it").
        button(input.acknowledgeUrl, trustedHtml("I'm on it")),
        paragraph('Click "I\'m on it" so the alert stops climbing the ladder.'),
        ...(input.managerUrl
          ? [html`<p class="pp-text" style="margin:0 0 12px 0;${textStyle(16, 24)}">${link(input.managerUrl, 'Open the account page')}: scores, comments, commitments; close a commitment or record a meeting there.</p>`]
          : []),
        html`${heading('What to do')}${list([...input.actions])}`,
        ...(contacts.length > 0 ? [section('Who to call', [], contacts)] : []),
        ...(words.length > 0 ? [section('In their words', [], words)] : []),
        html`${heading('Score trend')}${trendChart(input.cycles, account.scale)}`,
        ...(open.length > 0 ? [section('Open commitments', [], open)] : []),
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
      `I'm on it: ${input.acknowledgeUrl}`,
      ...(input.managerUrl ? [`The account page: ${input.managerUrl}`] : []),
      '',
      textSection('What to do', [], [...input.actions]),
      '',
      ...(contacts.length > 0 ? [textSection('Who to call', [], contacts), ''] : []),
      ...(words.length > 0 ? [textSection('In their words', [], words), ''] : []),
      textSection('Score trend', trendText(input.cycles, account.scale)),
      '',
      ...(open.length > 0 ? [textSection('Open commitments', [], open), ''] : []),
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
    replyTo: replyToAccountManager(account),
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
