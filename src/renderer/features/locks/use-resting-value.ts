import { useEffect, useState } from 'react';

/** How long a value must stay unchanged before a resting view shows it. */
const REST_MS = 150;

/** `value` at once when `immediate`, else the value it last held for REST_MS without changing. */
export function useRestingValue<T>(value: T, immediate: boolean): T {
  const [rested, setRested] = useState(value);
  // Adjusting state during render (React's documented pattern): no extra commit when the value passes straight through.
  if (immediate && rested !== value) setRested(value);
  useEffect(() => {
    if (immediate) return;
    const t = window.setTimeout(() => setRested(value), REST_MS);
    return () => window.clearTimeout(t);
  }, [value, immediate]);
  return immediate ? value : rested;
}
