// "Room to work", checked in the browser: within a view, every column header is inside the window, nothing scrolls
// sideways, no word is broken across lines letter by letter, and lists keep a margin from the view's edges.
import type { Locator } from '@playwright/test';

/** What is wrong with the layout of `view` and its tables, as readable lines (empty when it has room). */
export async function roomProblems(view: Locator): Promise<string[]> {
  return view.evaluate((root) => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    const rootBox = root.getBoundingClientRect();
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}`;
    // Nothing inside scrolls sideways, and the view itself does not either.
    for (const el of [root, ...root.querySelectorAll('*')]) {
      const style = getComputedStyle(el);
      if (
        (style.overflowX === 'auto' || style.overflowX === 'scroll') &&
        el.scrollWidth > el.clientWidth + 1
      )
        problems.push(`${name(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
    }
    for (const table of root.querySelectorAll('table')) {
      const box = table.getBoundingClientRect();
      if (box.right > Math.min(vw, rootBox.right) + 1)
        problems.push(`${name(table)} ends at ${Math.round(box.right)} px, past the view`);
      // Not flush against the view's edge: a margin of at least 8 px on the left.
      if (box.left - rootBox.left < 8)
        problems.push(
          `${name(table)} starts ${Math.round(box.left - rootBox.left)} px from the edge`,
        );
      for (const th of table.querySelectorAll('th')) {
        const r = th.getBoundingClientRect();
        if (r.width > 0 && (r.left < 0 || r.right > vw + 1))
          problems.push(`column "${th.textContent?.trim()}" is outside the window`);
      }
    }
    // A word (a run without spaces) drawn on two or more lines has been broken inside.
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const re = /\S+/g;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        // Addresses and ids may wrap when a column must (at their punctuation, or anywhere in an id such as an
        // external sign-in's hex user id): only words of letters count here.
        if (m[0].length < 4 || /[@/.:_\-\d]/.test(m[0])) continue;
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
        );
        if (lines.size > 1) problems.push(`"${m[0]}" is broken across ${lines.size} lines`);
      }
    }
    return problems;
  });
}
