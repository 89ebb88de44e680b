type Cell = string | number | boolean | null | undefined;

/**
 * One RFC 4180 CSV record with its CRLF. Every cell is quoted: a spreadsheet that splits on another separator (a
 * semicolon in German or French locales, a tab in tab-separated imports) then still sees one cell, never `;=cmd…`
 * as a cell of its own. On top of that, a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is
 * prefixed with an apostrophe (OWASP's CSV injection advice), so an exported lock title or e-mail never executes.
 */
export function csvLine(cells: readonly Cell[]): string {
  const cell = (v: Cell) => {
    if (v === null || v === undefined) return '""';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return `"${s.replace(/"/g, '""')}"`;
  };
  return cells.map(cell).join(',') + '\r\n';
}

/** Formats a header and rows as RFC 4180 CSV (see csvLine for quoting and formula neutralisation). */
export function toCsv(header: string[], rows: Array<Array<Cell>>): string {
  return [header, ...rows].map(csvLine).join('');
}
