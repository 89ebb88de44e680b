// docs/testing.md states the test layers and the mutation scope; both are read here from the configuration, so
// the page cannot drift from what `npm test` and `npm run mutate` really do.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import vitestConfig from '../vitest.config';

const root = path.resolve(import.meta.dirname, '..');
const doc = readFileSync(path.join(root, 'docs/testing.md'), 'utf8');

/** The text of one section (`## ` or `### `), up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const level = heading.indexOf(' ');
  const start = doc.indexOf(`\n${heading}\n`);
  expect(start, `docs/testing.md has "${heading}"`).toBeGreaterThanOrEqual(0);
  const next = new RegExp(`\\n#{1,${level}} `, 'g');
  next.lastIndex = start + heading.length + 2;
  const end = next.exec(doc)?.index;
  return doc.slice(start, end);
}

describe('docs/testing.md follows the configuration', () => {
  it('names exactly the vitest projects of vitest.config.ts as layers', () => {
    const projects = (vitestConfig.test?.projects ?? []).map(
      (p) => (p as { test?: { name?: string } }).test?.name,
    );
    const documented = [
      ...section('## Layers').matchAll(/^\| `([a-z-]+)` +\| vitest project/gm),
    ].map((m) => m[1]);
    expect(projects.length).toBeGreaterThan(0);
    expect(documented).toEqual(projects);
  });

  it("lists exactly stryker.config.mjs's mutate patterns as the mutation scope", async () => {
    // A path in a variable: the config is plain JavaScript without types, read as Stryker reads it.
    const configPath = pathToFileURL(path.join(root, 'stryker.config.mjs')).href;
    const stryker = ((await import(configPath)) as { default: { mutate: string[] } }).default;
    const documented = [...section('### Mutation scope').matchAll(/^- `([^`]+)`$/gm)].map(
      (m) => m[1],
    );
    expect(stryker.mutate.length).toBeGreaterThan(0);
    expect(documented).toEqual(stryker.mutate);
  });
});
