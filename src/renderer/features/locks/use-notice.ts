import { useCallback, useEffect, useState } from 'react';
import { copyText } from '../../ui/clipboard';

/** How long a notice ("Copied lock ID") stays before it clears itself. */
const NOTICE_MS = 4000;

/** A short-lived status line, and `copy`, which puts text on the clipboard and says whether that worked. */
export function useNotice() {
  const [notice, setNotice] = useState('');
  useEffect(() => {
    if (!notice) return;
    const t = window.setTimeout(() => setNotice(''), NOTICE_MS);
    return () => window.clearTimeout(t);
  }, [notice]);
  const copy = useCallback(async (text: string, what: string) => {
    setNotice(
      (await copyText(text))
        ? `Copied ${what}`
        : `Could not copy the ${what}: the clipboard is not available.`,
    );
  }, []);
  return { notice, setNotice, copy };
}
