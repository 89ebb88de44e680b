// The session folder's files as a disk that fails them (EIO) leaves them: running as root, the tests cannot make a
// real file unreadable, so the named operations of a real journal or marker reject instead.

/** `part` (a renewal journal or signed-out marker) with the named operations failing; the others work. */
export function withFailing<T extends object>(
  part: T,
  failing: ReadonlyArray<keyof T & string>,
): T {
  const out = { ...part };
  for (const op of failing)
    Object.assign(out, { [op]: () => Promise.reject(new Error(`EIO: i/o error, ${op}`)) });
  return out;
}
