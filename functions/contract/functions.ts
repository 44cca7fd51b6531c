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

/** Lambda's limit on a function name. */
const FUNCTION_NAME_LIMIT = 64;

/** The functions the stack names `<stack>-<name>`, so that others can name their ARNs before they exist. */
export const NAMED_FUNCTIONS = ['occurrence', 'followup'] as const satisfies readonly FunctionKey[];

/** The longest stack name whose `<stack>-<name>` still fits every named function. */
export const MAX_STACK_NAME_LENGTH = FUNCTION_NAME_LIMIT - 1 - Math.max(...NAMED_FUNCTIONS.map((fn) => FUNCTIONS[fn].name.length));

/** `PartnerPulse-occurrence`: the stack's name, then the function's. */
export function functionName(stackName: string, fn: FunctionKey): string {
  return `${stackName}-${FUNCTIONS[fn].name}`;
}
