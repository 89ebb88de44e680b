import examples from './documented-examples.json';

/** One documented example payload and how the sandbox may differ from it (see documented-examples.json). */
export interface DocumentedExample {
  name: string;
  section: string;
  routes: string[];
  example: Record<string, unknown>;
  nullable?: Record<string, string>;
  alsoNull?: Record<string, string>;
  mayBeAbsent?: Record<string, string>;
  enums?: Record<string, string[]>;
}

/** The documented examples (the fixture written from shared/tapkey-api.md). */
export const DOCUMENTED_EXAMPLES = examples.examples as DocumentedExample[];

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as string);

/**
 * The ways `value` departs from the documented example: a missing field, a field of another type, a null where
 * the docs show none, a value outside a documented set. Extra fields are fine (Tapkey adds fields at any time).
 */
export function conformanceProblems(value: unknown, doc: DocumentedExample): string[] {
  const problems: string[] = [];
  const walk = (v: unknown, example: unknown, path: string): void => {
    const expected = typeOf(example);
    const actual = typeOf(v);
    const enumValues = doc.enums?.[path];
    if (enumValues && !enumValues.includes(v as string))
      problems.push(`${path}: ${JSON.stringify(v)} is not one of ${enumValues.join(', ')}`);
    if (actual === 'null') {
      // Null is documented when an example shows it (here or in the resource's other example).
      if (expected !== 'null' && !doc.alsoNull?.[path] && doc.nullable?.[path] === undefined)
        problems.push(`${path}: null, but the docs show ${expected}`);
      return;
    }
    if (expected === 'null') {
      const whenSet = doc.nullable?.[path];
      if (whenSet === undefined) problems.push(`${path}: the docs show null and no type when set`);
      else if (whenSet !== actual) problems.push(`${path}: ${actual}, expected ${whenSet} or null`);
      return;
    }
    if (actual !== expected) {
      problems.push(`${path}: ${actual}, expected ${expected}`);
      return;
    }
    if (expected === 'array') {
      const itemExample = (example as unknown[])[0];
      if (itemExample !== undefined)
        (v as unknown[]).forEach((item) => walk(item, itemExample, path));
      return;
    }
    if (expected === 'object') {
      for (const [key, sub] of Object.entries(example as Record<string, unknown>)) {
        const subPath = path ? `${path}.${key}` : key;
        const record = v as Record<string, unknown>;
        if (!(key in record)) {
          if (!doc.mayBeAbsent?.[subPath]) problems.push(`${subPath}: missing`);
          continue;
        }
        walk(record[key], sub, subPath);
      }
    }
  };
  walk(value, doc.example, '');
  return problems;
}

/** The documented example of this name. */
export function documented(name: string): DocumentedExample {
  const doc = DOCUMENTED_EXAMPLES.find((d) => d.name === name);
  if (!doc) throw new Error(`no documented example named ${name}`);
  return doc;
}
