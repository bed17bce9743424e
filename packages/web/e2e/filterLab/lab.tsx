import { Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../../src/styles/fonts.css';
import '../../src/styles/layers.css';
import '../../src/styles/tokens.css';
import '../../src/styles/base.css';
import './lab.css';
import { initI18n, type Locale } from '../../src/app/i18n';
import {
  type FilteredCamera,
  type FilterLevel,
  type FilterOptions,
  FilterPanel,
  type FilterStats,
  loadFilterEngine,
} from '../../src/features/calls/filters';

/*
 * A page for the call filters' browser test: it runs the engine on the fake camera and measures
 * pixels of what goes in and what comes out, and shows the panel over the live preview for the
 * screenshots. The test drives it through window.lab.
 */

export interface FrameMeasure {
  width: number;
  height: number;
  /** Mean over pixels of the largest difference between two channels: 0 is grey. */
  colourSpread: number;
  /** Mean squared Laplacian of luma: the picture's fine detail. */
  detail: number;
}

const snapshots = new Map<string, ImageData>();
let camera: FilteredCamera | null = null;
const input = document.createElement('video');
const output = document.createElement('video');
for (const video of [input, output]) {
  video.muted = true;
  video.playsInline = true;
}

/** Resolves after `count` new frames reached the element, so a change of options is on screen. */
async function freshFrames(video: HTMLVideoElement, count: number): Promise<void> {
  for (let i = 0; i < count; i++)
    await new Promise<void>((resolve) => video.requestVideoFrameCallback(() => resolve()));
}

function pixels(video: HTMLVideoElement): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) throw new Error('no 2d canvas');
  g.drawImage(video, 0, 0);
  return g.getImageData(0, 0, canvas.width, canvas.height);
}

function measure(image: ImageData): FrameMeasure {
  const { width, height, data } = image;
  const luma = new Float32Array(width * height);
  let spread = 0;
  for (let i = 0; i < width * height; i++) {
    const r = data[i * 4] ?? 0;
    const g = data[i * 4 + 1] ?? 0;
    const b = data[i * 4 + 2] ?? 0;
    spread += Math.max(Math.abs(r - g), Math.abs(g - b), Math.abs(r - b));
    luma[i] = 0.299 * r + 0.587 * g + 0.114 * b;
  }
  let detail = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const l =
        4 * (luma[i] ?? 0) -
        (luma[i - 1] ?? 0) -
        (luma[i + 1] ?? 0) -
        (luma[i - width] ?? 0) -
        (luma[i + width] ?? 0);
      detail += l * l;
    }
  }
  return {
    width,
    height,
    colourSpread: spread / (width * height),
    detail: detail / ((width - 2) * (height - 2)),
  };
}

const lab = {
  /**
   * Starts the engine on a new camera track. `withoutTrackProcessor` hides Chromium's
   * MediaStreamTrackProcessor, so the engine takes the <video> way Safari and Firefox take.
   */
  async start(options: FilterOptions, { withoutTrackProcessor = false } = {}): Promise<void> {
    camera?.stop();
    if (withoutTrackProcessor) {
      Object.defineProperty(globalThis, 'MediaStreamTrackProcessor', {
        value: undefined,
        configurable: true,
      });
    }
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
    const [track] = stream.getVideoTracks();
    if (!track) throw new Error('no camera track');
    const { createFilteredCamera, supportsFilters } = await loadFilterEngine();
    if (!supportsFilters()) throw new Error('filters unsupported here');
    camera = createFilteredCamera(track, options);
    input.srcObject = new MediaStream([track]);
    output.srcObject = new MediaStream([camera.track]);
    await Promise.all([input.play(), output.play()]);
    await Promise.all([freshFrames(input, 2), freshFrames(output, 2)]);
  },
  async set(options: FilterOptions): Promise<void> {
    camera?.set(options);
    // The frame on screen may have been drawn before the change: wait for ones drawn after.
    await freshFrames(output, 3);
  },
  stats(): FilterStats | null {
    return camera?.stats() ?? null;
  },
  outputSettings(): MediaTrackSettings | null {
    return camera?.track.getSettings() ?? null;
  },
  async grab(which: 'input' | 'output', name?: string): Promise<FrameMeasure> {
    const video = which === 'input' ? input : output;
    await freshFrames(video, 1);
    const image = pixels(video);
    if (name) snapshots.set(name, image);
    return measure(image);
  },
  /** Mean absolute difference per channel between two snapshots (0–255). */
  difference(a: string, b: string): number {
    const one = snapshots.get(a);
    const two = snapshots.get(b);
    if (!one || !two || one.data.length !== two.data.length) throw new Error('snapshots differ in size');
    let sum = 0;
    for (let i = 0; i < one.data.length; i += 4) {
      for (let c = 0; c < 3; c++) sum += Math.abs((one.data[i + c] ?? 0) - (two.data[i + c] ?? 0));
    }
    return sum / ((one.data.length / 4) * 3);
  },
  stop(): void {
    camera?.stop();
    camera = null;
  },
  /** The panel over the live preview, as a call shows it, for the screenshots. */
  showPanel(locale: Locale, options: FilterOptions, level: FilterLevel): void {
    initI18n(locale);
    const root = document.getElementById('root');
    if (!root) throw new Error('no #root');
    createRoot(root).render(<LabScreen initial={options} level={level} />);
  },
};

function LabScreen({ initial, level }: { initial: FilterOptions; level: FilterLevel }) {
  const [value, setValue] = useState(initial);
  useEffect(() => camera?.set(value), [value]);
  const preview = camera?.track ?? null;
  const rawCamera = (input.srcObject as MediaStream | null)?.getVideoTracks()[0] ?? null;
  return (
    <div className="lab">
      <video
        className="lab__preview"
        autoPlay
        muted
        playsInline
        ref={(video) => {
          if (video && preview && video.srcObject === null) video.srcObject = new MediaStream([preview]);
        }}
      />
      <div className="lab__panel">
        <Suspense fallback={null}>
          <FilterPanel
            value={value}
            onChange={setValue}
            preview={rawCamera}
            level={level}
            stickers={camera?.stats().stickers}
          />
        </Suspense>
      </div>
    </div>
  );
}

declare global {
  interface Window {
    lab: typeof lab;
  }
}
window.lab = lab;
