import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { decodeQrPixels, fitWithin, type Pixels } from './qrScanner';

const URL = 'https://liao.example/m/qr/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MC1fYWJjZGVmZ2g';

/** The code drawn as a camera would see it: `scale` px per module, a quiet zone, on a larger page. */
function render(text: string, scale: number, dark: number, light: number): Pixels {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const margin = 4 * scale + 37;
  const side = modules.size * scale + 2 * margin;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const mx = Math.floor((x - margin) / scale);
      const my = Math.floor((y - margin) / scale);
      const inside = mx >= 0 && my >= 0 && mx < modules.size && my < modules.size;
      const value = inside && modules.get(my, mx) ? dark : light;
      data.fill(value, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  return { data, width: side, height: side };
}

describe('reading QR codes', () => {
  it('reads the sign-in URL back from a drawn code', () => {
    expect(decodeQrPixels(render(URL, 4, 0, 255))).toBe(URL);
  });

  it('reads a light-on-dark code (a photo of a dark screen) only when asked to try harder', () => {
    const inverted = render(URL, 4, 255, 0);
    expect(decodeQrPixels(inverted)).toBeNull();
    expect(decodeQrPixels(inverted, true)).toBe(URL);
  });

  it('finds nothing in a blank frame', () => {
    const blank = { data: new Uint8ClampedArray(200 * 200 * 4).fill(200), width: 200, height: 200 };
    expect(decodeQrPixels(blank, true)).toBeNull();
  });

  it('scales frames down to the longest side, never up', () => {
    expect(fitWithin(1920, 1080, 640)).toEqual({ width: 640, height: 360 });
    expect(fitWithin(480, 640, 640)).toEqual({ width: 480, height: 640 });
    expect(fitWithin(3000, 100, 640)).toEqual({ width: 640, height: 21 });
  });
});
