import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOOK_IDS } from './filterOptions';
import { LOOKS, lookTable } from './looks';
import { gradeColor, IDENTITY_LOOK, type LookParams, LUT_SIZE, luma, makeLut, sampleLut } from './lut';

function entry(table: Uint8Array, size: number, ri: number, gi: number, bi: number): number[] {
  const at = ((bi * size + gi) * size + ri) * 4;
  return [...table.subarray(at, at + 4)];
}

const unit = fc.double({ min: 0, max: 1, noNaN: true });
/** Any look the parameters allow, not only the named ones. */
const anyLook: fc.Arbitrary<LookParams> = fc.record({
  temperature: fc.double({ min: -1, max: 1, noNaN: true }),
  tint: fc.double({ min: -1, max: 1, noNaN: true }),
  exposure: fc.double({ min: -1, max: 1, noNaN: true }),
  contrast: fc.double({ min: -1, max: 1, noNaN: true }),
  saturation: fc.double({ min: 0, max: 2, noNaN: true }),
  shadows: fc.record({ hue: fc.double({ min: 0, max: 360, noNaN: true }), amount: unit }),
  highlights: fc.record({ hue: fc.double({ min: 0, max: 360, noNaN: true }), amount: unit }),
  fade: unit,
});

describe('the look tables', () => {
  it('identity parameters give the identity table, within rounding', () => {
    const size = 17;
    const table = makeLut(IDENTITY_LOOK, size);
    expect(table.length).toBe(size ** 3 * 4);
    for (let bi = 0; bi < size; bi++) {
      for (let gi = 0; gi < size; gi++) {
        for (let ri = 0; ri < size; ri++) {
          const expected = [ri, gi, bi].map((i) => Math.round((i / (size - 1)) * 255));
          const [r, g, b, a] = entry(table, size, ri, gi, bi);
          expect([r, g, b]).toEqual(expected);
          expect(a).toBe(255);
        }
      }
    }
  });

  it('lays red fastest, then green, then blue (the order texImage3D reads)', () => {
    const table = makeLut({ ...IDENTITY_LOOK }, 4);
    expect(entry(table, 4, 3, 0, 0).slice(0, 3)).toEqual([255, 0, 0]);
    expect(entry(table, 4, 0, 3, 0).slice(0, 3)).toEqual([0, 255, 0]);
    expect(entry(table, 4, 0, 0, 3).slice(0, 3)).toEqual([0, 0, 255]);
  });

  it('黑白 gives r = g = b at every point', () => {
    const table = lookTable('mono');
    let coloured = 0;
    for (let i = 0; i < table.length; i += 4) {
      if (table[i + 1] !== table[i] || table[i + 2] !== table[i]) coloured++;
    }
    expect(coloured).toBe(0);
  });

  it('every named look keeps the grey axis monotonic: a brighter grey never comes out darker', () => {
    for (const id of LOOK_IDS) {
      const table = lookTable(id);
      let previous = -1;
      for (let i = 0; i < LUT_SIZE; i++) {
        const [r = 0, g = 0, b = 0] = entry(table, LUT_SIZE, i, i, i);
        const y = luma(r, g, b);
        expect(y, `${id} at grey ${i}`).toBeGreaterThanOrEqual(previous - 1e-9);
        previous = y;
      }
    }
  });

  it('any parameters keep each channel monotonic in its own input and inside 0–1', () => {
    fc.assert(
      fc.property(anyLook, unit, unit, unit, unit, (look, r, g, b, more) => {
        const base = gradeColor([r, g, b], look);
        const higher = r + (1 - r) * more;
        const [rOut] = gradeColor([higher, g, b], look);
        for (const c of base) expect(c >= 0 && c <= 1).toBe(true);
        expect(rOut).toBeGreaterThanOrEqual(base[0] - 1e-9);
        // Along the grey axis every channel rises together.
        const grey = gradeColor([r, r, r], look);
        const greyHigher = gradeColor([higher, higher, higher], look);
        expect(luma(...greyHigher)).toBeGreaterThanOrEqual(luma(...grey) - 1e-9);
      }),
    );
  });

  it('any look with saturation 0 and no split toning is grey', () => {
    fc.assert(
      fc.property(anyLook, unit, unit, unit, (look, r, g, b) => {
        const [ro, go, bo] = gradeColor([r, g, b], {
          ...look,
          saturation: 0,
          shadows: { hue: 0, amount: 0 },
          highlights: { hue: 0, amount: 0 },
        });
        expect(go).toBeCloseTo(ro, 12);
        expect(bo).toBeCloseTo(ro, 12);
      }),
    );
  });

  it('the looks differ from the camera and from each other', () => {
    const identity = makeLut(IDENTITY_LOOK);
    const seen = new Set<string>();
    for (const id of LOOK_IDS) {
      const table = lookTable(id);
      let difference = 0;
      for (let i = 0; i < table.length; i++) difference += Math.abs((table[i] ?? 0) - (identity[i] ?? 0));
      expect(difference / table.length, id).toBeGreaterThan(2);
      seen.add(Buffer.from(table).toString('base64'));
    }
    expect(seen.size).toBe(LOOK_IDS.length);
    expect(Object.keys(LOOKS).sort()).toEqual([...LOOK_IDS].sort());
  });

  it('warm looks warm and cool looks cool a mid grey', () => {
    const [wr, , wb] = sampleLut(lookTable('sunny'), LUT_SIZE, 128, 128, 128);
    expect(wr).toBeGreaterThan(wb + 10);
    const [cr, , cb] = sampleLut(lookTable('cool'), LUT_SIZE, 128, 128, 128);
    expect(cb).toBeGreaterThan(cr + 10);
  });

  it('sampling between the points interpolates, as the GPU does, and hits the points exactly', () => {
    const table = makeLut(IDENTITY_LOOK, LUT_SIZE);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        (r, g, b) => {
          const [ro, go, bo] = sampleLut(table, LUT_SIZE, r, g, b);
          // The identity table rounds its points to bytes: half a step either side.
          expect(Math.abs(ro - r)).toBeLessThanOrEqual(0.5);
          expect(Math.abs(go - g)).toBeLessThanOrEqual(0.5);
          expect(Math.abs(bo - b)).toBeLessThanOrEqual(0.5);
        },
      ),
    );
    const mono = lookTable('mono');
    expect(sampleLut(mono, LUT_SIZE, 255, 255, 255)).toEqual(entry(mono, LUT_SIZE, 31, 31, 31).slice(0, 3));
  });
});
