import { LUT_SIZE } from '../model/lut';

/**
 * The GLSL the engine runs, one pass for the camera frame (skin smoothing, brightening, the
 * look) and one small program for the sticker sprites drawn over it.
 */

/** A triangle that covers the canvas, from the vertex id alone: no buffer to keep. */
export const FULL_FRAME_VERTEX = `#version 300 es
out vec2 v_uv;
void main() {
  vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
  // Frames are uploaded top row first, so the picture's top is v = 0 and the canvas's top is
  // clip y = 1: flip here, once.
  v_uv = vec2(corner.x, 1.0 - corner.y);
}`;

/**
 * Sample points of the smoothing in a disc of radius 1 (a sunflower spiral spreads any count
 * evenly), with a Gaussian weight each for its distance from the centre: xy, weight.
 */
export function blurTaps(count: number): [number, number, number][] {
  const goldenAngle = Math.PI * (3 - Math.sqrt(5));
  return Array.from({ length: count }, (_, i) => {
    const radius = Math.sqrt((i + 0.5) / count);
    const angle = i * goldenAngle;
    return [
      radius * Math.cos(angle),
      radius * Math.sin(angle),
      Math.exp(-(radius * radius) / (2 * 0.45 * 0.45)),
    ];
  });
}

const glslFloat = (v: number) => v.toFixed(5);

/**
 * The frame pass with `taps` samples of smoothing. The count is compiled in (one program per
 * step-down level) so the loop unrolls and a lower level really does less work.
 */
export function frameFragment(taps: number): string {
  const points = blurTaps(taps)
    .map(([x, y, w]) => `vec3(${glslFloat(x)}, ${glslFloat(y)}, ${glslFloat(w)})`)
    .join(',\n  ');
  return `#version 300 es
precision highp float;
precision highp sampler3D;
in vec2 v_uv;
out vec4 outColor;
uniform sampler2D u_frame;
uniform sampler3D u_lut;
uniform vec2 u_texel;
uniform float u_radius;
uniform float u_smooth;
uniform float u_brighten;
uniform bool u_lutOn;

const int TAPS = ${taps};
const vec3 TAP[TAPS] = vec3[](
  ${points}
);
// How fast a neighbour's weight falls with its difference in colour: the edge-preserving part
// of the bilateral filter. Pores and blemishes differ from the skin around them by less than
// this; eyes, brows and lips by more, so they stay sharp.
const float RANGE_FALLOFF = 40.0;

// A loose skin-tone test in YCbCr, wide enough for every complexion under warm or cool
// light. Skin is smoothed fully, the rest lightly, so hair and clothes keep their texture.
float skinLikelihood(vec3 c) {
  float cb = 0.5 - 0.168736 * c.r - 0.331264 * c.g + 0.5 * c.b;
  float cr = 0.5 + 0.5 * c.r - 0.418688 * c.g - 0.081312 * c.b;
  return smoothstep(0.27, 0.32, cb) * (1.0 - smoothstep(0.50, 0.55, cb))
       * smoothstep(0.50, 0.54, cr) * (1.0 - smoothstep(0.68, 0.73, cr));
}

void main() {
  vec3 centre = texture(u_frame, v_uv).rgb;
  vec3 color = centre;
  if (u_smooth > 0.0) {
    vec3 sum = centre;
    float weights = 1.0;
    for (int i = 0; i < TAPS; i++) {
      vec3 tap = TAP[i];
      vec3 c = texture(u_frame, v_uv + tap.xy * u_radius * u_texel).rgb;
      vec3 d = c - centre;
      float w = tap.z * exp(-dot(d, d) * RANGE_FALLOFF);
      sum += c * w;
      weights += w;
    }
    vec3 smoothed = sum / weights;
    float amount = u_smooth * mix(0.35, 1.0, skinLikelihood(smoothed));
    color = mix(centre, smoothed, amount);
  }
  // Brightening lifts the midtones and leaves black and white where they are.
  color += u_brighten * 0.3 * color * (1.0 - color);
  if (u_lutOn) {
    // Sample at the centres of the table's end cells, so that 0 and 1 map to its first and last points.
    color = texture(u_lut, color * ${glslFloat((LUT_SIZE - 1) / LUT_SIZE)} + ${glslFloat(0.5 / LUT_SIZE)}).rgb;
  }
  outColor = vec4(color, 1.0);
}`;
}

/** One sticker picture as a turned quad: centre, size and angle in the frame's pixels. */
export const SPRITE_VERTEX = `#version 300 es
in vec2 a_corner;
uniform vec2 u_canvas;
uniform vec2 u_centre;
uniform vec2 u_size;
uniform float u_angle;
uniform vec4 u_cell;
out vec2 v_uv;
void main() {
  vec2 p = a_corner * u_size;
  float c = cos(u_angle);
  float s = sin(u_angle);
  p = vec2(p.x * c - p.y * s, p.x * s + p.y * c) + u_centre;
  gl_Position = vec4(p.x / u_canvas.x * 2.0 - 1.0, 1.0 - p.y / u_canvas.y * 2.0, 0.0, 1.0);
  v_uv = mix(u_cell.xy, u_cell.zw, a_corner + 0.5);
}`;

export const SPRITE_FRAGMENT = `#version 300 es
precision mediump float;
in vec2 v_uv;
out vec4 outColor;
uniform sampler2D u_atlas;
void main() {
  outColor = texture(u_atlas, v_uv);
}`;
