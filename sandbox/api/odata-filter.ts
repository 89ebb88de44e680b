/** A compiled `$filter`: true when an item matches. */
export type Predicate = (item: Readonly<Record<string, unknown>>) => boolean;

/** Field name → literal type the sandbox can compare; anything else is "not supported". */
export type FilterFields = Readonly<Record<string, 'string' | 'boolean' | 'guid'>>;

type Token = { kind: 'name'; text: string } | { kind: 'string'; value: string } | { kind: 'punct'; text: '(' | ')' };

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
      // OData string literal: a doubled quote stands for one quote.
      let value = '';
      i++;
      for (;;) {
        if (i >= input.length) throw new Error('unterminated string literal');
        if (input[i] === "'") {
          if (input[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += input[i];
        i++;
      }
      tokens.push({ kind: 'string', value });
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
 * Compiles the `$filter` subset Tapkey's own code uses: `field eq literal` joined with `and` / `or`
 * and parentheses. Anything else throws, so the API can answer 400 rather than silently ignore it.
 */
export function compileFilter(input: string, fields: FilterFields): Predicate {
  const tokens = tokenize(input);
  let pos = 0;
  const peekName = (): string | undefined => {
    const t = tokens[pos];
    return t?.kind === 'name' ? t.text.toLowerCase() : undefined;
  };

  const parseOr = (): Predicate => {
    const parts = [parseAnd()];
    while (peekName() === 'or') {
      pos++;
      parts.push(parseAnd());
    }
    return parts.length === 1 ? (parts[0] as Predicate) : (item) => parts.some((p) => p(item));
  };
  const parseAnd = (): Predicate => {
    const parts = [parseTerm()];
    while (peekName() === 'and') {
      pos++;
      parts.push(parseTerm());
    }
    return parts.length === 1 ? (parts[0] as Predicate) : (item) => parts.every((p) => p(item));
  };
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
    if (op?.kind !== 'name' || op.text !== 'eq') throw new Error("only the 'eq' operator is supported");
    const literal = tokens[pos + 2];
    pos += 3;
    const type = fields[field];
    if (type === 'boolean') {
      if (literal?.kind !== 'name' || (literal.text !== 'true' && literal.text !== 'false')) throw new Error(`'${field}' compares with true or false`);
      const want = literal.text === 'true';
      return (item) => item[field] === want;
    }
    if (literal?.kind !== 'string') throw new Error(`'${field}' compares with a quoted string`);
    const want = literal.value;
    // GUIDs compare case-insensitively, as they do in Tapkey's .NET back end.
    if (type === 'guid') return (item) => typeof item[field] === 'string' && (item[field] as string).toLowerCase() === want.toLowerCase();
    return (item) => item[field] === want;
  };

  const predicate = parseOr();
  if (pos !== tokens.length) throw new Error('unexpected text after the filter expression');
  return predicate;
}
