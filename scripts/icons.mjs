// Renders every packaged icon size from the one source image, build/icon.svg, into build/icons/.
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The sizes electron-builder picks from for Linux, and the 1024 it converts into .icns and .ico. */
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** Writes `${size}x${size}.png` for each size into `outDir`; returns the file paths. */
export function renderIcons(source = 'build/icon.svg', outDir = 'build/icons') {
  const svg = readFileSync(source);
  mkdirSync(outDir, { recursive: true });
  return ICON_SIZES.map((size) => {
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
    const file = path.join(outDir, `${size}x${size}.png`);
    writeFileSync(file, png);
    return file;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(renderIcons().join('\n'));
}
