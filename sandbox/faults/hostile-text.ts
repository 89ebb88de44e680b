/**
 * Text a hostile or careless owner could put in a lock title or an account name: an OSC 8 hyperlink, clear screen,
 * a window title, a carriage return that rewrites the line, a right-to-left override, a NUL, and a tab and a
 * newline that fake a column and a row. Valid JSON strings all the same, so only output code can stop them.
 */
export const HOSTILE_TEXT =
  'Front door\u001b]8;;https://attacker.example/\u0007click\u001b]8;;\u0007\u001b[2J\u001b]0;pwned\u0007\rSafe\u202eexe.txt\u0000\tFAKE\nforged row';

/** The hostile-text fault: an item whose `title` and `name` (whichever it has) are HOSTILE_TEXT. */
export function withHostileText<T extends object>(item: T): T {
  return {
    ...item,
    ...('title' in item ? { title: HOSTILE_TEXT } : {}),
    ...('name' in item ? { name: HOSTILE_TEXT } : {}),
  };
}
