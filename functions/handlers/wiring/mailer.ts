// Email through SES, for the handlers that send it.
import { Mailer } from '#adapters/mailer.ts';
import { sesClient } from '#adapters/ses-client.ts';
import { config } from '../config.ts';

let built: Mailer | undefined;

export function mailer(): Mailer {
  built ??= new Mailer(sesClient(), config().SES_CONFIGURATION_SET);
  return built;
}
