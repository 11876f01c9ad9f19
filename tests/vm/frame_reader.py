#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A minimal V4L2 reader for the VM scenarios: reads YUYV frames from a
v4l2loopback device with read() (no ffmpeg start-up cost), and records when
each frame arrived and the colour of a probe pixel.

  frame_reader.py DEV WxH [--seconds S] [--frames N] [--probe X,Y]
                  [--ctl-at S --ctl CMD...] > frames.tsv

Prints one line per frame: "<monotonic seconds> <Y> <U> <V>" of the probe
pixel (default: near the top-left corner). With --ctl-at, runs CMD (e.g.
fakecam ctl ...) after S seconds of reading and prints "ctl <start> <end>
<exit status>" when it returns, so the scenario can see how long after the
request the picture changed; reading then goes on until 3 s after CMD
returned, even past S. Exits 1 if no frame arrives for 10 s.
"""
import os
import subprocess
import sys
import threading
import time


def main(argv):
    dev, size = argv[1], argv[2]
    w, h = (int(v) for v in size.split("x"))
    seconds, frames, probe, ctl_at, ctl = 10.0, 0, (4, 4), None, None
    i = 3
    while i < len(argv):
        a = argv[i]
        if a == "--seconds": seconds = float(argv[i + 1]); i += 2
        elif a == "--frames": frames = int(argv[i + 1]); i += 2
        elif a == "--probe": probe = tuple(int(v) for v in argv[i + 1].split(",")); i += 2
        elif a == "--ctl-at": ctl_at = float(argv[i + 1]); i += 2
        elif a == "--ctl": ctl = argv[i + 1:]; break
        else: sys.exit(f"unknown argument {a}")
    frame_bytes = w * h * 2
    x = probe[0] & ~1
    off = (probe[1] * w + x) * 2  # YUYV: Y0 U Y1 V for pixel pair x, x+1
    fd = os.open(dev, os.O_RDONLY)
    out = sys.stdout
    lock = threading.Lock()
    ctl_done = [0.0]

    def run_ctl():
        start = time.monotonic()
        rc = subprocess.call(ctl)
        end = time.monotonic()
        ctl_done[0] = end
        with lock:
            print(f"ctl {start:.4f} {end:.4f} {rc}", file=out, flush=True)

    t_begin = time.monotonic()
    count = 0
    ctl_thread = None
    while True:
        now = time.monotonic()
        if frames and count >= frames: break
        # With --ctl, read on until 3 s after the command returned, however
        # slowly the guest ran it.
        ctl_pending = ctl is not None and (ctl_thread is None or ctl_thread.is_alive() or now - ctl_done[0] < 3)
        if not frames and now - t_begin >= seconds and not ctl_pending: break
        if ctl and ctl_thread is None and now - t_begin >= ctl_at:
            ctl_thread = threading.Thread(target=run_ctl)
            ctl_thread.start()
        data = b""
        deadline = time.monotonic() + 10
        while len(data) < frame_bytes:
            chunk = os.read(fd, frame_bytes - len(data))
            if not chunk:
                if time.monotonic() > deadline: sys.exit("no frame for 10 s")
                time.sleep(0.005)
                continue
            data += chunk
        t = time.monotonic()
        count += 1
        with lock:
            print(f"{t:.4f} {data[off]} {data[off + 1]} {data[off + 3]}", file=out, flush=True)
    if ctl_thread: ctl_thread.join()
    os.close(fd)


if __name__ == "__main__":
    main(sys.argv)
