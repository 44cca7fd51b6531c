// The agenda email sent before each partnership meeting: one to the customer's contacts, and the
// team's own copy, which adds the link to the account's manager page (a link no customer may hold).
import type { DefaultTeam } from '#domain/accounts.ts';
import { meetingContacts } from '#domain/series.ts';
import { agendaBlocks, type AgendaFacts } from '#domain/agenda.ts';
import { meetingTimeInWords, shortDate } from '#domain/format.ts';
import type { Account } from '#domain/model.ts';
import { greetingName } from '#domain/names.ts';
import { fromAccountManager, replyToAccountManager, teamMailboxes, type OutgoingEmail, type Sender } from './email.ts';
import { html } from './html.ts';
import { frame, link, paragraph, section, textSection, textStyle } from './layout.ts';

export interface AgendaInput extends AgendaFacts {
  defaultTeam: DefaultTeam;
  sender: Sender;
  audience?: 'contacts' | 'team';
  managerUrl?: string;
}

/** "Hello Dr. Shah and Priya,": everyone by the name they use, or "Hello," when there are many or none. */
export function greetingLine(people: readonly { name: string; salutation?: string | undefined }[]): string {
  const names = people.map(greetingName).filter((n): n is string => n !== undefined);
  if (names.length === 0 || names.length > 3 || names.length < people.length) return 'Hello,';
  return `Hello ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`},`;
}

/** Customer emails are signed by a person: the account manager, with the role. */
export function signatureLines(account: Account, sender: Sender): string[] {
  return [account.team.accountManager.name, `Account manager, ${sender.companyName}`];
}

export function renderAgenda(input: AgendaInput): OutgoingEmail {
  const { account, sender } = input;
  const when = meetingTimeInWords(input.meetingTime, account.timezone);
  const date = shortDate(input.meetingTime, account.timezone);
  const title = `Agenda: ${account.name}, partnership meeting of ${date}`;
  const blocks = agendaBlocks(input);
  // Unsubscribing is from surveys: a contact who did so is still in the meeting and gets its agenda.
  const contacts = meetingContacts(account);
  const team = teamMailboxes(account, input.defaultTeam);
  const forTeam = input.audience === 'team';
  const greeting = forTeam ? 'Hello,' : greetingLine(contacts);
  const intro = `Our next partnership meeting is on ${when} (${account.cadence.durationMinutes} minutes). Here is what we would like to cover.`;
  const teamNote = forTeam
    ? `Your copy of the agenda sent to ${account.name}${contacts.length === 0 ? ' (no contact can be mailed: none was sent)' : ''}.`
    : undefined;
  const signature = signatureLines(account, sender);
  const footer = [
    `${sender.companyName}, ${sender.postalAddress}`,
    forTeam ? `You receive this as a member of the ${account.name} team.` : `You receive this as a participant in the ${account.name} partnership meetings.`,
  ];
  const managerHtml =
    forTeam && input.managerUrl ? [html`<p class="pp-text" style="margin:0 0 12px 0;${textStyle(16, 24)}">${link(input.managerUrl, 'Open the account page')} to prepare: scores, open commitments, notes.</p>`] : [];
  return {
    from: fromAccountManager(account, sender),
    replyTo: replyToAccountManager(account),
    to: forTeam ? team : contacts.map((c) => ({ name: c.name, address: c.email })),
    subject: `Agenda: ${account.name}, partnership meeting ${date}`,
    html: frame({
      title,
      preheader: intro,
      body: [
        ...(teamNote ? [paragraph(teamNote)] : []),
        ...managerHtml,
        paragraph(greeting),
        paragraph(intro),
        ...blocks.map((b) => section(b.heading, b.paragraphs, b.items)),
        ...signature.map(paragraph),
      ],
      footer,
    }).toString(),
    text: [
      title,
      '',
      ...(teamNote ? [teamNote, ''] : []),
      ...(forTeam && input.managerUrl ? [`Account page: ${input.managerUrl}`, ''] : []),
      greeting,
      '',
      intro,
      '',
      ...blocks.map((b) => textSection(b.heading, b.paragraphs, b.items) + '\n'),
      ...signature,
      '',
      '--',
      ...footer,
    ].join('\n'),
  };
}
