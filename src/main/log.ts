/** A structured logger that cannot leak tokens: values under secret-named keys and secret-looking strings are redacted. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Registers a live secret (a token, a code, a verifier) so that any exact occurrence is redacted too. */
  addSecret(value: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (line: string) => void;

const SECRET_KEY =
  /^(access_?token|refresh_?token|id_?token|token|code|code_?verifier|verifier|client_?secret|password|authorization|cookie|assertion|nonce)$/i;
const SECRET_IN_TEXT: Array<[RegExp, string]> = [
  [
    /\b(access_token|refresh_token|id_token|code|code_verifier|state|nonce|token|password)=[^&\s"'#]+/gi,
    '$1=[redacted]',
  ],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.?[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  [
    /("(?:access_token|refresh_token|id_token|code|code_verifier|password)"\s*:\s*)"[^"]*"/gi,
    '$1"[redacted]"',
  ],
];

/** Redacts secrets from any value, returning a JSON-safe copy. */
export function redact(
  value: unknown,
  secrets: ReadonlySet<string> = new Set(),
  depth = 0,
): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[…]';
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message, secrets) };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      SECRET_KEY.test(k) && v !== null && v !== undefined
        ? '[redacted]'
        : redact(v, secrets, depth + 1);
  }
  return out;
}

/** Redacts secret-looking fragments and registered secrets from a string. */
export function redactText(text: string, secrets: ReadonlySet<string> = new Set()): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 8) out = out.split(s).join('[redacted]');
  }
  for (const [re, replacement] of SECRET_IN_TEXT) out = out.replace(re, replacement);
  return out;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Creates a logger writing one JSON line per entry to `sink`. */
export function createLogger(
  sink: LogSink,
  minLevel: LogLevel = 'info',
  now: () => Date = () => new Date(),
): Logger {
  const secrets = new Set<string>();
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    const entry = {
      time: now().toISOString(),
      level,
      message: redactText(message, secrets),
      ...(fields ? (redact(fields, secrets) as object) : {}),
    };
    sink(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    addSecret: (value) => {
      if (value) secrets.add(value);
    },
  };
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = createLogger(() => {}, 'error');

/**
 * A short, code-like value from an upstream error body (an OAuth `error`, Tapkey's `errorCode`), fit for a log;
 * anything longer or with other characters is replaced, so free text from a server never lands in the log.
 */
export function errorCodeForLog(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' && /^[A-Za-z0-9_.:-]{1,60}$/.test(value)
    ? value
    : '[unreadable]';
}
