// Text the CLI prints for people: a lock title, an owner account's name or an upstream error comes from the
// server, and a terminal obeys control characters in it. An escape sequence can clear the screen, move the
// cursor over earlier lines, set the window title or open a hyperlink; a carriage return rewrites a line; bidi
// controls reorder what is shown. So they are shown as visible escapes instead. JSON and CSV are data, printed
// exactly (JSON escapes controls itself; CSV quotes every cell).

// C0 controls other than tab and newline, DEL, and C1 controls.
// eslint-disable-next-line no-control-regex -- finding control characters is what this module is for
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Arabic letter mark, LRM / RLM, the embeddings and overrides (LRE RLE PDF LRO RLO), the isolates (LRI RLI FSI PDI).
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

/** Shows control and bidi characters as `\xNN` / `\uNNNN`; tabs and newlines stay (the CLI's own layout). */
export function terminalText(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${hex(c, 2)}`).replace(BIDI, (c) => `\\u${hex(c, 4)}`);
}

/** One value inside a line of text output: its own tabs and newlines are shown as escapes too, so it cannot fake columns or lines. */
export function terminalField(value: string): string {
  return terminalText(value).replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}
