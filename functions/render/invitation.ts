// The emails that carry the series invitation: the invitation or its update (saying what changed),
// the end of an old series when the time changed, a cancellation for everyone (paused or removed
// account) or for the people taken off the series only.
import type { InvitationEmail } from '#app/emails.ts';
import { nextOccurrences } from '#domain/cadence.ts';
import { meetingTimeInWords } from '#domain/format.ts';
import type { Account, Person } from '#domain/model.ts';
import type { Sender } from '#domain/sender.ts';
import { cadenceShort, meetingContacts, seriesChanges, seriesOf, timeChanged } from '#domain/series.ts';
import { fromAccountManager, replyToAccountManager, teamMailboxes, type Mailbox, type OutgoingEmail } from './email.ts';
import { html } from './html.ts';
import { joinLink, seriesInvitation } from './icalendar.ts';
import { frame, link, paragraph } from './layout.ts';

/** What the renderer takes is what the use case gives (functions/app/emails.ts). */
export type InvitationInput = InvitationEmail;

const asMailbox = (p: Person): Mailbox => ({ name: p.name, address: p.email });
const asPerson = (m: Mailbox): Person => ({ name: m.name, email: m.address });

/** "Monthly partnership meeting: Acme Tower — 2nd Tue, 10:00 CT": short, one time format, no zone ids. */
export function invitationSubject(account: Account, at: Date): string {
  const every = account.cadence.every === 'month' ? 'Monthly' : 'Quarterly';
  return `${every} partnership meeting: ${account.name} — ${cadenceShort(account.cadence, account.timezone, at)}`;
}

/**
 * The account manager at their own address when it is on the verified `senderDomain`: the ORGANIZER
 * is then the sender, and calendars send their RSVPs to the manager's own calendar, which owns the
 * event. Otherwise the company address, with the manager as Reply-To.
 */
export function organizerMailbox(account: Account, sender: Sender): Mailbox {
  const manager = account.team.accountManager;
  const domain = manager.email.split('@')[1]?.toLowerCase();
  if (sender.senderDomain !== undefined && domain === sender.senderDomain.toLowerCase()) {
    return { name: manager.name, address: manager.email };
  }
  return fromAccountManager(account, sender);
}

export function renderInvitation(input: InvitationInput): OutgoingEmail {
  const { account, method, now, sender, defaultTeam, before } = input;
  // The old series carries the new SEQUENCE: a client applies only a revision above the one it has.
  const shown = input.ending && before ? { ...before, sequence: account.sequence } : account;
  const contacts = meetingContacts(shown).map(asMailbox);
  const team = teamMailboxes(shown, defaultTeam);
  const only = input.only?.map(asMailbox);
  // Everyone is asked again when the time changed (or in a new series); otherwise only newcomers.
  const invitedBefore = before ? [...meetingContacts(before).map((c) => c.email), ...teamMailboxes(before, defaultTeam).map((m) => m.address)] : [];
  const known = new Set(before && !timeChanged(before, account) ? invitedBefore : []);
  const attendees = (only ?? [...contacts, ...team]).map((m) => ({ ...asPerson(m), ask: !input.ending && !known.has(m.address) }));
  const series = input.ending ?? (before ? seriesOf(input.only ? before : account, now) : undefined);
  const calendar = seriesInvitation({
    account: shown,
    method,
    now,
    organizer: shown.team.accountManager,
    attendees,
    companyName: sender.companyName,
    uidDomain: sender.senderEmail.split('@')[1] ?? 'partner-pulse.invalid',
    ...(series ? { series } : {}),
    ...(input.ending ? { until: input.ending.until } : {}),
  });
  const subjectLine = invitationSubject(shown, now);
  const { title, subject, lines } = wording(input, subjectLine);
  const join = method === 'REQUEST' && !input.ending ? joinLink(account.location) : undefined;
  const place = method === 'REQUEST' && !input.ending && account.location && !join ? [`Where: ${account.location}`] : [];
  const footer = [`${sender.companyName}, ${sender.postalAddress}`];
  const to = only ?? (contacts.length > 0 ? contacts : team);
  return {
    from: organizerMailbox(shown, sender),
    replyTo: replyToAccountManager(shown),
    to,
    ...(only === undefined && contacts.length > 0 ? { cc: team } : {}),
    subject,
    html: frame({
      title,
      preheader: lines[0] ?? title,
      body: [
        ...[...lines, ...place].map((line) => paragraph(line)),
        ...(join ? [html`<p class="pp-text" style="margin:0 0 8px 0;">Join: ${link(join, join)}</p>`] : []),
      ],
      footer,
    }).toString(),
    text: [title, '', ...lines, ...place, ...(join ? [`Join: ${join}`] : []), '', '--', ...footer].join('\n'),
    calendar: { method, content: calendar },
  };
}

function wording(input: InvitationInput, subjectLine: string): { title: string; subject: string; lines: string[] } {
  const { account, method, now, before } = input;
  if (input.only) {
    return {
      title: `No longer invited: ${account.name} partnership meetings`,
      subject: `No longer invited: ${subjectLine}`,
      lines: [
        `You are no longer on the list for our partnership meetings with ${account.name}.`,
        'Your calendar will remove the series. Thank you for the time you gave them.',
      ],
    };
  }
  if (method === 'CANCEL') {
    return {
      title: `Cancelled: ${account.name} partnership meetings`,
      subject: `Cancelled: ${subjectLine}`,
      lines: [
        `Our regular partnership meetings for ${account.name} are cancelled for now.`,
        'Your calendar will remove the series. We will be in touch if anything changes.',
      ],
    };
  }
  if (input.ending) {
    return {
      title: `Moved: ${account.name} partnership meetings`,
      subject: `Moved: ${subjectLine}`,
      lines: [
        'The meetings at this time end here; the meetings already held stay in your calendar.',
        'The invitation for the new time comes in a separate email.',
      ],
    };
  }
  const [next] = nextOccurrences(account.cadence, account.timezone, now, 1);
  const nextLine = next ? [`The next one is on ${meetingTimeInWords(next, account.timezone)}.`] : [];
  if (before && before.status === 'active') {
    const changes = seriesChanges(before, account, now);
    return {
      title: `Updated: ${account.name} partnership meetings`,
      subject: `Updated: ${subjectLine}`,
      lines: [...(changes.length > 0 ? changes : ['Some details of the series changed.']), ...nextLine],
    };
  }
  return {
    title: `Partnership meetings, ${account.name}`,
    subject: subjectLine,
    lines: [
      `You are invited to our regular partnership meetings for ${account.name}: ${cadenceShort(account.cadence, account.timezone, now)}.`,
      ...nextLine,
      'We review quality, upcoming needs, open issues and what went well. An agenda arrives a few days before each meeting.',
    ],
  };
}
