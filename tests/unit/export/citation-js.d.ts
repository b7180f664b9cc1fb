// @citation-js/core ships no types: what the outside-parser tests use of it.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: { forceType?: string });
    data: Array<Record<string, unknown>>;
  }
}
