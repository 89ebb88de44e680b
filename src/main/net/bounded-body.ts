/**
 * Reading response bodies with a byte limit. A server (or anything between us and it) can send an endless or a huge
 * body; reading it whole first would take the process's memory with it. Every HTTP answer the app reads goes
 * through here, with a limit that fits what is expected.
 */

/** The limits per kind of answer: lists of thousands of locks fit easily; token and discovery answers are small. */
export const BODY_LIMITS = {
  /** A Tapkey Web API answer (a page of a list, or one object). */
  api: 64 * 1024 * 1024,
  /** A token, revocation or discovery answer of the authorization server. */
  authServer: 1024 * 1024,
} as const;

/** Thrown when a body passes its limit; the read has been stopped and the stream cancelled. */
export class BodyTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`The answer is larger than ${limitBytes} bytes.`);
    this.name = 'BodyTooLarge';
  }
}

/**
 * Reads a body as UTF-8 text, chunk by chunk, and stops with BodyTooLarge as soon as more than `maxBytes` arrive.
 * Accepts a fetch body (a web ReadableStream) or a Node stream (any async iterable of bytes). A null body is "".
 */
export async function readBoundedText(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | null,
  maxBytes: number,
): Promise<string> {
  if (body === null) return '';
  // Bytes are kept as they come and decoded once at the end: a body refused at the limit then never costs its
  // decoded copy as well (the peak of an endless body stays near the limit, not twice it).
  const chunks: Uint8Array[] = [];
  let received = 0;
  const iterator = (
    Symbol.asyncIterator in body
      ? (body as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]()
      : iterateWebStream(body as ReadableStream<Uint8Array>)
  ) as AsyncIterator<Uint8Array | string>;
  try {
    for (;;) {
      const { value, done } = await iterator.next();
      if (done) break;
      const chunk = typeof value === 'string' ? new TextEncoder().encode(value) : value;
      received += chunk.byteLength;
      if (received > maxBytes) throw new BodyTooLarge(maxBytes);
      chunks.push(chunk);
    }
  } catch (e) {
    // Stops the transfer: a fetch body is cancelled, a Node stream destroyed.
    await iterator.return?.().catch(() => undefined);
    throw e;
  }
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  for (let i = 0; i < chunks.length; i++) {
    parts.push(decoder.decode(chunks[i], { stream: true }));
    // Each chunk is let go as soon as it is decoded.
    chunks[i] = EMPTY;
  }
  parts.push(decoder.decode());
  return parts.join('');
}

const EMPTY = new Uint8Array(0);

async function* iterateWebStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
