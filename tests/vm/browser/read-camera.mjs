// SPDX-License-Identifier: GPL-3.0-or-later
// read-camera.mjs — reads a camera the way a video-call page does: headless
// Chromium, getUserMedia, the camera picked by its label, a frame drawn to a
// canvas. Prints a JSON report (per-frame mean RGB, a grid of cell means, the
// track settings) and can save the last frame for pixels.py.
//
//   node read-camera.mjs [--label fakecam] [--width W --height H] [--fps F]
//                        [--frames 1] [--grid 4] [--out frame.ppm|frame.png]
//                        [--json report.json] [--env report.env]
//                        [--timeout-ms 600000]
//
// --width/--height are exact constraints (getUserMedia fails if the camera
// cannot deliver that size). --env writes shell assignments for scenarios:
// CAM_LABEL CAM_WIDTH CAM_HEIGHT CAM_FRAMES CAM_FIRST_PRESENTED
// CAM_LAST_PRESENTED CAM_MEAN. A .ppm --out is read by pixels.py without ffmpeg.
// Exit codes: 0 ok, 2 no camera with that label, 3 getUserMedia or the
// browser failed, 4 usage. Drives Debian's /usr/bin/chromium (Playwright never
// downloads a browser here); the flags keep Chromium off the network.
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const usage = 'usage: node read-camera.mjs [--label L] [--width W] [--height H] [--fps F] ' +
  '[--frames N] [--grid N] [--out PPM|PNG] [--json FILE] [--env FILE] [--timeout-ms MS] [--chromium PATH]';
let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      label: { type: 'string', default: 'fakecam' },
      width: { type: 'string' },
      height: { type: 'string' },
      fps: { type: 'string' },
      frames: { type: 'string', default: '1' },
      grid: { type: 'string', default: '4' },
      out: { type: 'string' },
      json: { type: 'string' },
      env: { type: 'string' },
      'timeout-ms': { type: 'string', default: '600000' },
      chromium: { type: 'string', default: '/usr/bin/chromium' },
    },
  }));
} catch (e) {
  console.error(`read-camera: ${e.message}\n${usage}`);
  process.exit(4);
}
const timeout = Number(opts['timeout-ms']);

// Chromium as root in a VM with no network: no sandbox, no GPU, no
// permission prompt, and none of the background connections it would try.
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream',
  '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  '--autoplay-policy=no-user-gesture-required',
  ...(process.env.READ_CAMERA_EXTRA_ARGS ? process.env.READ_CAMERA_EXTRA_ARGS.split(' ') : []),
];

// Runs in the page. Labels are empty until the camera permission is granted:
// the context grants it up front (opening a camera under TCG costs seconds);
// should a browser still hide them, open any camera once, then enumerate again.
async function readInPage({ label, width, height, fps, frames, grid, image }) {
  const videoInputs = async () =>
    (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
  let cams = await videoInputs();
  if (cams.every((d) => !d.label)) {
    const first = await navigator.mediaDevices.getUserMedia({ video: true });
    first.getTracks().forEach((t) => t.stop());
    cams = await videoInputs();
  }
  const labels = cams.map((d) => d.label);
  const cam = cams.find((d) => d.label.includes(label));
  if (!cam) return { error: 'no-camera', labels };
  const video = { deviceId: { exact: cam.deviceId } };
  if (width) video.width = { exact: width };
  if (height) video.height = { exact: height };
  if (fps) video.frameRate = { ideal: fps };
  const stream = await navigator.mediaDevices.getUserMedia({ video });
  const track = stream.getVideoTracks()[0];
  const el = document.createElement('video');
  el.muted = true;
  el.playsInline = true;
  el.srcObject = stream;
  await el.play();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const out = [];
  for (let i = 0; i < frames; i++) {
    const meta = await new Promise((resolve) => el.requestVideoFrameCallback((_, m) => resolve(m)));
    const w = el.videoWidth;
    const h = el.videoHeight;
    canvas.width = w;
    canvas.height = h;
    ctx.drawImage(el, 0, 0, w, h);
    const px = ctx.getImageData(0, 0, w, h).data;
    const cells = Array.from({ length: grid * grid }, () => [0, 0, 0, 0]);
    const all = [0, 0, 0];
    for (let y = 0; y < h; y++) {
      const row = Math.min(grid - 1, Math.floor((y * grid) / h));
      for (let x = 0; x < w; x++) {
        const o = (y * w + x) * 4;
        const c = cells[row * grid + Math.min(grid - 1, Math.floor((x * grid) / w))];
        c[0] += px[o]; c[1] += px[o + 1]; c[2] += px[o + 2]; c[3] += 1;
        all[0] += px[o]; all[1] += px[o + 1]; all[2] += px[o + 2];
      }
    }
    const round = (v) => Math.round(v * 10) / 10;
    out.push({
      width: w,
      height: h,
      presentedFrames: meta.presentedFrames,
      mediaTime: meta.mediaTime,
      mean: all.map((s) => round(s / (w * h))),
      centre: Array.from(px.slice(((h >> 1) * w + (w >> 1)) * 4, ((h >> 1) * w + (w >> 1)) * 4 + 3)),
      grid: cells.map((c) => c.slice(0, 3).map((s) => round(s / c[3]))),
    });
  }
  // the last frame: PNG, or packed RGB (for a PPM), base64-encoded
  let last = '';
  if (image === 'png') {
    last = canvas.toDataURL('image/png').split(',')[1];
  } else if (image === 'rgb') {
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const rgb = new Uint8Array((px.length / 4) * 3);
    for (let i = 0, o = 0; i < px.length; i += 4) {
      rgb[o++] = px[i]; rgb[o++] = px[i + 1]; rgb[o++] = px[i + 2];
    }
    let bin = '';
    for (let i = 0; i < rgb.length; i += 0x8000) bin += String.fromCharCode(...rgb.subarray(i, i + 0x8000));
    last = btoa(bin);
  }
  const settings = track.getSettings();
  track.stop();
  return { label: cam.label, labels, settings, frames: out, last };
}

// Where the time goes (under TCG a read takes minutes): one stderr line per
// phase, seconds since node started.
const phase = (what) => console.error(`read-camera: ${(performance.now() / 1000).toFixed(1)} s ${what}`);
phase('playwright-core loaded');
let browser;
let code = 0;
try {
  browser = await chromium.launch({ executablePath: opts.chromium, headless: true, args: chromiumArgs, timeout });
  phase('Chromium started');
  // The camera permission up front: the page then sees the cameras' labels
  // without opening one first (~7 s under TCG).
  const context = await browser.newContext({ permissions: ['camera'] });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  // getUserMedia needs a secure context: a file:// page is one, about:blank is not always.
  const here = dirname(fileURLToPath(import.meta.url));
  await page.goto(pathToFileURL(join(here, 'camera.html')).href);
  phase('page loaded');
  const result = await page.evaluate(readInPage, {
    label: opts.label,
    width: opts.width ? Number(opts.width) : 0,
    height: opts.height ? Number(opts.height) : 0,
    fps: opts.fps ? Number(opts.fps) : 0,
    frames: Math.max(1, Number(opts.frames)),
    grid: Math.max(1, Number(opts.grid)),
    image: !opts.out ? '' : opts.out.endsWith('.png') ? 'png' : 'rgb',
  });
  phase('camera read');
  if (result.error === 'no-camera') {
    console.error(`read-camera: no camera labelled "${opts.label}"; cameras: ${JSON.stringify(result.labels)}`);
    code = 2;
  } else {
    const lastFrame = result.frames[result.frames.length - 1];
    if (opts.out) {
      const body = Buffer.from(result.last, 'base64');
      const header = `P6\n${lastFrame.width} ${lastFrame.height}\n255\n`;
      writeFileSync(opts.out, opts.out.endsWith('.png') ? body : Buffer.concat([Buffer.from(header), body]));
    }
    delete result.last;
    const text = JSON.stringify(result, null, 1);
    if (opts.json) writeFileSync(opts.json, text + '\n');
    if (opts.env) {
      const q = (v) => `'${String(v).replaceAll("'", "'\\''")}'`;
      const env = {
        CAM_LABEL: result.label,
        CAM_WIDTH: lastFrame.width,
        CAM_HEIGHT: lastFrame.height,
        CAM_FRAMES: result.frames.length,
        CAM_FIRST_PRESENTED: result.frames[0].presentedFrames,
        CAM_LAST_PRESENTED: lastFrame.presentedFrames,
        CAM_MEAN: lastFrame.mean.join(' '),
      };
      writeFileSync(opts.env, Object.entries(env).map(([k, v]) => `${k}=${q(v)}\n`).join(''));
    }
    console.log(text);
  }
} catch (e) {
  console.error(`read-camera: ${e.message.split('\n')[0]}`);
  code = 3;
} finally {
  if (browser) await browser.close().catch(() => {});
}
process.exit(code);
