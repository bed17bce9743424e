import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import assets from './humanAssets.json';
import { backendsFrom, chooseBackend, humanConfig } from './humanConfig';

describe('human for stickers', () => {
  it('runs on the GPU only where there is a real one, on WebAssembly otherwise', () => {
    expect(chooseBackend('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(
      'webgl',
    );
    expect(chooseBackend('Apple M2')).toBe('webgl');
    expect(
      chooseBackend(
        'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      ),
    ).toBe('wasm');
    expect(chooseBackend('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('wasm');
    expect(chooseBackend('Microsoft Basic Render Driver')).toBe('wasm');
    expect(chooseBackend('')).toBe('wasm');
  });

  it('falls back towards the CPU, which comes last', () => {
    expect(backendsFrom('webgl')).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendsFrom('wasm')).toEqual(['wasm', 'cpu']);
    expect(backendsFrom('cpu')).toEqual(['cpu']);
  });

  it('loads only the face detector and mesh, from the given base, and switches everything else off', () => {
    const config = humanConfig(
      'wasm',
      'https://liao.example/vendor/human/',
      'https://liao.example/vendor/tfjs/',
    );
    expect(config.backend).toBe('wasm');
    expect(config.modelBasePath).toBe('https://liao.example/vendor/human/');
    // Human's default is a CDN: the .wasm files come from our origin, whatever the backend.
    expect(config.wasmPath).toBe('https://liao.example/vendor/tfjs/');
    expect(humanConfig('webgl', 'https://a/', 'https://a/w/').wasmPath).toBe('https://a/w/');
    expect(config.cacheModels).toBe(false);
    expect(config.warmup).toBe('none');
    const face = config.face ?? {};
    const on = Object.entries(face)
      .filter(
        ([, part]) => typeof part === 'object' && part !== null && (part as { enabled?: boolean }).enabled,
      )
      .map(([name]) => name);
    expect(on.sort()).toEqual(['detector', 'mesh']);
    for (const other of [
      config.body,
      config.hand,
      config.object,
      config.segmentation,
      config.gesture,
      config.filter,
    ]) {
      expect(other?.enabled).toBe(false);
    }
    // The files the build copies are exactly those two models'.
    const models = [face.detector?.modelPath, face.mesh?.modelPath];
    expect(assets.modelFiles.filter((f) => f.endsWith('.json')).sort()).toEqual(models.sort());
    expect(assets.basePath).toBe('/vendor/human/');
  });

  it('the build copies the plain and SIMD .wasm files of tfjs 4.22.0, the version human bundles', async () => {
    expect(assets.wasmBasePath).toBe('/vendor/tfjs/');
    // Not the threaded build: tfjs asks for it only with SharedArrayBuffer (cross-origin isolation).
    expect([...assets.wasmFiles].sort()).toEqual(['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm']);
    // The JavaScript half is inside human's bundle, the .wasm half from the package: they must
    // be one version. Human's dist/ says which tfjs it bundles.
    const require = createRequire(import.meta.url);
    const humanDist = path.dirname(require.resolve('@vladmandic/human'));
    const bundled: { version: Record<string, string> } = await import(
      pathToFileURL(path.join(humanDist, 'tfjs.version.js')).href
    );
    const shipped: { version: string } = require('@tensorflow/tfjs-backend-wasm/package.json');
    expect(bundled.version['tfjs-backend-wasm']).toBe('4.22.0');
    expect(shipped.version).toBe(bundled.version['tfjs-backend-wasm']);
  });
});
