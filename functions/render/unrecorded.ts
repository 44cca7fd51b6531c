// One short email to the account manager the morning after a meeting nobody recorded: two links to
// the account's manager page, where one click records it as held or skipped.
import type { Account } from '#domain/model.ts';
import { meetingTimeInWords } from '#domain/format.ts';
import { fromAccountManager, type OutgoingEmail, type Sender } from './email.ts';
import { html } from './html.ts';
import { buttonCell, frame, paragraph } from './layout.ts';

export interface UnrecordedInput {
  account: Account;
  meetingTime: Date;
  happenedUrl: string;
  skippedUrl: string;
  sender: Sender;
}

export function renderUnrecorded(input: UnrecordedInput): OutgoingEmail {
  const { account, sender } = input;
  const manager = account.team.accountManager;
  const when = meetingTimeInWords(input.meetingTime, account.timezone);
  const ask = `Did the partnership meeting with ${account.name} on ${when} happen? Each button opens the account page at this meeting: confirm there, with a note if you like.`;
  const why = 'The survey, the next agenda and the risk engine all read this, so an unrecorded meeting counts as neither.';
  return {
    from: fromAccountManager(account, sender),
    to: [{ name: manager.name, address: manager.email }],
    subject: `Did the ${account.name} meeting happen?`,
    html: frame({
      title: `Did the ${account.name} meeting happen?`,
      preheader: ask,
      body: [
        paragraph(ask),
        html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 12px 0;"><tr>${buttonCell(input.happenedUrl, 'It happened')}<td width="12" style="width:12px;">&nbsp;</td>${buttonCell(input.skippedUrl, 'It was skipped')}</tr></table>`,
        paragraph(why),
      ],
      footer: [`${sender.companyName}, ${sender.postalAddress}`],
    }).toString(),
    text: [ask, '', `It happened: ${input.happenedUrl}`, `It was skipped: ${input.skippedUrl}`, '', why, '', '--', `${sender.companyName}, ${sender.postalAddress}`].join('\n'),
  };
}
