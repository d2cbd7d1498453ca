// Types of the one call mediaTypeStatus.ts makes into negotiator (the package ships none; it is
// the negotiator @apollo/server uses, pinned to the same version).
declare module 'negotiator' {
  export default class Negotiator {
    constructor(request: { headers: { accept?: string | undefined } });
    /** The `available` entry the Accept header prefers most (the first on a tie), if any. */
    mediaType(available: readonly string[]): string | undefined;
  }
}
