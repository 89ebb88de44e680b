// `npx tsx bench/renderer/run-renderer.ts [owners] [locks] [keystrokes] [runs]`: only the renderer benchmark
// (first render, search keystrokes, sorting every column), printed as JSON lines. Build first (`npm run build`).
// `--no-sort` skips sorting (a build without a sortable table); BENCH_RENDERER_DIR benches another build.
import { benchRenderer } from './renderer-bench';

const args = process.argv.slice(2);
const sorting = !args.includes('--no-sort');
const [owners = 50, locks = 2000, keystrokes = 100, runs = 1] = args
  .filter((a) => !a.startsWith('--'))
  .map(Number);
for (let i = 0; i < runs; i++)
  console.log(JSON.stringify(await benchRenderer(owners, locks, keystrokes, sorting)));
