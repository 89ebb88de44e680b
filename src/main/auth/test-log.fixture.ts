import { createLogger, type Logger } from '../log';

/** A logger whose lines a test can read, to prove nothing secret was written. */
export function captureLogForTest(): { logger: Logger; text(): string } {
  const lines: string[] = [];
  return { logger: createLogger((l) => lines.push(l), 'debug'), text: () => lines.join('\n') };
}
