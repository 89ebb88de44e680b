// `npx tsx bench/renderer/run-renderer.ts [owners] [locks] [keystrokes] [runs]`: only the renderer benchmark
// (first render, search keystrokes, sorting every column), printed as JSON lines. Build first (`npm run build`).
import { benchRenderer } from './renderer-bench';

const [owners = 50, locks = 2000, keystrokes = 100, runs = 1] = process.argv.slice(2).map(Number);
for (let i = 0; i < runs; i++) console.log(JSON.stringify(await benchRenderer(owners, locks, keystrokes, true)));
