// The log-export add-on's algorithm (tapkey/tapkey-addons-logexport) as Tapkey ships it today, as its own process,
// for comparison: the filtered log read in pages of 500 (the add-on pages by 500 "because the Web API returns only
// a maximum amount of log entries at once"; shared/tapkey-api.md), one page after another until a page shorter
// than 500, then one `id eq … or …` request each for contacts (by identifier, the 2023 fix for the renamed
// email) and cards, then the CSV built in memory and written at once.
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
const PAGE = 500;
const entries: Entry[] = [];
for (let skip = 0; ; skip += PAGE) {
  const page = await get<Entry[]>(
    `Owners/${owner}/BoundLocks/${env.BENCH_LOCK}/LogEntries?${q({ $filter: "logType eq 'Command' and command eq 'TriggerLock'", $orderby: 'lockTimestamp desc', $top: String(PAGE), $skip: String(skip) })}`,
  );
  entries.push(...page);
  if (page.length < PAGE) break;
}
const byIds = (ids: Set<string>) => [...ids].map((id) => `id eq '${id}'`).join(' or ');
const contactIds = new Set(entries.flatMap((e) => (e.contactId ? [e.contactId] : [])));
const cardIds = new Set(entries.flatMap((e) => (e.boundCardId ? [e.boundCardId] : [])));
const [contacts, cards] = await Promise.all([
  contactIds.size
    ? get<Array<{ id: string; identifier: string | null }>>(
        `Owners/${owner}/Contacts?${q({ $filter: byIds(contactIds), $select: 'id,identifier' })}`,
      )
    : [],
  cardIds.size
    ? get<Array<{ id: string; title: string }>>(
        `Owners/${owner}/BoundCards?${q({ $filter: byIds(cardIds), $select: 'id,title' })}`,
      )
    : [],
]);
const identifier = new Map(contacts.map((c) => [c.id, c.identifier]));
const title = new Map(cards.map((c) => [c.id, c.title]));
const csv = [
  'lockTimestamp,who,command,id',
  ...entries.map((e) =>
    [
      e.lockTimestamp,
      (e.contactId && identifier.get(e.contactId)) ??
        (e.boundCardId && title.get(e.boundCardId)) ??
        '',
      e.command ?? '',
      e.id,
    ].join(','),
  ),
].join('\r\n');
process.stdout.write(`${csv}\r\n`, () => process.exit(0));
