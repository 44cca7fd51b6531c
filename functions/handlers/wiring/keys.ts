// The link-signing keys from Secrets Manager, for the handlers that sign or verify links.
import { secretsManagerClient, TokenKeys } from '#adapters/secrets.ts';
import { config } from '../config.ts';

let built: TokenKeys | undefined;

export function keys(): TokenKeys {
  built ??= new TokenKeys(secretsManagerClient(), config().TOKEN_SECRET_ID);
  return built;
}
