import type { Holder } from '../../../shared/model';
import type { LabelDirectory } from './label-directory';
import type { Probes } from './probes';

/**
 * Names the holders of grants and log entries (a contact's e-mail, a card's title), shared by both. On first
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

    /** Fills in holder labels (contact e-mail, card title) for a page of items. */
    async resolve(
      ownerAccountId: string,
      holders: Holder[],
      signal?: AbortSignal,
    ): Promise<Holder[]> {
      const contactIds = holders.flatMap((h) => (h.contactId ? [h.contactId] : []));
      const cardIds = holders.flatMap((h) =>
        h.boundCardId && !h.contactId ? [h.boundCardId] : [],
      );
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
        if (h.contactId)
          return { ...h, label: contacts.labelOf(ownerAccountId, h.contactId) ?? null };
        if (h.boundCardId)
          return { ...h, label: cards.labelOf(ownerAccountId, h.boundCardId) ?? null };
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
      r.resolve(
        owner!,
        [
          { kind: 'contact', label: null, contactId: contactId!, boundCardId: null },
          { kind: 'card', label: null, contactId: null, boundCardId: cardId! },
        ],
        signal,
      ),
  },
};
