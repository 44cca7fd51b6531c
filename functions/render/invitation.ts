// The email that carries the series invitation (or its cancellation) to contacts and team.
import { activeContacts, type DefaultTeam } from '#domain/accounts.ts';
import { describeCadence, nextOccurrences } from '#domain/cadence.ts';
import { meetingTimeInWords } from '#domain/format.ts';
import type { Account } from '#domain/model.ts';
import { fromAccountManager, replyToAccountManager, teamMailboxes, type OutgoingEmail, type Sender } from './email.ts';
import { seriesInvitation, type InvitationMethod } from './icalendar.ts';
import { frame, paragraph } from './layout.ts';

export interface InvitationInput {
  account: Account;
  method: InvitationMethod;
  now: Date;
  sender: Sender;
  defaultTeam: DefaultTeam;
}

export function renderInvitation({ account, method, now, sender, defaultTeam }: InvitationInput): OutgoingEmail {
  const contacts = activeContacts(account).map((c) => ({ name: c.name, address: c.email }));
  const team = teamMailboxes(account, defaultTeam);
  const attendees = [...contacts, ...team].map((m) => ({ name: m.name, email: m.address }));
  const calendar = seriesInvitation({
    account,
    method,
    now,
    organizer: account.team.accountManager,
    attendees,
    companyName: sender.companyName,
    uidDomain: sender.senderEmail.split('@')[1] ?? 'partner-pulse.invalid',
  });
  const cadence = describeCadence(account.cadence, account.timezone);
  const [next] = nextOccurrences(account.cadence, account.timezone, now, 1);
  const lines =
    method === 'CANCEL'
      ? [
          `Our regular partnership meetings for ${account.name} are cancelled for now.`,
          'Your calendar will remove the series. We will be in touch if anything changes.',
        ]
      : [
          `You are invited to our regular partnership meetings for ${account.name}: ${cadence}.`,
          ...(next ? [`The next one is on ${meetingTimeInWords(next, account.timezone)}.`] : []),
          'We review quality, upcoming needs, open issues and what went well. An agenda arrives a few days before each meeting.',
        ];
  const title = method === 'CANCEL' ? `Cancelled: partnership meetings, ${account.name}` : `Partnership meetings, ${account.name}`;
  const footer = [`${sender.companyName}, ${sender.postalAddress}`];
  return {
    from: fromAccountManager(account, sender),
    replyTo: replyToAccountManager(account),
    to: contacts.length > 0 ? contacts : team,
    ...(contacts.length > 0 ? { cc: team } : {}),
    subject: method === 'CANCEL' ? `Cancelled: ${account.name} partnership meetings` : `Invitation: ${account.name} partnership meetings (${cadence})`,
    html: frame({ title, preheader: lines[0] ?? title, body: lines.map((line) => paragraph(line)), footer }).toString(),
    text: [title, '', ...lines, '', '--', ...footer].join('\n'),
    calendar: { method, content: calendar },
  };
}
