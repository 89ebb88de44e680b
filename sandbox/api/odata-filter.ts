/** A compiled `$filter`: true when an item matches. */
export type Predicate = (item: Readonly<Record<string, unknown>>) => boolean;

/** Field name → literal type the sandbox can compare; anything else is "not supported". */
export type FilterFields = Readonly<
  Record<string, 'string' | 'boolean' | 'guid' | 'datetime' | 'number'>
>;

type Token =
  | { kind: 'name'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'date'; ms: number }
  | { kind: 'number'; value: number }
  | { kind: 'punct'; text: '(' | ')' };

type Operator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
const OPERATORS: readonly string[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
// An ISO 8601 date-time literal as OData v4 writes it, unquoted: 2026-01-01T00:00:00Z.
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ISO_LITERAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})/;

function dateMs(text: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new Error(`'${text}' is not a date`);
  return ms;
}

function readQuoted(input: string, start: number): { value: string; end: number } {
  // OData string literal: a doubled quote stands for one quote.
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= input.length) throw new Error('unterminated string literal');
    if (input[i] === "'") {
      if (input[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += input[i];
    i++;
  }
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if (c === "'") {
      const { value, end } = readQuoted(input, i);
      tokens.push({ kind: 'string', value });
      i = end;
    } else if (/^datetime'/i.test(input.slice(i, i + 9))) {
      // OData v3's datetime'…' form, which older Tapkey samples use.
      const { value, end } = readQuoted(input, i + 8);
      tokens.push({ kind: 'date', ms: dateMs(value) });
      i = end;
    } else if (ISO_LITERAL.test(input.slice(i))) {
      const text = (ISO_LITERAL.exec(input.slice(i)) as RegExpExecArray)[0];
      tokens.push({ kind: 'date', ms: dateMs(text) });
      i += text.length;
    } else if (/[-\d]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(input.slice(i));
      if (!m) throw new Error(`unexpected character '${c}'`);
      tokens.push({ kind: 'number', value: Number(m[0]) });
      i += m[0].length;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(input.slice(i));
      if (!m) throw new Error(`unexpected character '${c}'`);
      tokens.push({ kind: 'name', text: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

/**
 * Compiles the `$filter` subset Tapkey's own code uses: `field op literal` (eq, ne, gt, ge, lt, le; strings,
 * booleans, numbers, null, ISO or `datetime'…'` dates) joined with `and` / `or` and parentheses. Anything else throws, so the API can answer 400 rather than silently ignore it.
 */
export function compileFilter(input: string, fields: FilterFields): Predicate {
  const tokens = tokenize(input);
  let pos = 0;
  const peekName = (): string | undefined => {
    const t = tokens[pos];
    return t?.kind === 'name' ? t.text.toLowerCase() : undefined;
  };

  /** Operands of `next` joined by the word `op`: true for some (or) or every (and) of them. */
  const joined = (op: 'or' | 'and', next: () => Predicate): Predicate => {
    const parts = [next()];
    while (peekName() === op) {
      pos++;
      parts.push(next());
    }
    if (parts.length === 1) return parts[0] as Predicate;
    return op === 'or'
      ? (item) => parts.some((p) => p(item))
      : (item) => parts.every((p) => p(item));
  };
  const parseOr = (): Predicate => joined('or', parseAnd);
  const parseAnd = (): Predicate => joined('and', parseTerm);
  const parseTerm = (): Predicate => {
    const first = tokens[pos];
    if (first?.kind === 'punct' && first.text === '(') {
      pos++;
      const inner = parseOr();
      const close = tokens[pos];
      if (close?.kind !== 'punct' || close.text !== ')') throw new Error("expected ')'");
      pos++;
      return inner;
    }
    if (first?.kind !== 'name') throw new Error('expected a field name');
    const field = Object.keys(fields).find((f) => f.toLowerCase() === first.text.toLowerCase());
    if (!field) throw new Error(`filtering on '${first.text}' is not supported`);
    const op = tokens[pos + 1];
    if (op?.kind !== 'name' || !OPERATORS.includes(op.text))
      throw new Error('expected one of the operators eq, ne, gt, ge, lt, le');
    const literal = tokens[pos + 2];
    pos += 3;
    return comparison(field, fields[field] as FilterFields[string], op.text as Operator, literal);
  };

  const predicate = parseOr();
  if (pos !== tokens.length) throw new Error('unexpected text after the filter expression');
  return predicate;
}

function compare(op: Operator, a: number | string, b: number | string): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
  }
}

/** One `field op literal` test; null compares only with eq / ne, and a null field never matches an ordering. */
function comparison(
  field: string,
  type: FilterFields[string],
  op: Operator,
  literal: Token | undefined,
): Predicate {
  if (literal?.kind === 'name' && literal.text === 'null') {
    if (op !== 'eq' && op !== 'ne')
      throw new Error(`'${field}' compares with null only by eq or ne`);
    return op === 'eq'
      ? (item) => item[field] === null || item[field] === undefined
      : (item) => item[field] !== null && item[field] !== undefined;
  }
  const ordered =
    (read: (v: unknown) => number | string | null, want: number | string): Predicate =>
    (item) => {
      const v = read(item[field]);
      if (v === null) return op === 'ne';
      return compare(op, v, want);
    };
  if (type === 'boolean') {
    if (literal?.kind !== 'name' || (literal.text !== 'true' && literal.text !== 'false'))
      throw new Error(`'${field}' compares with true or false`);
    if (op !== 'eq' && op !== 'ne') throw new Error(`'${field}' compares only by eq or ne`);
    const want = literal.text === 'true';
    return op === 'eq' ? (item) => item[field] === want : (item) => item[field] !== want;
  }
  if (type === 'datetime') {
    const want =
      literal?.kind === 'date'
        ? literal.ms
        : literal?.kind === 'string'
          ? dateMs(literal.value)
          : undefined;
    if (want === undefined)
      throw new Error(`'${field}' compares with a date such as 2026-01-01T00:00:00Z`);
    // The seeded data is all canonical toISOString text, which orders like the instants: compare strings then,
    // since parsing 100,000 dates per request made the sandbox, not the client, the bottleneck of log benchmarks.
    const wantIso = new Date(want).toISOString();
    return ordered(
      (v) =>
        typeof v !== 'string'
          ? null
          : CANONICAL_ISO.test(v)
            ? v
            : Number.isFinite(Date.parse(v))
              ? new Date(Date.parse(v)).toISOString()
              : null,
      wantIso,
    );
  }
  if (type === 'number') {
    if (literal?.kind !== 'number') throw new Error(`'${field}' compares with a number`);
    return ordered((v) => (typeof v === 'number' ? v : null), literal.value);
  }
  if (literal?.kind !== 'string') throw new Error(`'${field}' compares with a quoted string`);
  // GUIDs compare case-insensitively, as they do in Tapkey's .NET back end.
  if (type === 'guid')
    return ordered(
      (v) => (typeof v === 'string' ? v.toLowerCase() : null),
      literal.value.toLowerCase(),
    );
  return ordered((v) => (typeof v === 'string' ? v : null), literal.value);
}
