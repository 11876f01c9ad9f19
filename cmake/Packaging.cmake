# SPDX-License-Identifier: GPL-3.0-or-later
# `cpack -G DEB` in the build directory: fakecam_<version>_amd64.deb with the
# install tree of cmake/Install.cmake under /usr, stripped (no build paths),
# Depends computed by dpkg-shlibdeps from the binary's shared libraries.
set(CPACK_PACKAGE_NAME fakecam)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "virtual webcam with the background removed, blurred or replaced")
set(CPACK_PACKAGE_CONTACT "fakecam maintainers <fakecam@localhost>")
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION video)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Beside the libraries: /bin/kill, which fakecam.service's ExecReload runs;
# and FFmpeg and SDL, which fakecam loads at run time (src/media/ffmpeg_api.hpp,
# src/app/preview/sdl_api.hpp), so dpkg-shlibdeps cannot see them: Debian
# names their packages by soname major version, as fakecam opens them.
set(fakecam_runtime_loaded "")
foreach(lib avformat avcodec swscale avutil)
  string(REGEX MATCH "^[0-9]+" major "${FFMPEG_lib${lib}_VERSION}")
  list(APPEND fakecam_runtime_loaded "lib${lib}${major}")
endforeach()
list(APPEND fakecam_runtime_loaded libsdl2-2.0-0)
list(JOIN fakecam_runtime_loaded ", " fakecam_runtime_loaded)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "procps, ${fakecam_runtime_loaded}")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "v4l2loopback-dkms | pipewire")
# CPack makes the Debian description: this summary as the synopsis, then the text.
set(CPACK_PACKAGE_DESCRIPTION "fakecam reads a webcam or a video file, finds the person with Google's
MediaPipe selfie-segmentation network (on the CPU, with XNNPACK) and writes the
picture with the background replaced, blurred or kept to a v4l2loopback or
akvcam device, a PipeWire camera or a YUV4MPEG2 stream, for video calls in
Zoom, Teams, Meet or OBS.")
include(CPack)
