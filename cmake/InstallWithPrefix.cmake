# SPDX-License-Identifier: GPL-3.0-or-later
# fakecam_install_with_prefix(<template> <destination> [<name>])
#
# Installs <template> with @PREFIX@ and @BINDIR@ replaced at *install* time,
# by the prefix the install really uses (`cmake --install --prefix DIR`, or
# /usr inside `cpack -G DEB`). So unit files and the man page name the right
# paths even when the install is moved to another prefix than the configured
# one. <destination> is relative to the prefix and may use the install-time
# variable FAKECAM_USER_UNIT_DIR (set by cmake/Install.cmake).
function(fakecam_install_with_prefix template destination)
  if(ARGC GREATER 2)
    set(name "${ARGV2}")
  else()
    get_filename_component(name "${template}" NAME)
    string(REGEX REPLACE "\\.in$" "" name "${name}")
  endif()
  # Staged per prefix: two installs of one build may run at once (the tests).
  install(CODE "
    string(MD5 stage \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}\")
    set(staged \"${CMAKE_BINARY_DIR}/dist/staged/\${stage}/${name}\")
    set(PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
    set(BINDIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
    configure_file(\"${template}\" \"\${staged}\" @ONLY)
    file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${destination}\" TYPE FILE FILES \"\${staged}\")
  ")
endfunction()
