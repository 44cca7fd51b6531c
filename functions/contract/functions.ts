// The functions of the system: the name each goes by and the handler file it runs. Deployed, the
// scheduled ones are named `<stack>-<name>` so that others can name their ARNs before they exist;
// the local cloud names every one that way. A new function is added here, then to the stack.
export const FUNCTIONS = {
  adminApi: { name: 'admin-api', entry: 'functions/handlers/admin-api.ts' },
  publicPages: { name: 'public-pages', entry: 'functions/handlers/public-pages.ts' },
  sesEvents: { name: 'ses-events', entry: 'functions/handlers/ses-events.ts' },
  riskStream: { name: 'risk-stream', entry: 'functions/handlers/risk-stream.ts' },
  digest: { name: 'digest', entry: 'functions/handlers/digest.ts' },
  occurrence: { name: 'occurrence', entry: 'functions/handlers/occurrence.ts' },
  followup: { name: 'followup', entry: 'functions/handlers/followup.ts' },
} as const;

export type FunctionKey = keyof typeof FUNCTIONS;

/** `PartnerPulse-occurrence`: the stack's name, then the function's. */
export function functionName(stackName: string, fn: FunctionKey): string {
  return `${stackName}-${FUNCTIONS[fn].name}`;
}
