/**
 * How the id-check test calls one resource method. Every resource lists one entry per method beside its code,
 * so a method added without one fails the type check, and the test walks them all (see id-check.test.ts).
 */
export interface Probe<R> {
  /** How many ids the call takes, in the order `call` uses them; the first is always the owner account's. */
  ids: number;
  /**
   * Positions of ids that travel only inside an OData string literal (ids Tapkey itself sent, e.g. a contact
   * id looked up): those may reach the server, quoted. Every other id must be refused before any request.
   */
  quoted?: readonly number[];
  call(resource: R, ids: readonly string[], signal: AbortSignal): Promise<unknown>;
}

/** One entry per method of a resource: how to call it, or 'no-request' for a method that never calls Tapkey. */
export type Probes<R> = { [K in keyof R]-?: Probe<R> | 'no-request' };

/** Drains an async iterable (a streamed list) so that a probe awaits all of its requests. */
export async function drain(items: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of items) {
    // Only the requests matter.
  }
}
