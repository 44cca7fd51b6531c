// The agenda email sent before each partnership meeting, to the customer's contacts and the team.
import type { DefaultTeam } from '#domain/accounts.ts';
import { meetingContacts } from '#domain/series.ts';
import { agendaBlocks, type AgendaFacts } from '#domain/agenda.ts';
import { meetingTimeInWords, shortDate } from '#domain/format.ts';
import { fromAccountManager, replyToAccountManager, teamMailboxes, type OutgoingEmail, type Sender } from './email.ts';
import { frame, paragraph, section, textSection } from './layout.ts';

export interface AgendaInput extends AgendaFacts {
  defaultTeam: DefaultTeam;
  sender: Sender;
}

export function renderAgenda(input: AgendaInput): OutgoingEmail {
  const { account, sender } = input;
  const when = meetingTimeInWords(input.meetingTime, account.timezone);
  const title = `Agenda: partnership meeting, ${account.name}`;
  const blocks = agendaBlocks(input);
  const intro = `Our next partnership meeting is on ${when} (${account.cadence.durationMinutes} minutes). Here is what we would like to cover.`;
  const footer = [`${sender.companyName}, ${sender.postalAddress}`, `You receive this as a participant in the ${account.name} partnership meetings.`];
  // Unsubscribing is from surveys: a contact who did so is still in the meeting and gets its agenda.
  const contacts = meetingContacts(account).map((c) => ({ name: c.name, address: c.email }));
  const team = teamMailboxes(account, input.defaultTeam);
  return {
    from: fromAccountManager(account, sender),
    replyTo: replyToAccountManager(account),
    to: contacts.length > 0 ? contacts : team,
    ...(contacts.length > 0 ? { cc: team } : {}),
    subject: `Agenda for our ${account.cadence.every === 'quarter' ? 'quarterly' : 'monthly'} meeting, ${shortDate(input.meetingTime, account.timezone)}`,
    html: frame({
      title,
      preheader: intro,
      body: [paragraph(intro), ...blocks.map((b) => section(b.heading, b.paragraphs, b.items))],
      footer,
    }).toString(),
    text: [title, '', intro, '', ...blocks.map((b) => textSection(b.heading, b.paragraphs, b.items) + '\n'), '--', ...footer].join('\n'),
  };
}
