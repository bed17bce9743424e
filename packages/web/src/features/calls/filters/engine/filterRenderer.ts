import { LUT_SIZE } from '../model/lut';
import { type FilterLevel, LEVEL_SETTINGS } from '../model/stepDown';
import type { Sprite } from '../model/stickerPlacement';
import { FULL_FRAME_VERTEX, frameFragment, SPRITE_FRAGMENT, SPRITE_VERTEX } from './shaders';
import { type AtlasCells, drawStickerAtlas } from './stickerArt';

/** What one frame is drawn with. */
export interface FrameParams {
  /** 0–1, the panel's beauty strength. */
  beauty: number;
  level: FilterLevel;
  sprites: readonly Sprite[];
}

/** A frame source WebGL can upload: a VideoFrame, or a <video> element in the fallback. */
export type FrameImage = VideoFrame | HTMLVideoElement;

/**
 * The smoothing's reach at full strength, in pixels of a 480-line frame: about the size of a
 * pore-and-blemish patch on a face filling the frame; scaled with the frame's height.
 */
const SMOOTH_RADIUS_AT_480 = 7;

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new Error('WebGL could not create a shader.');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS) && !gl.isContextLost()) {
    throw new Error(`Shader did not compile: ${gl.getShaderInfoLog(shader)}`);
  }
  return shader;
}

function link(gl: WebGL2RenderingContext, vertex: string, fragment: string): WebGLProgram {
  const program = gl.createProgram();
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, vertex));
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, fragment));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS) && !gl.isContextLost()) {
    throw new Error(`Program did not link: ${gl.getProgramInfoLog(program)}`);
  }
  return program;
}

/** Uniform locations looked up once per program. */
function uniforms<K extends string>(gl: WebGL2RenderingContext, program: WebGLProgram, names: readonly K[]) {
  return Object.fromEntries(names.map((n) => [n, gl.getUniformLocation(program, n)])) as Record<
    K,
    WebGLUniformLocation | null
  >;
}

const FRAME_UNIFORMS = [
  'u_frame',
  'u_lut',
  'u_texel',
  'u_radius',
  'u_smooth',
  'u_brighten',
  'u_lutOn',
] as const;
const SPRITE_UNIFORMS = ['u_canvas', 'u_centre', 'u_size', 'u_angle', 'u_cell', 'u_atlas'] as const;

interface FrameProgram {
  program: WebGLProgram;
  at: Record<(typeof FRAME_UNIFORMS)[number], WebGLUniformLocation | null>;
}

/**
 * Draws filtered camera frames into a canvas with WebGL2: the frame pass, then the sticker
 * sprites. Holds its GPU objects; `dispose` frees them. After a lost context (the GPU was
 * reset) it rebuilds them on the next frame.
 */
export class FilterRenderer {
  private readonly gl: WebGL2RenderingContext;
  private framePrograms = new Map<number, FrameProgram>();
  private sprite!: {
    program: WebGLProgram;
    at: Record<(typeof SPRITE_UNIFORMS)[number], WebGLUniformLocation | null>;
  };
  private frameTexture!: WebGLTexture;
  private lutTexture!: WebGLTexture;
  private atlasTexture!: WebGLTexture;
  private quad!: WebGLVertexArrayObject;
  private corners!: WebGLBuffer;
  private cells!: AtlasCells;
  private lut: Uint8Array | null = null;
  private lost = false;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const gl = canvas.getContext('webgl2', {
      alpha: false,
      antialias: false,
      depth: false,
      stencil: false,
      premultipliedAlpha: true,
      // captureStream reads the canvas after the frame is drawn; keeping the buffer avoids a
      // blank frame where a browser composites later than it captures.
      preserveDrawingBuffer: true,
    });
    if (!gl) throw new Error('WebGL2 is not available.');
    this.gl = gl;
    canvas.addEventListener('webglcontextlost', this.onLost);
    canvas.addEventListener('webglcontextrestored', this.onRestored);
    this.build();
  }

  /** The renderer's name, to tell a real GPU from a software one. */
  rendererName(): string {
    const gl = this.gl;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  }

  /** Sets the look's table, or none for the camera's own colours. */
  setLook(table: Uint8Array | null): void {
    this.lut = table;
    if (table && !this.lost) this.uploadLut(table);
  }

  draw(image: FrameImage, width: number, height: number, params: FrameParams): void {
    if (this.lost) return;
    const gl = this.gl;
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    gl.viewport(0, 0, width, height);

    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.frameTexture);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, image);

    const frame = this.frameProgram(LEVEL_SETTINGS[params.level].blurTaps);
    // biome-ignore lint/correctness/useHookAtTopLevel: WebGL's useProgram, not a React hook
    gl.useProgram(frame.program);
    gl.uniform1i(frame.at.u_frame, 0);
    gl.uniform1i(frame.at.u_lut, 1);
    gl.uniform2f(frame.at.u_texel, 1 / width, 1 / height);
    gl.uniform1f(frame.at.u_radius, (2 + SMOOTH_RADIUS_AT_480 * params.beauty) * (height / 480));
    gl.uniform1f(frame.at.u_smooth, params.beauty);
    gl.uniform1f(frame.at.u_brighten, params.beauty);
    gl.uniform1i(frame.at.u_lutOn, this.lut ? 1 : 0);
    gl.activeTexture(gl.TEXTURE1);
    gl.bindTexture(gl.TEXTURE_3D, this.lutTexture);
    gl.disable(gl.BLEND);
    gl.bindVertexArray(null);
    gl.drawArrays(gl.TRIANGLES, 0, 3);

    if (params.sprites.length > 0) this.drawSprites(params.sprites, width, height);
  }

  dispose(): void {
    this.canvas.removeEventListener('webglcontextlost', this.onLost);
    this.canvas.removeEventListener('webglcontextrestored', this.onRestored);
    if (!this.lost) this.release();
    // Frees the context now rather than when the canvas is collected: browsers cap live contexts.
    this.gl.getExtension('WEBGL_lose_context')?.loseContext();
  }

  private drawSprites(sprites: readonly Sprite[], width: number, height: number): void {
    const gl = this.gl;
    const { program, at } = this.sprite;
    // biome-ignore lint/correctness/useHookAtTopLevel: WebGL's useProgram, not a React hook
    gl.useProgram(program);
    gl.bindVertexArray(this.quad);
    gl.activeTexture(gl.TEXTURE2);
    gl.bindTexture(gl.TEXTURE_2D, this.atlasTexture);
    gl.uniform1i(at.u_atlas, 2);
    gl.uniform2f(at.u_canvas, width, height);
    gl.enable(gl.BLEND);
    // The atlas holds premultiplied colours (uploaded so), hence ONE for the source.
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    for (const sprite of sprites) {
      gl.uniform2f(at.u_centre, sprite.x, sprite.y);
      gl.uniform2f(at.u_size, sprite.width, sprite.height);
      gl.uniform1f(at.u_angle, sprite.angle);
      gl.uniform4fv(at.u_cell, this.cells[sprite.art]);
      gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    }
    gl.bindVertexArray(null);
  }

  private frameProgram(taps: number): FrameProgram {
    let frame = this.framePrograms.get(taps);
    if (!frame) {
      const program = link(this.gl, FULL_FRAME_VERTEX, frameFragment(taps));
      frame = { program, at: uniforms(this.gl, program, FRAME_UNIFORMS) };
      this.framePrograms.set(taps, frame);
    }
    return frame;
  }

  private texture(target: number): WebGLTexture {
    const gl = this.gl;
    const texture = gl.createTexture();
    gl.bindTexture(target, texture);
    gl.texParameteri(target, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
    gl.texParameteri(target, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
    gl.texParameteri(target, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(target, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    if (target === gl.TEXTURE_3D) gl.texParameteri(target, gl.TEXTURE_WRAP_R, gl.CLAMP_TO_EDGE);
    return texture;
  }

  private uploadLut(table: Uint8Array): void {
    const gl = this.gl;
    gl.activeTexture(gl.TEXTURE1);
    gl.bindTexture(gl.TEXTURE_3D, this.lutTexture);
    // LINEAR filtering on a 3D texture is the trilinear interpolation between table points.
    gl.texImage3D(
      gl.TEXTURE_3D,
      0,
      gl.RGBA8,
      LUT_SIZE,
      LUT_SIZE,
      LUT_SIZE,
      0,
      gl.RGBA,
      gl.UNSIGNED_BYTE,
      table,
    );
  }

  private build(): void {
    const gl = this.gl;
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    this.frameTexture = this.texture(gl.TEXTURE_2D);
    this.lutTexture = this.texture(gl.TEXTURE_3D);
    // Until a look is chosen the sampler still needs a complete texture behind it.
    gl.texImage3D(gl.TEXTURE_3D, 0, gl.RGBA8, 1, 1, 1, 0, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
    if (this.lut) this.uploadLut(this.lut);

    const atlas = drawStickerAtlas();
    this.cells = atlas.cells;
    this.atlasTexture = this.texture(gl.TEXTURE_2D);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, true);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, atlas.image);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);

    const program = link(gl, SPRITE_VERTEX, SPRITE_FRAGMENT);
    this.sprite = { program, at: uniforms(gl, program, SPRITE_UNIFORMS) };
    this.quad = gl.createVertexArray();
    gl.bindVertexArray(this.quad);
    this.corners = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, this.corners);
    gl.bufferData(
      gl.ARRAY_BUFFER,
      new Float32Array([-0.5, -0.5, 0.5, -0.5, -0.5, 0.5, 0.5, 0.5]),
      gl.STATIC_DRAW,
    );
    const location = gl.getAttribLocation(program, 'a_corner');
    gl.enableVertexAttribArray(location);
    gl.vertexAttribPointer(location, 2, gl.FLOAT, false, 0, 0);
    gl.bindVertexArray(null);
  }

  private release(): void {
    const gl = this.gl;
    for (const { program } of this.framePrograms.values()) gl.deleteProgram(program);
    this.framePrograms.clear();
    gl.deleteProgram(this.sprite.program);
    gl.deleteTexture(this.frameTexture);
    gl.deleteTexture(this.lutTexture);
    gl.deleteTexture(this.atlasTexture);
    gl.deleteVertexArray(this.quad);
    gl.deleteBuffer(this.corners);
  }

  private readonly onLost = (event: Event) => {
    // Asking to have it back: without preventDefault the browser never restores the context.
    event.preventDefault();
    this.lost = true;
    this.framePrograms.clear();
  };

  private readonly onRestored = () => {
    this.lost = false;
    this.build();
  };
}
