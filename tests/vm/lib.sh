# SPDX-License-Identifier: GPL-3.0-or-later
# lib.sh — helpers for the VM scenarios (tests/vm/scenarios/*.sh). Sourced
# INSIDE the guest:   . "$VM_TESTS_DIR/lib.sh"
# POSIX sh. Functions use prefixed variable names because sh has no `local`.
#
# The runner (run-scenarios.sh) exports:
#   WORK                the scenario's work dir (/tmp/work, read-write, kept on
#                       the host as .vm/results/<scenario>/work); the cwd
#   VM_SCENARIO         the scenario's name
#   VM_TESTS_DIR        tests/vm (this file, pixels.py, browser/)
#   FAKECAM_SOURCE_DIR  the repository;  FAKECAM_TEST_DATA  its tests/data
#   FAKECAM_BUILD_DIR   the build dir;   FAKECAM_BIN        the fakecam binary
#   FAKECAM_SHARED_DATA ../shared/data beside the repository (may not exist)
#
# The guest's / is the host's, read-only; /tmp and /run are tmpfs. Files read
# over and over from the 9p mounts (looped inputs) can fail with I/O errors:
# the feed_* helpers copy their inputs to /tmp first.
#
# Speed: under TCG emulation every process start costs ~1-5 s (ffmpeg loads
# ~200 libraries over 9p). Start few processes: write frames as PPM images
# (read_frames_ffmpeg DEV N frame-%03d.ppm), inspect them with the shell
# helpers below (ppm_size, count_files, count_distinct_files) and batch colour
# checks into one expect_colours call.

WORK=${WORK:-$(pwd)}
LIB_BG_PIDS=""

# note MESSAGE: a progress line stamped with the guest's uptime
note() { printf '[%s %s] %s\n' "$(cut -d' ' -f1 /proc/uptime)" "${VM_SCENARIO:-scenario}" "$*"; }

# fail MESSAGE: ends the scenario with exit 1
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# need_fakecam: fails (never skips) when the fakecam binary is missing
need_fakecam() {
  [ -x "${FAKECAM_BIN:-}" ] || fail "fakecam binary not found at '${FAKECAM_BIN:-}' (set FAKECAM_BUILD_DIR or FAKECAM_BIN)"
}

# start_bg NAME CMD [ARGS...]: starts CMD in the background, output to
# $WORK/NAME.log; its pid is in BG_PID. All are stopped when the scenario exits.
start_bg() {
  lib_name=$1; shift
  "$@" >"$WORK/$lib_name.log" 2>&1 </dev/null &
  BG_PID=$!
  LIB_BG_PIDS="$LIB_BG_PIDS $BG_PID"
  note "started $lib_name (pid $BG_PID): $*"
}

# stop_bg PID [TIMEOUT]: SIGINT, then SIGKILL after TIMEOUT s (default 5);
# returns the process's exit status (130 when it ended on SIGINT), so under
# set -e call it as `stop_bg "$pid" || rc=$?`
stop_bg() {
  lib_pid=$1
  kill -INT "$lib_pid" 2>/dev/null || true
  lib_end=$(( $(date +%s) + ${2:-5} ))
  while kill -0 "$lib_pid" 2>/dev/null && [ "$(date +%s)" -lt "$lib_end" ]; do sleep 0.1; done
  kill -KILL "$lib_pid" 2>/dev/null || true
  lib_rc=0
  wait "$lib_pid" 2>/dev/null || lib_rc=$?
  return "$lib_rc"
}

# Background processes die with the guest anyway; this ends them before the
# scenario's last lines run. A scenario with its own EXIT trap calls lib_cleanup.
lib_cleanup() {
  for lib_p in $LIB_BG_PIDS; do kill -KILL "$lib_p" 2>/dev/null || true; done
}
trap lib_cleanup EXIT

# device_caps DEV: the device's own capabilities (one per line), e.g.
# "Video Capture". With exclusive_caps=1 a v4l2loopback device shows
# "Video Output" until a producer has written a frame, then "Video Capture".
device_caps() {
  v4l2-ctl -d "$1" --info 2>/dev/null | awk '
    /Device Caps/ { d = 1; next }
    d && /^\t\t/ { sub(/^\t\t/, ""); print; next }
    d { exit }'
}

# wait_for_capture_device DEV TIMEOUT: polls until DEV offers video capture
wait_for_capture_device() {
  lib_dev=$1
  lib_end=$(( $(date +%s) + ${2:-60} ))
  while :; do
    if device_caps "$lib_dev" | grep -qx 'Video Capture'; then
      note "$lib_dev offers capture"
      return 0
    fi
    [ "$(date +%s)" -lt "$lib_end" ] || fail "$lib_dev offers no capture after ${2:-60} s (caps: $(device_caps "$lib_dev" | tr '\n' ' '))"
    sleep 0.5
  done
}

# wait_for_file FILE TIMEOUT: polls until FILE exists and is not empty
wait_for_file() {
  lib_end=$(( $(date +%s) + ${2:-60} ))
  until [ -s "$1" ]; do
    [ "$(date +%s)" -lt "$lib_end" ] || fail "$1 did not appear within ${2:-60} s"
    sleep 0.5
  done
}

# process_holds PID PATH: does process PID have PATH open?
process_holds() { ls -l "/proc/$1/fd" 2>/dev/null | grep -q " -> $2\$"; }

# wait_for_log FILE REGEX TIMEOUT: polls until a line of FILE matches REGEX (grep -E)
wait_for_log() {
  lib_end=$(( $(date +%s) + ${3:-60} ))
  until grep -Eq "$2" "$1" 2>/dev/null; do
    [ "$(date +%s)" -lt "$lib_end" ] || fail "no line matching '$2' in $1 within ${3:-60} s"
    sleep 0.5
  done
}

# read_frames_ffmpeg DEV N OUT [INPUT_OPTS...]: reads N frames from DEV with
# ffmpeg (every frame the device delivers: -fps_mode passthrough, no
# duplicates). OUT: an image pattern such as frame-%03d.ppm (fastest to
# inspect: pixels.py reads PPM without ffmpeg) or .png, or a video file
# (.nut/.mkv get lossless FFV1). INPUT_OPTS go before -i, e.g.
#   -input_format yuyv422 -video_size 640x360 -framerate 25
read_frames_ffmpeg() {
  lib_dev=$1 lib_n=$2 lib_out=$3; shift 3
  case $lib_out in
    *.nut|*.mkv) set -- "$@" -i "$lib_dev" -c:v ffv1 ;;
    *) set -- "$@" -i "$lib_dev" ;;
  esac
  note "reading $lib_n frames from $lib_dev into $lib_out"
  timeout "${READ_TIMEOUT:-90}" ffmpeg -nostdin -hide_banner -loglevel error -f v4l2 "$@" \
    -frames:v "$lib_n" -fps_mode passthrough -y "$lib_out" ||
    fail "ffmpeg could not read $lib_n frames from $lib_dev (exit $?)"
}

# count_files GLOB: how many files match, e.g. count_files 'frame-*.ppm'
count_files() {
  # shellcheck disable=SC2086
  set -- $1
  if [ -e "$1" ]; then echo $#; else echo 0; fi
}

# count_distinct_files GLOB: how many of the matching files differ in content
count_distinct_files() {
  # shellcheck disable=SC2086
  md5sum $1 | cut -c1-32 | sort -u | wc -l
}

# ppm_size FILE: "WxH" of a binary PPM written by ffmpeg (header "P6\nW H\n255\n")
ppm_size() {
  head -c 64 "$1" | sed -n '2{s/ /x/p;q}'
}

# count_frames FILE: frames in a video file (slow: prefer PPM files)
count_frames() {
  ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$1"
}

# count_distinct_frames FILE: frames of a video file whose pixels differ (slow)
count_distinct_frames() {
  ffmpeg -nostdin -v error -i "$1" -f framemd5 - | grep -v '^#' | awk -F, '{ print $NF }' | sort -u | wc -l
}

# video_size FILE: "WxH" of the first video stream
video_size() {
  ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=s=x:p=0 "$1"
}

# video_codec FILE: codec name of the first video stream (e.g. mjpeg, rawvideo)
video_codec() {
  ffprobe -v error -select_streams v:0 -show_entries stream=codec_name -of csv=p=0 "$1"
}

# expect_eq WHAT GOT WANT: fails unless GOT = WANT
expect_eq() {
  [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
  note "ok: $1 = $3"
}

# mean_colour FILE [REGION]: "R G B" mean of a frame (REGION X,Y,W,H in pixels
# or fractions); pixels.py reads PPM, or any image or video via ffmpeg
mean_colour() {
  python3 "$VM_TESTS_DIR/pixels.py" mean "$@"
}

# expect_colours FILE "R G B TOL [REGION]"...: fails unless, for every check,
# the mean colour of REGION (X,Y,W,H in pixels or fractions; default the whole
# frame) is within TOL of R G B on every channel. One process for all checks.
expect_colours() {
  lib_msg=$(python3 "$VM_TESTS_DIR/pixels.py" expect "$@") || { echo "$lib_msg"; fail "colours of $1 are wrong"; }
  echo "$lib_msg"
}

# expect_colour FILE R G B TOL [REGION]: a single check
expect_colour() {
  expect_colours "$1" "$2 $3 $4 $5${6:+ $6}"
}

# json_get FILE KEY.PATH: prints a value of a JSON file (list indices are numbers)
json_get() {
  python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(" ".join(str(x) for x in v) if isinstance(v, list) else v)' "$1" "$2"
}

# lib_prepare_still IMAGE SIZE OUT: scales/crops IMAGE to SIZE (WxH, filling
# the frame) into OUT on the guest's tmpfs, once, so looping it is cheap
lib_prepare_still() {
  lib_src=$1 lib_w=${2%x*} lib_h=${2#*x} lib_dst=$3; shift 3
  cp "$lib_src" "/tmp/.feed-src.$$" || fail "cannot read $lib_src"
  ffmpeg -nostdin -v error -y -i "/tmp/.feed-src.$$" \
    -vf "scale=$lib_w:$lib_h:force_original_aspect_ratio=increase,crop=$lib_w:$lib_h" \
    -frames:v 1 "$@" -update 1 "$lib_dst" || fail "cannot convert $lib_src for feeding"
  rm -f "/tmp/.feed-src.$$"
}

# feed_mjpeg_webcam IMAGE DEV [SIZE] [FPS]: plays a still photo as an MJPEG
# webcam into a loopback DEV (e.g. the second device of LOOPBACK_OPTS
# "devices=2 exclusive_caps=1,1 video_nr=10,11 card_label=fakecam,webcam"),
# like a real USB webcam: 4:2:2 JPEG frames at FPS (default 15). Waits until
# DEV offers capture; the feeder's pid is in BG_PID.
feed_mjpeg_webcam() {
  lib_jpg="/tmp/.webcam-$(basename "$2").jpg"
  lib_prepare_still "$1" "${3:-640x480}" "$lib_jpg" -pix_fmt yuvj422p -q:v 3
  # stream copy: the JPEG is encoded once, not per frame (TCG is slow)
  start_bg "feed-$(basename "$2")" ffmpeg -nostdin -hide_banner -loglevel error -re \
    -loop 1 -framerate "${4:-15}" -i "$lib_jpg" -c:v copy -f v4l2 "$2"
  wait_for_capture_device "$2" "${FEED_TIMEOUT:-60}"
}

# feed_yuyv_webcam IMAGE DEV [SIZE] [FPS]: the same as raw YUYV 4:2:2 frames
feed_yuyv_webcam() {
  lib_png="/tmp/.webcam-$(basename "$2").png"
  lib_prepare_still "$1" "${3:-640x480}" "$lib_png"
  start_bg "feed-$(basename "$2")" ffmpeg -nostdin -hide_banner -loglevel error -re \
    -loop 1 -framerate "${4:-15}" -i "$lib_png" -pix_fmt yuyv422 -f v4l2 "$2"
  wait_for_capture_device "$2" "${FEED_TIMEOUT:-60}"
}

# feed_video_webcam VIDEO DEV [SIZE] [FPS] [mjpeg|yuyv]: loops a video clip as
# a webcam (converted once to the target size/rate/format on /tmp)
feed_video_webcam() {
  lib_size=${3:-640x480} lib_fps=${4:-15} lib_fmt=${5:-mjpeg}
  lib_w=${lib_size%x*} lib_h=${lib_size#*x}
  lib_clip="/tmp/.webcam-$(basename "$2").nut"
  cp "$1" "/tmp/.feed-src.$$" || fail "cannot read $1"
  if [ "$lib_fmt" = mjpeg ]; then set -- -c:v mjpeg -pix_fmt yuvj422p -q:v 3
  else set -- -c:v rawvideo -pix_fmt yuyv422; fi
  ffmpeg -nostdin -v error -y -i "/tmp/.feed-src.$$" -an \
    -vf "scale=$lib_w:$lib_h:force_original_aspect_ratio=increase,crop=$lib_w:$lib_h,fps=$lib_fps" \
    "$@" "$lib_clip" || fail "cannot convert $1 for feeding"
  rm -f "/tmp/.feed-src.$$"
  start_bg "feed-$(basename "$2")" ffmpeg -nostdin -hide_banner -loglevel error -re \
    -stream_loop -1 -i "$lib_clip" -c:v copy -f v4l2 "$2"
  wait_for_capture_device "$2" "${FEED_TIMEOUT:-60}"
}

# feed_lavfi DEV LAVFI_GRAPH [PIX_FMT]: writes an ffmpeg lavfi source, e.g.
# "testsrc2=size=320x240:rate=15" or "color=c=0xC83C28:size=320x240:rate=15",
# to DEV as PIX_FMT (default yuyv422) in real time; waits for capture
feed_lavfi() {
  start_bg "feed-$(basename "$1")" ffmpeg -nostdin -hide_banner -loglevel error -re \
    -f lavfi -i "$2" -pix_fmt "${3:-yuyv422}" -f v4l2 "$1"
  wait_for_capture_device "$1" "${FEED_TIMEOUT:-60}"
}

# feed_solid_colour DEV RRGGBB [SIZE] [FPS]: a solid colour, YUYV
feed_solid_colour() {
  feed_lavfi "$1" "color=c=0x$2:size=${3:-320x240}:rate=${4:-15}"
}

# browser_read_camera LABEL OUT_PREFIX [read-camera.mjs options...]: headless
# Chromium opens the camera whose label contains LABEL with getUserMedia, like
# a video-call page, and writes OUT_PREFIX.ppm (the last frame),
# OUT_PREFIX.json (the report) and OUT_PREFIX.env, which this function sources:
#   CAM_LABEL CAM_WIDTH CAM_HEIGHT CAM_FRAMES CAM_FIRST_PRESENTED
#   CAM_LAST_PRESENTED CAM_MEAN ("R G B" of the last frame)
browser_read_camera() {
  lib_label=$1 lib_prefix=$2; shift 2
  note "Chromium: reading camera '$lib_label'"
  timeout "${BROWSER_TIMEOUT:-900}" node "$VM_TESTS_DIR/browser/read-camera.mjs" --label "$lib_label" \
    --timeout-ms "$(( ${BROWSER_TIMEOUT:-900} * 1000 - 30000 ))" \
    --out "$lib_prefix.ppm" --json "$lib_prefix.json" --env "$lib_prefix.env" "$@" >"$WORK/browser.log" 2>&1 ||
    { lib_rc=$?; cat "$WORK/browser.log" >&2; fail "read-camera.mjs failed (exit $lib_rc)"; }
  # shellcheck disable=SC1090
  case $lib_prefix in /*) . "$lib_prefix.env" ;; *) . "./$lib_prefix.env" ;; esac
  note "Chromium read ${CAM_WIDTH}x${CAM_HEIGHT} from '$CAM_LABEL', mean RGB $CAM_MEAN"
}

# load_akvcam CONFIG: (re)loads akvcam (built by build-image.sh, $AKVCAM_KO)
# with the akvcam config file CONFIG (a path the guest's kernel can read, e.g.
# one written into $WORK); unloads it first when loaded. Fails naming the
# config when the module rejects it (the kernel log tail is printed).
load_akvcam() {
  [ -f "${AKVCAM_KO:-}" ] || fail "akvcam module not found at '${AKVCAM_KO:-}' (run tests/vm/build-image.sh)"
  unload_akvcam
  # shellcheck disable=SC2046 # one word per module
  modprobe -a $(modinfo -F depends "$AKVCAM_KO" | tr ',' ' ') || fail "cannot load akvcam's dependencies"
  insmod "$AKVCAM_KO" config_file="$1" || { dmesg | tail -n 15 >&2; fail "akvcam did not load with $1"; }
}

# unload_akvcam: removes akvcam when loaded (its device nodes disappear)
unload_akvcam() {
  if grep -q '^akvcam ' /proc/modules; then rmmod akvcam || fail "cannot unload akvcam (a device still open?)"; fi
}

# akvcam_config FILE OUTPUT_FORMATS [SIZE] [FPS]: writes an akvcam config to
# FILE: output /dev/video20 offering OUTPUT_FORMATS (akvcam names, e.g.
# "RGB24, YUY2" or "BGR24") connected to capture /dev/video21 offering RGB24
# and YUY2, at SIZE (default 640x360) and FPS (default 10).
akvcam_config() {
  ac_size=${3:-640x360}
  cat > "$1" <<INI
[Cameras]
cameras/size = 2
cameras/1/type = output
cameras/1/mode = mmap, rw
cameras/1/description = fakecam output (akvcam)
cameras/1/formats = 1
cameras/1/videonr = 20
cameras/2/type = capture
cameras/2/mode = mmap, rw
cameras/2/description = fakecam (akvcam)
cameras/2/formats = 2
cameras/2/videonr = 21
[Formats]
formats/size = 2
formats/1/format = $2
formats/1/width = ${ac_size%x*}
formats/1/height = ${ac_size#*x}
formats/1/fps = ${4:-10}
formats/2/format = RGB24, YUY2
formats/2/width = ${ac_size%x*}
formats/2/height = ${ac_size#*x}
formats/2/fps = ${4:-10}
[Connections]
connections/size = 1
connections/1/connection = 1:2
INI
}
