type Cell = string | number | boolean | null | undefined;

/**
 * One RFC 4180 CSV record with its CRLF. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR)
 * are prefixed with an apostrophe so an exported lock title or e-mail can never execute in Excel or LibreOffice.
 */
export function csvLine(cells: readonly Cell[]): string {
  const cell = (v: Cell) => {
    if (v === null || v === undefined) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return cells.map(cell).join(',') + '\r\n';
}

/** Formats a header and rows as RFC 4180 CSV (see csvLine for formula neutralisation). */
export function toCsv(header: string[], rows: Array<Array<Cell>>): string {
  return [header, ...rows].map(csvLine).join('');
}
