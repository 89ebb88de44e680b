import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyTooLarge, readBoundedText } from './bounded-body';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A real HTTP server that writes `chunks` of `size` bytes (forever when chunks is Infinity). */
async function serve(
  chunks: number,
  size: number,
): Promise<{ url: string; written: () => number }> {
  let written = 0;
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const block = Buffer.alloc(size, 0x61);
    const pump = () => {
      while (written < chunks * size) {
        written += size;
        if (!res.write(block)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`,
    written: () => written,
  };
}

describe('readBoundedText', () => {
  it('reads a body under the limit whole, multi-byte characters split across chunks included', async () => {
    const text = 'Büro 東京 '.repeat(1000);
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) =>
      bytes.subarray(i * 7, i * 7 + 7),
    );
    expect(await readBoundedText(Readable.from(chunks), bytes.length)).toBe(text);
  });

  it('stops an endless fetch body at the limit instead of reading on', async () => {
    const { url, written } = await serve(Infinity, 64 * 1024);
    const res = await fetch(url);
    await expect(readBoundedText(res.body, 1024 * 1024)).rejects.toBeInstanceOf(BodyTooLarge);
    const at = written();
    await new Promise((r) => setTimeout(r, 100));
    // The transfer was cancelled: the server could write at most its buffers' worth more.
    expect(written() - at).toBeLessThan(8 * 1024 * 1024);
  });

  it('accepts a body of exactly the limit and refuses one byte more', async () => {
    expect(await readBoundedText(Readable.from([Buffer.alloc(10, 0x62)]), 10)).toBe('b'.repeat(10));
    await expect(readBoundedText(Readable.from([Buffer.alloc(11, 0x62)]), 10)).rejects.toThrow(
      'larger than 10 bytes',
    );
  });

  it('counts bytes, not characters, when a stream yields text', async () => {
    // Five two-byte characters: 10 bytes, over a limit of 9 although only 5 characters long.
    expect(await readBoundedText(Readable.from(['éé', 'ééé']), 10)).toBe('ééééé');
    await expect(readBoundedText(Readable.from(['éé', 'ééé']), 9)).rejects.toBeInstanceOf(
      BodyTooLarge,
    );
  });

  it('a body cut off inside a multi-byte character ends in a replacement character, not silently short', async () => {
    const cut = Buffer.from('ab東').subarray(0, 4);
    expect(await readBoundedText(Readable.from([cut]), 10)).toBe('ab\uFFFD');
  });

  it('names its limit', () => {
    const e = new BodyTooLarge(1024);
    expect({ name: e.name, message: e.message, limitBytes: e.limitBytes }).toEqual({
      name: 'BodyTooLarge',
      message: 'The answer is larger than 1024 bytes.',
      limitBytes: 1024,
    });
  });

  it('reads a null body as empty text', async () => {
    expect(await readBoundedText(null, 10)).toBe('');
  });
});
