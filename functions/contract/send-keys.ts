// The keys of exactly-once sends and markers, written here once for the use cases that claim them
// and the store that keeps them (functions/adapters/dynamo/once.ts). Typed: a SendKey or MarkerKey
// comes only from these builders, so a caller cannot misspell one.

declare const kind: unique symbol;
/** The key of one email send (it also travels as the email's SES message tag). */
export type SendKey = string & { readonly [kind]: 'send' };
/** The key of a once-marker that is not a send. */
export type MarkerKey = string & { readonly [kind]: 'marker' };

const send = (key: string) => key as SendKey;

export const sendKeys = {
  agenda: (k: { accountId: string; meetingId: string }) => send(`agenda#${k.accountId}#${k.meetingId}`),
  /** The account manager's question whether a meeting whose time has passed happened. */
  unrecorded: (k: { accountId: string; meetingId: string }) => send(`unrecorded#${k.accountId}#${k.meetingId}`),
  /** The team's copy of the agenda, with the manager-page link. */
  agendaTeam: (k: { accountId: string; meetingId: string }) => send(`agenda-team#${k.accountId}#${k.meetingId}`),
  survey: (k: { accountId: string; meetingId: string; contactId: string }) =>
    send(`survey#${k.accountId}#${k.meetingId}#${k.contactId}`),
  reminder: (k: { accountId: string; meetingId: string; contactId: string }) =>
    send(`reminder#${k.accountId}#${k.meetingId}#${k.contactId}`),
  /** `part`: the other messages of one revision (the end of the old series, the removed contacts' CANCEL). */
  invitation: (k: { accountId: string; sequence: number; method: 'REQUEST' | 'CANCEL'; part?: 'ending' | 'removed' }) =>
    send(`invitation#${k.accountId}#${k.sequence}#${k.method}${k.part ? `#${k.part}` : ''}`),
  digest: (k: { monday: string; email: string }) => send(`digest#${k.monday}#${k.email}`),
  alert: (k: { accountId: string; alertId: string; rung: number; email: string }) =>
    send(`alert#${k.accountId}#${k.alertId}#${k.rung}#${k.email}`),
  recovery: (k: { accountId: string; cycle: string; email?: string }) =>
    send(`recovery#${k.accountId}#${k.cycle}${k.email === undefined ? '' : `#${k.email}`}`),
  /** A key read back from an email's message tag: only `sendOnce` writes that tag, from a SendKey. */
  fromTag: (value: string) => send(value),
};

export const markerKeys = {
  alertReason: (k: { accountId: string; cycle: string; code: string }) =>
    `alert-reason#${k.accountId}#${k.cycle}#${k.code}` as MarkerKey,
  alertLevel: (k: { accountId: string; cycle: string; level: string }) =>
    `alert-level#${k.accountId}#${k.cycle}#${k.level}` as MarkerKey,
};
