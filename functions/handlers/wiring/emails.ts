// The renderers the use cases send with (#app/emails.ts declares what they take): pure functions of
// functions/render/, so any function may bundle them.
import type { Renderers } from '#app/emails.ts';
import { renderAgenda } from '#render/agenda.ts';
import { renderAlert, renderRecovery } from '#render/alert.ts';
import { renderDigest } from '#render/digest.ts';
import { renderInvitation } from '#render/invitation.ts';
import { renderSurveyEmail } from '#render/survey.ts';

export const render: Renderers = {
  agenda: renderAgenda,
  survey: renderSurveyEmail,
  alert: renderAlert,
  recovery: renderRecovery,
  invitation: renderInvitation,
  digest: renderDigest,
};
