/**
 * Puts text on the clipboard. `navigator.clipboard` first; when the page may not use it (a session that
 * refuses the clipboard permission), the older copy command on a hidden text field, which needs none.
 * Resolves false only when both ways failed, so the caller can say "Could not copy".
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const field = document.createElement('textarea');
    field.value = text;
    field.setAttribute('readonly', '');
    field.style.position = 'fixed';
    field.style.opacity = '0';
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    document.body.append(field);
    field.select();
    let ok: boolean;
    try {
      // Deprecated, but the only way left when the async clipboard is refused.
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    field.remove();
    focused?.focus();
    return ok;
  }
}
