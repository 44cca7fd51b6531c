// The score survey email: one per contact after each held meeting. One tap on a score opens the
// survey page with that score chosen. From the account manager at the company's verified address,
// with the customer's past scores, the value since the last meeting, "you asked / we did", and a
// one-click unsubscribe.
import type { SurveyEmail } from '#app/emails.ts';
import { shortDate } from '#domain/format.ts';
import { commitmentWords } from '#domain/agenda.ts';
import { valueParts } from '#domain/insights.ts';
import type { Commitment, Contact } from '#domain/model.ts';
import { greetingName } from '#domain/names.ts';
import { followUpQuestion, scoreLink, scoreQuestion, type SurveyLinks } from '#domain/survey.ts';
import { signatureLines } from './agenda.ts';
import { fromAccountManager, replyToAccountManager, type OutgoingEmail } from './email.ts';
import { html, type SafeHtml } from './html.ts';
import { buttonCell, frame, link, paragraph, section, textStyle, textSection } from './layout.ts';

/** What the renderer takes is what the use case gives (functions/app/emails.ts). */
export type SurveyEmailInput = SurveyEmail;

/** The buttons: a table of large tap targets (48 px), two rows of five on a 1–10 scale. */
function scoreButtons(scale: 5 | 10, links: SurveyLinks): SafeHtml {
  const rows = scale === 10 ? [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]] : [[1, 2, 3, 4, 5]];
  // The gaps are cells of their own: cell spacing and margins are not drawn alike everywhere.
  const gap = html`<td width="8" style="width:8px;font-size:1px;line-height:1px;">&nbsp;</td>`;
  const button = (n: number, i: number) =>
    html`${i > 0 ? gap : []}${buttonCell(scoreLink(links, n), String(n), { ariaLabel: `Score ${n} of ${scale}`, width: 56, fontSize: 20 })}`;
  return html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 8px 0;">${rows.map(
    (row, r) => html`${r > 0 ? html`<tr><td colspan="9" height="8" style="height:8px;font-size:1px;line-height:1px;">&nbsp;</td></tr>` : []}<tr>${row.map(button)}</tr>`,
  )}</table>`;
}

export function renderSurveyEmail(input: SurveyEmailInput): OutgoingEmail {
  const { account, contact, links, sender } = input;
  const tz = account.timezone;
  const when = shortDate(input.meetingTime, tz);
  const name = greetingName(contact);
  const intro = input.reminder
    ? `A quick reminder${name ? `, ${name}` : ''}: your score for our ${when} meeting helps us do better. One tap is enough.`
    : `Thank you for meeting with us on ${when}${name ? `, ${name}` : ''}. One tap tells us how we are doing.`;
  const history = input.pastScores.slice(0, 4).map((s) => `${shortDate(s.meetingId, tz)}: ${s.score} of ${s.scale}`);
  const parts = valueParts(input.value);
  const value = parts.length > 0 ? `${parts.join(', ').replace(/^./, (c) => c.toUpperCase())}.` : undefined;
  const loops = closedLoopLines(input.closedLoops, contact, tz);
  const signature = signatureLines(account, sender);
  const question = scoreQuestion(account);
  const footer = [
    `${sender.companyName}, ${sender.postalAddress}`,
    `You receive this because you are a contact for ${account.name}.`,
  ];

  const htmlBody = [
    paragraph(intro),
    html`<p class="pp-text" style="margin:0 0 12px 0;${textStyle(16, 24)}font-weight:700;">${question}</p>`,
    scoreButtons(account.scale, links),
    paragraph(`Then tell us: ${followUpQuestion(account)}`),
    ...(loops.length > 0 ? [section('You said, we did', [], loops)] : []),
    ...(value ? [section('Since our last meeting', [value])] : []),
    ...(history.length > 0 ? [section('Your recent scores', [], history)] : []),
    ...signature.map(paragraph),
    html`<a href="${links.honeypot}" style="display:none;font-size:0;line-height:0;max-height:0;overflow:hidden;mso-hide:all;" aria-hidden="true" tabindex="-1"></a>`,
  ];
  const unsubscribeLine = `Unsubscribe from these surveys: ${links.unsubscribe}`;

  return {
    from: fromAccountManager(account, sender),
    replyTo: replyToAccountManager(account),
    to: [{ name: contact.name, address: contact.email }],
    subject: input.reminder ? `Reminder: how did we do at ${account.name}?` : `How did we do at ${account.name}? One tap to score`,
    listUnsubscribe: links.unsubscribe,
    html: frame({
      title: `How are we doing at ${account.name}?`,
      preheader: intro,
      body: htmlBody,
      footer: [],
      footerHtml: [
        ...footer.map((line) => html`${line}`),
        html`${link(links.unsubscribe, 'Unsubscribe', true)} from these surveys.`,
      ],
    }).toString(),
    text: [
      intro,
      '',
      question,
      ...Array.from({ length: account.scale }, (_, i) => `  ${i + 1}: ${scoreLink(links, i + 1)}`),
      '',
      `Then tell us: ${followUpQuestion(account)}`,
      '',
      ...(loops.length > 0 ? [textSection('You said, we did', [], loops), ''] : []),
      ...(value ? [textSection('Since our last meeting', [value]), ''] : []),
      ...(history.length > 0 ? [textSection('Your recent scores', [], history), ''] : []),
      ...signature,
      '',
      '--',
      ...footer,
      unsubscribeLine,
    ].join('\n'),
  };
}

/**
 * "You said, we did": a contact's own request is quoted back to them; what others asked is told in
 * the company's words, never theirs.
 */
export function closedLoopLines(closed: readonly Commitment[], contact: Pick<Contact, 'id'>, timezone: string): string[] {
  return closed.map((c) =>
    c.contactId === contact.id
      ? `You asked: "${c.request}" — we did: ${c.whatWeDid ?? 'it'}. Did it help?`
      : `${commitmentWords(c, timezone).replace(/^Your (request|comment)/, 'A $1')} — we did: ${c.whatWeDid ?? 'it'}.`,
  );
}
