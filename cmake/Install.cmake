# SPDX-License-Identifier: GPL-3.0-or-later
# What `cmake --install` lays out under the prefix (relocatable: nothing in
# it names the build or source tree; see model_catalog.hpp for the models):
#   bin/fakecam                                   (src/app/CMakeLists.txt)
#   share/fakecam/models/     the pinned models and their licence
#   share/fakecam/samples/    the demo clip and background, with their licences
#   share/man/man1/fakecam.1  generated from `fakecam --help` + dist/man/
#   share/{bash-completion,zsh,fish}/...          generated from `fakecam --help`
#   lib/systemd/user/fakecam{,@}.service          (share/systemd/user under ~/.local)
#   share/doc/fakecam/        copyright, README, examples/ (config.ini from
#                             --dump-config; opt-in modprobe.d / modules-load.d files)
include(InstallWithPrefix)
find_package(Python3 REQUIRED COMPONENTS Interpreter)

set(FAKECAM_DIST_DIR "${CMAKE_SOURCE_DIR}/dist")
set(FAKECAM_GENERATED_DIR "${CMAKE_BINARY_DIR}/dist")
set(_generated fakecam.1 fakecam.bash _fakecam fakecam.fish config.ini)
list(TRANSFORM _generated PREPEND "${FAKECAM_GENERATED_DIR}/" OUTPUT_VARIABLE FAKECAM_GENERATED_FILES)
add_custom_command(
  OUTPUT ${FAKECAM_GENERATED_FILES}
  COMMAND Python3::Interpreter "${FAKECAM_DIST_DIR}/generate_docs.py" "$<TARGET_FILE:fakecam>"
          "${FAKECAM_DIST_DIR}/man/fakecam.1.in" "${FAKECAM_GENERATED_DIR}" "VERSION=${PROJECT_VERSION}"
          "DOCDIR=@PREFIX@/${CMAKE_INSTALL_DOCDIR}" "MODELDIR=@PREFIX@/${CMAKE_INSTALL_DATADIR}/fakecam/models"
          "SAMPLEDIR=@PREFIX@/${CMAKE_INSTALL_DATADIR}/fakecam/samples"
  DEPENDS fakecam "${FAKECAM_DIST_DIR}/generate_docs.py" "${FAKECAM_DIST_DIR}/man/fakecam.1.in"
  COMMENT "Generating the man page, shell completions and example config from fakecam --help"
  VERBATIM)
add_custom_target(fakecam_docs ALL DEPENDS ${FAKECAM_GENERATED_FILES})

set(_share "${CMAKE_INSTALL_DATADIR}/fakecam")
install(FILES
  "${FAKECAM_MODEL_DIR}/selfie_segmentation.tflite"
  "${FAKECAM_MODEL_DIR}/selfie_segmentation_landscape.tflite"
  "${CMAKE_SOURCE_DIR}/models/LICENSE-Apache-2.0.txt"
  "${CMAKE_SOURCE_DIR}/models/NOTICE"
  DESTINATION "${_share}/models")
install(FILES
  "${CMAKE_SOURCE_DIR}/samples/person-webcam.mp4"
  "${CMAKE_SOURCE_DIR}/samples/background.jpg"
  "${CMAKE_SOURCE_DIR}/samples/LICENSE-CC-BY-4.0.txt"
  "${CMAKE_SOURCE_DIR}/samples/SOURCES.md"
  DESTINATION "${_share}/samples")

fakecam_install_with_prefix("${FAKECAM_GENERATED_DIR}/fakecam.1" "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES "${FAKECAM_GENERATED_DIR}/fakecam.bash" DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions"
        RENAME fakecam)
install(FILES "${FAKECAM_GENERATED_DIR}/_fakecam" DESTINATION "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions")
install(FILES "${FAKECAM_GENERATED_DIR}/fakecam.fish" DESTINATION "${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d")

# The user-unit directory: systemd.pc's, relative to its prefix, so it follows
# the install prefix; a per-user install (~/.local) uses the directory the
# user manager reads there ($XDG_DATA_HOME/systemd/user).
find_package(PkgConfig REQUIRED)
pkg_get_variable(_systemd_prefix systemd prefix)
pkg_get_variable(_systemd_user_units systemd systemduserunitdir)
if(_systemd_user_units AND _systemd_prefix)
  file(RELATIVE_PATH _user_unit_dir "${_systemd_prefix}" "${_systemd_user_units}")
else()
  set(_user_unit_dir "lib/systemd/user")
endif()
set(FAKECAM_USER_UNIT_DIR "${_user_unit_dir}" CACHE STRING
    "systemd user-unit directory, relative to the install prefix (from pkg-config systemd)")
install(CODE "
  set(FAKECAM_USER_UNIT_DIR \"${FAKECAM_USER_UNIT_DIR}\")
  if(\"\${CMAKE_INSTALL_PREFIX}\" STREQUAL \"\$ENV{HOME}/.local\")
    set(FAKECAM_USER_UNIT_DIR share/systemd/user)
  endif()
")
fakecam_install_with_prefix("${FAKECAM_DIST_DIR}/systemd/fakecam.service.in" "\${FAKECAM_USER_UNIT_DIR}")
fakecam_install_with_prefix("${FAKECAM_DIST_DIR}/systemd/fakecam@.service.in" "\${FAKECAM_USER_UNIT_DIR}")

install(FILES "${FAKECAM_DIST_DIR}/debian/copyright" "${CMAKE_SOURCE_DIR}/README.md"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(FILES "${FAKECAM_GENERATED_DIR}/config.ini"
              "${FAKECAM_DIST_DIR}/modprobe/fakecam-v4l2loopback.conf"
              "${FAKECAM_DIST_DIR}/modprobe/fakecam-modules-load.conf"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples")
