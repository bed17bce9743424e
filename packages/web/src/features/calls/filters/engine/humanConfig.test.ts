import { describe, expect, it } from 'vitest';
import assets from './humanAssets.json';
import { chooseBackend, humanConfig } from './humanConfig';

describe('human for stickers', () => {
  it('runs on the GPU only where there is a real one', () => {
    expect(chooseBackend('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(
      'webgl',
    );
    expect(chooseBackend('Apple M2')).toBe('webgl');
    expect(
      chooseBackend(
        'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      ),
    ).toBe('cpu');
    expect(chooseBackend('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('cpu');
    expect(chooseBackend('Microsoft Basic Render Driver')).toBe('cpu');
    expect(chooseBackend('')).toBe('cpu');
  });

  it('loads only the face detector and mesh, from the given base, and switches everything else off', () => {
    const config = humanConfig('cpu', 'https://liao.example/vendor/human/');
    expect(config.modelBasePath).toBe('https://liao.example/vendor/human/');
    expect(config.wasmPath).toBe('https://liao.example/vendor/human/');
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
});
