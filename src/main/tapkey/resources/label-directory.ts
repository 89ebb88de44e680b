import { AppFailure } from '../../errors';
import type { Check } from '../schemas';
import type { Named } from '../access-schemas';
import { checkItems } from '../schemas';
import { odataString } from '../url';
import { limited, reportInvalid, type LimitedContext } from './context';

/** Where a kind of holder is listed and how one is read. */
export interface LabelSource {
  /** The list under an owner account, e.g. 'Contacts'. */
  segment: string;
  /** The fields a lookup asks for (`$select`): the id and what names one. */
  select: readonly string[];
  /** Reads one item into its name and identifier. */
  check(item: unknown): Check<Named>;
  scope: string;
  /** e.g. 'contacts', in messages. */
  what: string;
}

/** Tuning of the lookups. */
export interface LabelTuning {
  /** Every request URL stays below this many characters (proxies and IIS refuse longer ones). */
  maxUrlLength: number;
}

/**
 * The names of one kind of holder (contacts or cards), per owner account, for the client's life (the client
 * itself lasts one sign-in). Ids are looked up in batches of `$filter=id eq … or …`, each URL under
 * maxUrlLength; concurrent callers share requests; a failed batch is forgotten so the next caller asks again.
 * An answer may be cut short by a silent page cap, so ids it leaves out are asked again until an answer holds
 * none of them: only then are they "not found".
 */
export function createLabelDirectory(
  ctx: LimitedContext,
  source: LabelSource,
  tuning: LabelTuning,
) {
  // owner account (lower case) → id (lower case) → name, as promised by a request in flight or done.
  const promised = new Map<string, Map<string, Promise<Named | null>>>();
  // The same names once known, read without awaiting: a 1,000-entry page then costs no promise per entry.
  const known = new Map<string, Map<string, Named | null>>();
  const mapOf = <V>(maps: Map<string, Map<string, V>>, owner: string): Map<string, V> => {
    const key = owner.toLowerCase();
    let map = maps.get(key);
    if (!map) maps.set(key, (map = new Map()));
    return map;
  };
  const path = (owner: string) => ['Owners', owner, source.segment];
  const purpose = { what: `the ${source.what} of this owner account`, scope: source.scope };
  const select = source.select;
  const check = source.check;
  const filterOf = (ids: readonly string[]) =>
    ids.map((id) => `id eq ${odataString(id)}`).join(' or ');

  /** Asks for `ids` until each is found or an answer holds none of those still missing (they do not exist). */
  async function lookUpBatch(
    owner: string,
    ids: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, Named>> {
    const found = new Map<string, Named>();
    let missing = ids;
    while (missing.length) {
      const asked = missing;
      const raw = await limited(
        ctx.limit,
        () =>
          ctx.request.page(path(owner), purpose, {
            query: { $filter: filterOf(asked) },
            select,
            signal,
          }),
        { signal },
      );
      const { valid, invalid } = checkItems(raw, check);
      reportInvalid(ctx.log, source.what, invalid);
      let gained = 0;
      for (const v of valid) {
        const id = v.id.toLowerCase();
        if (asked.includes(id) && !found.has(id)) {
          found.set(id, v);
          gained++;
        }
      }
      // An answer with none of the ids still missing proves they are gone; one with some may have been cut
      // short by a silent cap, unless it was shorter than a page this server is known to send whole.
      if (gained === 0 || ctx.request.isWhole(path(owner), raw.length)) break;
      missing = asked.filter((id) => !found.has(id));
    }
    return found;
  }

  /** Splits ids into `id eq … or …` filters whose whole URL stays under maxUrlLength. */
  function batches(owner: string, ids: string[]): string[][] {
    const out: string[][] = [];
    const fits = (list: string[]) =>
      ctx.request.href(path(owner), {
        $filter: filterOf(list),
        $select: select.join(','),
      }).length < tuning.maxUrlLength;
    const tooLong = () =>
      new AppFailure('malformed-response', 'Tapkey sent an id too long to look up.');
    let batch: string[] = [];
    for (const id of ids) {
      const next = [...batch, id];
      if (fits(next)) {
        batch = next;
        continue;
      }
      if (batch.length === 0) throw tooLong();
      out.push(batch);
      batch = [id];
      if (!fits(batch)) throw tooLong();
    }
    if (batch.length) out.push(batch);
    return out;
  }

  return {
    /** Starts lookups for the ids not yet known or in flight; each promise settles when its batch has. */
    lookUp(owner: string, ids: string[], signal?: AbortSignal): Promise<void>[] {
      const cache = mapOf(promised, owner);
      const missing = [...new Set(ids.map((id) => id.toLowerCase()))].filter(
        (id) => !cache.has(id),
      );
      if (!missing.length) return [];
      const done = mapOf(known, owner);
      let split: string[][];
      try {
        split = batches(owner, missing);
      } catch (e) {
        // A bad owner id or an id too long to look up: the caller's await sees it, as with any failure.
        return [Promise.reject(e as Error)];
      }
      return split.map((batchIds) => {
        const request = lookUpBatch(owner, batchIds, signal);
        void request.then(
          (found) => {
            for (const id of batchIds) done.set(id, found.get(id) ?? null);
          },
          () => undefined,
        );
        for (const id of batchIds) {
          const named = request.then((found) => found.get(id) ?? null);
          // Waiters see the failure; an entry nobody awaits must not become an unhandled rejection.
          named.catch(() => undefined);
          cache.set(id, named);
        }
        // A failed batch must not stay cached: the next caller asks again.
        request.catch(() => {
          for (const id of batchIds) cache.delete(id);
        });
        return request.then(() => undefined);
      });
    },

    /** Reads the first `top` of the owner account's list at once (the warm-up), keeping what is already known. */
    async fill(owner: string, top: number, signal?: AbortSignal): Promise<void> {
      const raw = await limited(
        ctx.limit,
        () => ctx.request.page(path(owner), purpose, { query: { $top: top }, select, signal }),
        { signal },
      );
      const { valid } = checkItems(raw, check);
      const cache = mapOf(promised, owner);
      const done = mapOf(known, owner);
      for (const v of valid) {
        const id = v.id.toLowerCase();
        if (done.has(id)) continue;
        done.set(id, v);
        cache.set(id, Promise.resolve(v));
      }
    },

    /** What a known id is called (null: Tapkey does not know it); undefined while unknown. */
    namedOf(owner: string, id: string): Named | null | undefined {
      return known.get(owner.toLowerCase())?.get(id.toLowerCase());
    },

    /** The lookups still in flight for these ids (another caller's batches), to wait for before reading. */
    inFlight(owner: string, ids: string[]): Promise<unknown>[] {
      const done = known.get(owner.toLowerCase());
      const cache = promised.get(owner.toLowerCase());
      return ids
        .filter((id) => !done?.has(id.toLowerCase()))
        .map((id) => cache?.get(id.toLowerCase()) ?? Promise.resolve());
    },
  };
}

/** A directory of names (contacts' or cards'). */
export type LabelDirectory = ReturnType<typeof createLabelDirectory>;
