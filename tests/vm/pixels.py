#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""pixels.py — tiny image probe for the VM scenarios (no numpy in the guest).

Reads binary PPM (P6) itself; any other image or video is decoded to PPM by
ffmpeg first. Under TCG every process start costs seconds, so write frames as
PPM (ffmpeg ... frame-%03d.ppm, read-camera.mjs --out x.ppm) and batch checks.

  pixels.py size   FILE                           -> "WxH"
  pixels.py mean   FILE [REGION]                  -> "R G B" mean of REGION
  pixels.py at     FILE X Y                       -> "R G B"
  pixels.py grid   FILE COLSxROWS                 -> one "R G B" line per cell, row by row
  pixels.py expect FILE "R G B TOL [REGION]"...   -> exit 0 when, for every check,
        each channel of REGION's mean is within TOL; else print the misses, exit 1
  pixels.py diff   FILE_A FILE_B                  -> mean absolute difference (0..255)

REGION is X,Y,W,H in pixels (10,10,64,64) or in fractions of the frame
(0.25,0.25,0.5,0.5); the default is the whole frame. For a video FILE, --frame N
picks the frame (default 0).
"""
import sys


def read_ppm(data):
    """Parses P6 with maxval 255: returns (width, height, rgb bytes) or None."""
    if not data.startswith(b'P6'):
        return None
    fields, pos = [], 2
    while len(fields) < 3:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':  # comment line
            pos = data.index(b'\n', pos)
            continue
        end = pos
        while data[end:end + 1] and not data[end:end + 1].isspace():
            end += 1
        fields.append(int(data[pos:end]))
        pos = end
    w, h, maxval = fields
    if maxval != 255:
        return None
    pos += 1
    rgb = data[pos:pos + w * h * 3]
    if len(rgb) != w * h * 3:
        sys.exit('pixels.py: truncated PPM (%d of %d bytes)' % (len(rgb), w * h * 3))
    return w, h, rgb


def decode(path, frame):
    if frame == 0:
        try:
            with open(path, 'rb') as f:
                parsed = read_ppm(f.read())
        except OSError as e:
            sys.exit('pixels.py: %s' % e)
        if parsed:
            return parsed
    import subprocess  # only for non-PPM input: ffmpeg converts it
    cmd = ['ffmpeg', '-nostdin', '-v', 'error', '-i', path]
    if frame:
        cmd += ['-vf', 'select=eq(n\\,%d)' % frame]
    cmd += ['-frames:v', '1', '-f', 'image2pipe', '-c:v', 'ppm', '-pix_fmt', 'rgb24', '-']
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    parsed = read_ppm(proc.stdout) if proc.returncode == 0 else None
    if not parsed:
        sys.exit('pixels.py: cannot decode frame %d of %s: %s'
                 % (frame, path, proc.stderr.decode(errors='replace').strip()))
    return parsed


def parse_region(text, w, h):
    parts = [float(p) for p in text.split(',')]
    if len(parts) != 4:
        sys.exit('pixels.py: region must be X,Y,W,H, not %s' % text)
    if all(p <= 1.0 for p in parts):
        parts = [parts[0] * w, parts[1] * h, parts[2] * w, parts[3] * h]
    x, y, rw, rh = (int(round(p)) for p in parts)
    if rw <= 0 or rh <= 0 or x < 0 or y < 0 or x + rw > w or y + rh > h:
        sys.exit('pixels.py: region %s is outside the %dx%d frame' % (text, w, h))
    return x, y, rw, rh


def region_mean(w, rgb, x, y, rw, rh):
    sums = [0, 0, 0]
    for row in range(y, y + rh):
        line = rgb[(row * w + x) * 3:(row * w + x + rw) * 3]
        for c in range(3):
            sums[c] += sum(line[c::3])
    n = rw * rh
    return [s / n for s in sums]


def fmt(rgb):
    return ' '.join('%.1f' % v for v in rgb)


def main(argv):
    args = argv[1:]
    frame = 0
    if '--frame' in args:
        i = args.index('--frame')
        frame = int(args[i + 1])
        del args[i:i + 2]
    if len(args) < 2:
        sys.exit(__doc__)
    cmd, path, rest = args[0], args[1], args[2:]
    w, h, rgb = decode(path, frame)
    if cmd == 'size':
        print('%dx%d' % (w, h))
    elif cmd == 'mean':
        region = parse_region(rest[0], w, h) if rest else (0, 0, w, h)
        print(fmt(region_mean(w, rgb, *region)))
    elif cmd == 'at':
        o = (int(rest[1]) * w + int(rest[0])) * 3
        print(fmt(rgb[o:o + 3]))
    elif cmd == 'grid':
        cols, rows = (int(v) for v in rest[0].split('x'))
        for r in range(rows):
            for c in range(cols):
                x0, x1 = c * w // cols, (c + 1) * w // cols
                y0, y1 = r * h // rows, (r + 1) * h // rows
                print(fmt(region_mean(w, rgb, x0, y0, x1 - x0, y1 - y0)))
    elif cmd == 'expect':
        misses = 0
        for check in rest:
            parts = check.split()
            if len(parts) not in (4, 5):
                sys.exit('pixels.py: a check is "R G B TOL [REGION]", not "%s"' % check)
            want, tol = [float(v) for v in parts[:3]], float(parts[3])
            region = parse_region(parts[4], w, h) if len(parts) == 5 else (0, 0, w, h)
            got = region_mean(w, rgb, *region)
            ok = all(abs(g - e) <= tol for g, e in zip(got, want))
            misses += not ok
            print('%s %s region %d,%d %dx%d: mean RGB %s, expected %s +-%g'
                  % ('ok:  ' if ok else 'MISS:', path, *region, fmt(got), fmt(want), tol))
        return 1 if misses else 0
    elif cmd == 'diff':
        w2, h2, rgb2 = decode(rest[0], frame)
        if (w, h) != (w2, h2):
            sys.exit('pixels.py: sizes differ: %dx%d vs %dx%d' % (w, h, w2, h2))
        print('%.2f' % (sum(abs(p - q) for p, q in zip(rgb, rgb2)) / len(rgb)))
    else:
        sys.exit('pixels.py: unknown command %s\n%s' % (cmd, __doc__))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
