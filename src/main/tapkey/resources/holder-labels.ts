import type { Holder } from '../../../shared/model';
import { nameHolder, unnamedHolder } from '../access-schemas';
import type { LabelDirectory } from './label-directory';
import type { Probes } from './probes';

/**
 * Names the holders of grants and log entries (a contact's title and identifier, a card's title and label),
 * shared by both; a holder already named (a grant embeds its contact or card) costs nothing. On first
 * use per owner account, the first `warmUpLimit` contacts and cards are read alongside the caller's own request
 * (one request each), so a typical owner's names cost no extra round trip; 0 turns that off.
 */
export function createHolderLabels(
  contacts: LabelDirectory,
  cards: LabelDirectory,
  tuning: { warmUpLimit: number },
) {
  const warming = new Map<string, Promise<void>>();
  return {
    /**
     * Reads the first contacts and cards of an owner account once, in parallel with the caller's own request.
     * Failures are ignored here (the id lookups that follow report them), and a failed warm-up may run again.
     */
    warmUp(ownerAccountId: string, signal?: AbortSignal): Promise<void> {
      const owner = ownerAccountId.toLowerCase();
      if (tuning.warmUpLimit <= 0) return Promise.resolve();
      let running = warming.get(owner);
      if (running) return running;
      running = Promise.all([
        contacts.fill(ownerAccountId, tuning.warmUpLimit, signal),
        cards.fill(ownerAccountId, tuning.warmUpLimit, signal),
      ]).then(
        () => undefined,
        () => {
          warming.delete(owner);
        },
      );
      warming.set(owner, running);
      return running;
    },

    /** Names the holders of a page of items that are not named yet (`known` false), looking up only those. */
    async resolve(
      ownerAccountId: string,
      holders: Holder[],
      signal?: AbortSignal,
    ): Promise<Holder[]> {
      const open = holders.filter((h) => !h.known);
      const contactIds = open.flatMap((h) =>
        h.kind === 'contact' && h.contactId ? [h.contactId] : [],
      );
      const cardIds = open.flatMap((h) =>
        h.kind === 'card' && h.boundCardId ? [h.boundCardId] : [],
      );
      if (!contactIds.length && !cardIds.length) return holders;
      await Promise.all([
        ...contacts.lookUp(ownerAccountId, contactIds, signal),
        ...cards.lookUp(ownerAccountId, cardIds, signal),
      ]);
      // Ids another caller is still looking up: wait for those batches (each failure reaches this caller too).
      await Promise.all(
        new Set([
          ...contacts.inFlight(ownerAccountId, contactIds),
          ...cards.inFlight(ownerAccountId, cardIds),
        ]),
      );
      return holders.map((h) => {
        if (h.known) return h;
        if (h.kind === 'contact' && h.contactId)
          return nameHolder(h, contacts.namedOf(ownerAccountId, h.contactId) ?? null);
        if (h.kind === 'card' && h.boundCardId)
          return nameHolder(h, cards.namedOf(ownerAccountId, h.boundCardId) ?? null);
        return h;
      });
    },
  };
}

/** The holder-label resolver. */
export type HolderLabels = ReturnType<typeof createHolderLabels>;

/** How the id-check test calls each method. */
export const holderLabelProbes: Probes<HolderLabels> = {
  warmUp: { ids: 1, call: (r, [owner], signal) => r.warmUp(owner!, signal) },
  resolve: {
    ids: 3,
    quoted: [1, 2],
    call: (r, [owner, contactId, cardId], signal) =>
      r.resolve(owner!, [unnamedHolder(contactId!, null), unnamedHolder(null, cardId!)], signal),
  },
};
