import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/**
 * oidc-provider storage kept per sandbox (the library's built-in memory adapter shares one global LRU
 * between providers and cannot be enumerated, which expireAccessTokens() needs).
 */
export class MemoryStore {
  private readonly entries = new Map<string, Entry>();
  private readonly byUid = new Map<string, string>();
  private readonly byGrant = new Map<string, Set<string>>();

  /** The adapter factory oidc-provider's `adapter` option expects. */
  factory(): (model: string) => Adapter {
    return (model) => this.adapter(model);
  }

  /** Every live payload of one model (e.g. 'AccessToken'). */
  payloads(model: string): AdapterPayload[] {
    const now = Date.now();
    const out: AdapterPayload[] = [];
    for (const [key, entry] of this.entries) {
      if (key.startsWith(`${model}:`) && entry.expiresAt > now) out.push(entry.payload);
    }
    return out;
  }

  private get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  private adapter(model: string): Adapter {
    const key = (id: string): string => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => {
        this.entries.set(key(id), {
          payload,
          expiresAt: typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity,
        });
        if (model === 'Session' && typeof payload.uid === 'string') this.byUid.set(payload.uid, id);
        if (typeof payload.grantId === 'string') {
          const members = this.byGrant.get(payload.grantId) ?? new Set<string>();
          members.add(key(id));
          this.byGrant.set(payload.grantId, members);
        }
      },
      find: async (id) => this.get(key(id)),
      findByUid: async (uid) => {
        const id = this.byUid.get(uid);
        return id === undefined ? undefined : this.get(key(id));
      },
      findByUserCode: async () => undefined,
      consume: async (id) => {
        const payload = this.get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const member of this.byGrant.get(grantId) ?? []) this.entries.delete(member);
        this.byGrant.delete(grantId);
      },
    };
  }
}
