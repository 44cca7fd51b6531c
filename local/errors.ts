/** A problem starting the local cloud that a person can fix: what went wrong and the way out. */
export class LocalStartError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'LocalStartError';
  }
}
