/**
 * A small RFC 4180 reader (quoted cells, doubled quotes, CRLF rows), written apart from the app's CSV writer so
 * tests can read an export back without trusting the code that wrote it. `separator` plays a spreadsheet that
 * splits on something else (`;` in German or French locales, a tab); text after a closing quote stays in the cell,
 * as such spreadsheets keep it.
 */
export function readCsv(text: string, separator = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}
