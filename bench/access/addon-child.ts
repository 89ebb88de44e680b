// The log-export add-on's algorithm (tapkey/tapkey-addons-logexport), as its own process, for comparison:
// one unpaged request for the whole filtered log, then one `id eq … or …` request each for contacts and
// cards, then the CSV built in memory and written at once.
export {};
const env = process.env;
const base = env.BENCH_API!;
const headers = { authorization: `Bearer ${env.BENCH_ACCESS_TOKEN}`, accept: 'application/json' };
const owner = env.BENCH_OWNER!;
const get = async <T>(path: string): Promise<T> => {
  const res = await fetch(new URL(path, base), { headers });
  if (!res.ok) throw new Error(`${path.slice(0, 80)}: HTTP ${res.status}`);
  return (await res.json()) as T;
};
type Entry = {
  id: string;
  lockTimestamp: string;
  contactId: string | null;
  boundCardId: string | null;
  command: string | null;
};
const q = (o: Record<string, string>) => new URLSearchParams(o).toString();
const entries = await get<Entry[]>(
  `Owners/${owner}/BoundLocks/${env.BENCH_LOCK}/LogEntries?${q({ $filter: "logType eq 'Command' and command eq 'TriggerLock'", $orderby: 'lockTimestamp desc' })}`,
);
const byIds = (ids: Set<string>) => [...ids].map((id) => `id eq '${id}'`).join(' or ');
const contactIds = new Set(entries.flatMap((e) => (e.contactId ? [e.contactId] : [])));
const cardIds = new Set(entries.flatMap((e) => (e.boundCardId ? [e.boundCardId] : [])));
const [contacts, cards] = await Promise.all([
  contactIds.size
    ? get<Array<{ id: string; email: string }>>(
        `Owners/${owner}/Contacts?${q({ $filter: byIds(contactIds), $select: 'id,email' })}`,
      )
    : [],
  cardIds.size
    ? get<Array<{ id: string; title: string }>>(
        `Owners/${owner}/BoundCards?${q({ $filter: byIds(cardIds), $select: 'id,title' })}`,
      )
    : [],
]);
const email = new Map(contacts.map((c) => [c.id, c.email]));
const title = new Map(cards.map((c) => [c.id, c.title]));
const csv = [
  'lockTimestamp,who,command,id',
  ...entries.map((e) =>
    [
      e.lockTimestamp,
      (e.contactId && email.get(e.contactId)) ?? (e.boundCardId && title.get(e.boundCardId)) ?? '',
      e.command ?? '',
      e.id,
    ].join(','),
  ),
].join('\r\n');
process.stdout.write(`${csv}\r\n`, () => process.exit(0));
