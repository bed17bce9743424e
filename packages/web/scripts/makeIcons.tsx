/**
 * Draws the PWA icons from the app's mark (src/ui/AppMark.tsx), so the installed app
 * wears the same face as the app. Run again after changing the mark, and commit the PNGs:
 *   npx tsx packages/web/scripts/makeIcons.tsx
 */
import path from 'node:path';
import { renderToStaticMarkup } from 'react-dom/server';
import sharp from 'sharp';
import { AppMark } from '../src/ui/AppMark';

const OUT = path.resolve(import.meta.dirname, '../public/icons');

/** The mark as SVG text; ids from useId are made plain so every SVG renderer accepts them. */
function markSvg(size: number): string {
  const svg = renderToStaticMarkup(<AppMark size={size} />);
  return svg.replace(/«|»|:/g, '_').replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" ');
}

/**
 * A maskable icon fills the whole square (the system cuts its own shape) and keeps the mark
 * inside the middle 80 % circle: the tile becomes the full background, the bubble shrinks.
 */
function maskableSvg(size: number): string {
  const inner = markSvg(size)
    .replace(/<rect[^>]*>(<\/rect>)?/, '')
    .replace(
      /width="\d+" height="\d+"/,
      `width="${size * 0.8}" height="${size * 0.8}" x="${size * 0.1}" y="${size * 0.1}"`,
    );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#ff5577"/><stop offset="1" stop-color="#e8173f"/></linearGradient></defs>
<rect width="${size}" height="${size}" fill="url(#bg)"/>${inner}</svg>`;
}

async function write(name: string, svg: string, size: number) {
  await sharp(Buffer.from(svg), { density: 72 * (size / 48) })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(path.join(OUT, name));
  console.log(`${name} ${size}×${size}`);
}

await write('icon-192.png', markSvg(192), 192);
await write('icon-512.png', markSvg(512), 512);
await write('maskable-512.png', maskableSvg(512), 512);
await write('maskable-192.png', maskableSvg(192), 192);
await write('apple-touch-icon.png', maskableSvg(180), 180);
