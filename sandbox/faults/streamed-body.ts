import type { ServerResponse } from 'node:http';
import type { RequestTarget } from './fault-engine';

/** How a huge or endless body starts and ends, per target, so that it looks like the answer a client expects. */
function jsonFrame(target: RequestTarget): { start: string; end: string } {
  if (target === 'api') return { start: '[{"id":"', end: '"}]' };
  if (target === 'token') return { start: '{"token_type":"Bearer","access_token":"', end: '"}' };
  if (target === 'discovery') return { start: '{"issuer":"', end: '"}' };
  return { start: '{"data":"', end: '"}' };
}

const CHUNK = Buffer.alloc(64 * 1024, 'a');

/**
 * Answers 200 with a JSON body that starts like the expected answer and then goes on for `paddingBytes` bytes (or
 * forever, when null), written chunk by chunk as the client reads: the sandbox never holds the body, so a 5 GB
 * answer costs it 64 KB. Stops as soon as the client goes away.
 */
export async function streamLongBody(
  res: ServerResponse,
  target: RequestTarget,
  paddingBytes: number | null,
): Promise<void> {
  const { start, end } = jsonFrame(target);
  let gone = false;
  res.once('close', () => (gone = true));
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    // A known size is announced, as a real server would; an endless body is chunked.
    ...(paddingBytes === null
      ? {}
      : {
          'Content-Length': String(
            Buffer.byteLength(start) + paddingBytes + Buffer.byteLength(end),
          ),
        }),
  });
  res.write(start);
  let left = paddingBytes ?? Infinity;
  while (left > 0 && !gone) {
    const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
    left -= piece.length;
    // Backpressure: wait until the client has taken what was sent (or has gone).
    if (!res.write(piece) && !gone) await drainedOrClosed(res);
  }
  if (!gone) res.end(end);
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
