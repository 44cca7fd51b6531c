// The emails the use cases send, as the renderers they are given: functions/render/'s, which each
// handler passes (only those its function sends, so it bundles no other). Each input is what a use
// case knows; the compiler checks at the handler's call that render's function takes it.
import type { DefaultTeam } from '#domain/accounts.ts';
import type { AgendaFacts } from '#domain/agenda.ts';
import type { AlertFacts } from '#domain/alert.ts';
import type { Digest } from '#domain/digest.ts';
import type { CycleScore, ValueSummary } from '#domain/insights.ts';
import type { Account, Commitment, Contact, Person, Score } from '#domain/model.ts';
import type { Sender } from '#domain/sender.ts';
import type { Series } from '#domain/series.ts';
import type { SurveyLinks } from '#domain/survey.ts';
import type { Email } from './ports.ts';

export interface AgendaEmail extends AgendaFacts {
  defaultTeam: DefaultTeam;
  sender: Sender;
  /** The customer's contacts, or the team's copy, which carries the link to the account's manager page. */
  audience?: 'contacts' | 'team';
  managerUrl?: string;
}

/** To the account manager: a meeting's time has passed and nobody recorded whether it happened. */
export interface UnrecordedEmail {
  account: Account;
  meetingTime: Date;
  happenedUrl: string;
  skippedUrl: string;
  sender: Sender;
}

export interface SurveyEmail {
  account: Account;
  contact: Contact;
  meetingTime: Date;
  /** The contact's own earlier answers, newest first. */
  pastScores: readonly Score[];
  value: ValueSummary;
  /** Commitments done since the last meeting: this contact's own are quoted, the others are in the company's words. */
  closedLoops: readonly Commitment[];
  links: SurveyLinks;
  sender: Sender;
  reminder?: boolean;
}

export interface AlertEmail extends AlertFacts {
  reasons: string[];
  cycles: readonly CycleScore[];
  actions: readonly string[];
  recipients: readonly Person[];
  acknowledgeUrl: string;
  /** The recipient's signed link to the account page. */
  managerUrl?: string;
  sender: Sender;
}

export interface RecoveryEmail {
  account: Account;
  recipients: readonly Person[];
  sender: Sender;
  latest?: CycleScore;
}

export interface InvitationEmail {
  account: Account;
  method: 'REQUEST' | 'CANCEL';
  now: Date;
  sender: Sender;
  defaultTeam: DefaultTeam;
  /** The account before the change (an update says what changed and asks only newcomers to respond). */
  before?: Account;
  /** Only these people: a CANCEL to contacts taken off the series. */
  only?: readonly Person[];
  /** The old series of a change of time, ended where the new one takes over. */
  ending?: Series & { until: Date };
}

export interface Renderers {
  agenda(input: AgendaEmail): Email;
  survey(input: SurveyEmail): Email;
  alert(input: AlertEmail): Email;
  recovery(input: RecoveryEmail): Email;
  invitation(input: InvitationEmail): Email;
  unrecorded(input: UnrecordedEmail): Email;
  /** `links`: each listed account's page for the recipient (/m/{token}), by account id. */
  digest(digest: Digest, recipient: Person, sender: Sender, links: Readonly<Record<string, string>>): Email;
}

/** The renderers a use case asks for: `RendersWith<'agenda'>`. */
export interface RendersWith<K extends keyof Renderers> {
  render: Pick<Renderers, K>;
}
