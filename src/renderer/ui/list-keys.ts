/** Where the active row of a listbox moves for a key press, or null when the key is not for moving. */
export function nextActiveIndex(
  key: string,
  current: number,
  count: number,
  pageSize: number,
): number | null {
  if (count === 0) return null;
  const last = count - 1;
  const from = current < 0 ? -1 : Math.min(current, last);
  switch (key) {
    case 'ArrowDown':
      return Math.min(from + 1, last);
    case 'ArrowUp':
      return from < 0 ? 0 : Math.max(from - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(Math.max(from, 0) + Math.max(pageSize, 1), last);
    case 'PageUp':
      return Math.max(Math.max(from, 0) - Math.max(pageSize, 1), 0);
    default:
      return null;
  }
}
