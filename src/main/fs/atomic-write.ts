import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** What a file is written from: the whole text or bytes, or a stream of them (written as they come). */
export type FileContent = string | Uint8Array | AsyncIterable<string | Uint8Array>;

/**
 * Writes `file` whole or not at all, readable by its owner only (0600). The content goes to a temp file with a
 * unique name in the same folder (the same file system, so the final rename is atomic), is flushed to disk,
 * then replaces `file`. On any failure, the content's own included, the temp file is removed and `file` is left
 * as it was. A streamed content is written chunk by chunk: memory stays one chunk deep.
 */
export async function writeFileAtomic(file: string, content: FileContent): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      const write = (chunk: string | Uint8Array) =>
        typeof chunk === 'string' ? handle.write(chunk) : handle.write(chunk);
      if (typeof content === 'string' || content instanceof Uint8Array) await write(content);
      else for await (const chunk of content) await write(chunk);
      // On disk before it takes the file's place: a crash just after the rename must not leave it empty.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
}
