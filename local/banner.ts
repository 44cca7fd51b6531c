// What `npm start` tells an operator about the pulse CLI: the CLI talks to the default port unless
// told otherwise, so a cloud on another port prints the exact way to reach it.
import { DEFAULT_PORTS } from './cloud.ts';

/** The pulse CLI's default API (bin/cli/main.ts), the local cloud on its default port. */
export const CLI_DEFAULT_API = `http://127.0.0.1:${DEFAULT_PORTS.api}`;

/** The line that tells the CLI where this cloud is, or undefined when the CLI finds it by itself. */
export function pulseApiHint(apiUrl: string): string | undefined {
  const url = apiUrl.replace(/\/+$/, '');
  if (url === CLI_DEFAULT_API) return undefined;
  return `The API is not on the port pulse uses by default: run \`npx pulse accounts list --api ${url}\`, or \`export PULSE_API=${url}\` once for this shell.`;
}
