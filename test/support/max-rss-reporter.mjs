// Preloaded into a process under test (node --import): on exit, writes its peak resident memory to stderr, so a
// test can check a bound on memory without an outside tool.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `max-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
