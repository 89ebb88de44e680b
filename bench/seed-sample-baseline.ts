// The algorithm of Tapkey's ASP.NET Core PKCE sample, reproduced as the benchmark's baseline: list the owner
// accounts, then fetch each account's bound locks one after another, each list in one unpaged request.

/** Fetches owners, then each account's locks sequentially; returns the lock count and time to the first account. */
export async function seedSampleListing(
  apiBaseUrl: string,
  accessToken: string,
): Promise<{ locks: number; firstAccountMs: number }> {
  const started = performance.now();
  const get = async (path: string) => {
    const res = await fetch(new URL(path, apiBaseUrl), {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return (await res.json()) as Array<{ id: string }>;
  };
  const owners = await get('Owners');
  let locks = 0;
  let firstAccountMs = 0;
  for (const owner of owners) {
    locks += (await get(`Owners/${owner.id}/BoundLocks`)).length;
    firstAccountMs ||= performance.now() - started;
  }
  return { locks, firstAccountMs };
}

/**
 * The transfer floor: every list fetched at once with no latency and no validation. Added to 2 × L
 * (owners, then locks) it is the lower bound no client can beat.
 */
export async function idealTransfer(apiBaseUrl: string, accessToken: string): Promise<number> {
  const started = performance.now();
  const get = async (path: string) =>
    (await (
      await fetch(new URL(path, apiBaseUrl), {
        headers: { authorization: `Bearer ${accessToken}` },
      })
    ).json()) as Array<{ id: string }>;
  const owners = await get('Owners');
  await Promise.all(owners.map((o) => get(`Owners/${o.id}/BoundLocks`)));
  return performance.now() - started;
}
