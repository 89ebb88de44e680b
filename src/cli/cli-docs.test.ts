// docs/cli.md is the CLI's public reference: a command or flag added to args.ts without a line there, or a
// line there naming a command or flag that does not exist, fails here rather than in a user's script.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRANTS_CSV_HEADER, LOG_CSV_HEADER } from '../main/export/log-csv';
import { JOURNAL_CSV_HEADER } from '../main/export/journal-csv';
import { LOCK_CSV_COLUMNS } from '../shared/lock-csv';
import { CLI_OPTIONS, COMMANDS } from './args';

const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/cli.md'), 'utf8');

/** The lines of one `## ` section of the page. */
function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  expect(start, `docs/cli.md has a "## ${title}" section`).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

const unique = (xs: Iterable<string>) => [...new Set(xs)].sort();
const flagNames = Object.keys(CLI_OPTIONS).sort();
const shortFlags = Object.values(CLI_OPTIONS)
  .flatMap((o) => ('short' in o ? [o.short] : []))
  .sort();

describe('docs/cli.md documents the CLI of args.ts', () => {
  it('has a section for every command, and none for a command that does not exist', () => {
    const headings = [...section('Commands').matchAll(/^### `([a-z-]+)`$/gm)].map((m) => m[1]!);
    expect(unique(headings)).toEqual([...COMMANDS].sort());
  });

  it('lists every flag in the Flags table, and no flag that does not exist', () => {
    const rows = section('Flags')
      .split('\n')
      .filter((l) => l.startsWith('| `-'));
    const firstCells = rows.map((r) => r.split('|')[1]!);
    const long = firstCells.flatMap((c) => [...c.matchAll(/`--([a-z-]+)/g)].map((m) => m[1]!));
    const short = firstCells.flatMap((c) => [...c.matchAll(/`-([a-z])`/g)].map((m) => m[1]!));
    expect(unique(long)).toEqual(flagNames);
    expect(long.length, 'each flag has one row').toBe(flagNames.length);
    expect(unique(short)).toEqual(shortFlags);
  });

  it('names no flag anywhere on the page that the CLI does not take', () => {
    const named = unique([...doc.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => m[1]!));
    expect(named.filter((f) => !flagNames.includes(f))).toEqual([]);
  });

  it('runs no command in its examples that the CLI does not have', () => {
    const run = unique([...doc.matchAll(/tapkey-locks ([a-z][a-z-]*)/g)].map((m) => m[1]!));
    expect(run.filter((c) => !(COMMANDS as readonly string[]).includes(c))).toEqual([]);
    // Every command is shown at least once as it is typed.
    expect(COMMANDS.filter((c) => !run.includes(c))).toEqual([]);
  });

  it("lists each export's CSV columns in the order the CLI writes them", () => {
    const output = section('Output');
    const csv = output.slice(output.indexOf('### CSV columns'));
    for (const [command, columns] of [
      ['locks', LOCK_CSV_COLUMNS],
      ['grants', GRANTS_CSV_HEADER],
      ['logs', LOG_CSV_HEADER],
      ['journal', JOURNAL_CSV_HEADER],
    ] as const) {
      const row = csv.split('\n').find((l) => l.startsWith(`| \`${command}\` `));
      expect(row, `the ${command} row of the CSV table`).toContain(`\`${columns.join(', ')}\``);
    }
  });
});
