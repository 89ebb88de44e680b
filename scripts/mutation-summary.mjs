// Prints the per-file table of a Stryker JSON report: killed, survived, timeout, no coverage, ignored and the
// score of covered mutants ((killed + timeout) / (killed + timeout + survived)), which is what the ≥ 90 % target
// is measured on. Usage: node scripts/mutation-summary.mjs [reports/mutation/mutation.json]
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(file, 'utf8'));
const rows = [];
const total = { killed: 0, survived: 0, timeout: 0, noCoverage: 0, ignored: 0, other: 0 };
for (const [name, { mutants }] of Object.entries(report.files).sort(([a], [b]) =>
  a.localeCompare(b),
)) {
  const c = { killed: 0, survived: 0, timeout: 0, noCoverage: 0, ignored: 0, other: 0 };
  for (const m of mutants) {
    const key =
      {
        Killed: 'killed',
        Survived: 'survived',
        Timeout: 'timeout',
        NoCoverage: 'noCoverage',
        Ignored: 'ignored',
      }[m.status] ?? 'other';
    c[key]++;
    total[key]++;
  }
  rows.push([name, c]);
}
rows.push(['all files', total]);
const score = (c) => {
  const covered = c.killed + c.timeout + c.survived;
  return covered ? ((100 * (c.killed + c.timeout)) / covered).toFixed(1) : 'n/a';
};
const width = Math.max(...rows.map(([n]) => n.length));
console.log(
  `${'file'.padEnd(width)} | killed | survived | timeout | no cov | ignored | errors | covered score`,
);
for (const [name, c] of rows) {
  const cells = [c.killed, c.survived, c.timeout, c.noCoverage, c.ignored, c.other].map((n, i) =>
    String(n).padStart([6, 8, 7, 6, 7, 6][i]),
  );
  console.log(`${name.padEnd(width)} | ${cells.join(' | ')} | ${score(c).padStart(6)}`);
}
