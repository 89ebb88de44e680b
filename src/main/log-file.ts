import { appendFileSync, chmodSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { LogSink } from './log';

/** Where and how much the log file keeps. */
export interface LogFileOptions {
  /** e.g. `<logs>/main.log`; rotated copies are `main.log.1` (newest) … `main.log.{files-1}`. */
  file: string;
  /** Size at which the file is rotated (default 1 MiB). */
  maxBytes?: number;
  /** Files kept in all, the current one included (default 3). */
  files?: number;
}

const OWNER_ONLY = 0o600;
/** A single entry larger than this is replaced by a note, so one huge value cannot blow the cap. */
const MAX_LINE_BYTES = 16 * 1024;

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Makes an existing file owner-only; a missing one is fine (it is created with that mode). */
function restrict(file: string): void {
  try {
    chmodSync(file, OWNER_ONLY);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/**
 * A log sink writing to a capped, rotated file readable by its owner only (mode 0600, existing files included).
 * It receives lines the logger has already redacted. Writing is synchronous so the last lines before a crash
 * are on disk; a failing disk never takes the app down (the line is dropped). Written by hand, not with
 * electron-log: the same logger serves the CLI in plain Node, and this is a few lines.
 */
export function createLogFileSink(options: LogFileOptions): LogSink {
  const { file } = options;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const files = Math.max(1, options.files ?? 3);
  const rotated = (i: number) => `${file}.${i}`;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  for (let i = 0; i < files; i++) restrict(i === 0 ? file : rotated(i));
  let size = sizeOf(file);

  const rotate = () => {
    // Another process may have rotated already: decide on the file as it is now.
    size = sizeOf(file);
    if (size === 0) return;
    if (files === 1) unlinkSync(file);
    else {
      for (let i = files - 1; i >= 1; i--) {
        const from = i === 1 ? file : rotated(i - 1);
        try {
          renameSync(from, rotated(i));
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
    }
    size = 0;
  };

  return (line: string) => {
    try {
      let text = `${line}\n`;
      let bytes = Buffer.byteLength(text);
      if (bytes > MAX_LINE_BYTES) {
        text = `${JSON.stringify({ time: new Date().toISOString(), level: 'warn', message: 'log entry too large; dropped', bytes })}\n`;
        bytes = Buffer.byteLength(text);
      }
      if (size + bytes > maxBytes) rotate();
      // The mode applies when the file is created (the umask can only narrow it); older files were chmodded at open.
      appendFileSync(file, text, { mode: OWNER_ONLY });
      size += bytes;
    } catch {
      // Logging must never break the app; a full or read-only disk loses log lines, nothing else.
    }
  };
}
