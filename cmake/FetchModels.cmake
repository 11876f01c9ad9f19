# SPDX-License-Identifier: GPL-3.0-or-later
# Makes sure the pinned MediaPipe models are present in FAKECAM_MODEL_DIR.
#
# Used at configure time (include()) and standalone:
#   cmake [-DFAKECAM_MODEL_DIR=dir] -P cmake/FetchModels.cmake
# A file already present with the pinned SHA-256 is kept, so a rebuild needs no
# network. Otherwise the models come from `npm pack` of the pinned package.

get_filename_component(_fm_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(_fm_pins_dir "${_fm_root}/models")
if(NOT FAKECAM_MODEL_DIR)
  set(FAKECAM_MODEL_DIR "${_fm_pins_dir}")
endif()

file(READ "${_fm_pins_dir}/NPM_PACKAGE" _fm_package)
string(STRIP "${_fm_package}" _fm_package)
file(STRINGS "${_fm_pins_dir}/SHA256SUMS" _fm_lines)

function(_fm_missing_files out_var)
  set(missing "")
  foreach(line IN LISTS _fm_lines)
    string(REGEX MATCH "^([0-9a-f]+)  (.+)$" _ "${line}")
    set(hash "${CMAKE_MATCH_1}")
    set(name "${CMAKE_MATCH_2}")
    set(path "${FAKECAM_MODEL_DIR}/${name}")
    if(EXISTS "${path}")
      file(SHA256 "${path}" actual)
      if(actual STREQUAL hash)
        continue()
      endif()
      message(WARNING "fakecam: ${path} has SHA-256 ${actual}, expected ${hash}; fetching it again")
    endif()
    list(APPEND missing "${name}")
  endforeach()
  set(${out_var} "${missing}" PARENT_SCOPE)
endfunction()

_fm_missing_files(_fm_missing)
if(_fm_missing)
  set(_fm_work "${FAKECAM_MODEL_DIR}/.npm-cache")
  file(REMOVE_RECURSE "${_fm_work}")
  file(MAKE_DIRECTORY "${_fm_work}")
  find_program(_fm_npm npm)
  set(_fm_how "Provide the files by hand: on a machine that reaches the npm registry run `npm pack ${_fm_package}`, unpack the .tgz, and copy package/selfie_segmentation.tflite and package/selfie_segmentation_landscape.tflite into ${FAKECAM_MODEL_DIR}/ (their SHA-256 must match models/SHA256SUMS); see models/README.md.")
  if(NOT _fm_npm)
    message(FATAL_ERROR "fakecam: models missing (${_fm_missing}) and `npm` is not installed (Debian: apt-get install npm). ${_fm_how}")
  endif()
  message(STATUS "fakecam: fetching ${_fm_package} from the npm registry")
  execute_process(
    COMMAND "${_fm_npm}" pack "${_fm_package}" --silent --pack-destination "${_fm_work}"
    WORKING_DIRECTORY "${_fm_work}"
    RESULT_VARIABLE _fm_rc OUTPUT_VARIABLE _fm_out ERROR_VARIABLE _fm_err
    TIMEOUT 300)
  file(GLOB _fm_tgz "${_fm_work}/*.tgz")
  if(NOT _fm_rc EQUAL 0 OR NOT _fm_tgz)
    string(REGEX REPLACE "\n.*" "" _fm_first_err "${_fm_err}")
    message(FATAL_ERROR "fakecam: models missing (${_fm_missing}) and the npm registry is unreachable (`npm pack ${_fm_package}` failed: ${_fm_first_err}). ${_fm_how}")
  endif()
  file(ARCHIVE_EXTRACT INPUT "${_fm_tgz}" DESTINATION "${_fm_work}")
  foreach(name IN LISTS _fm_missing)
    if(NOT EXISTS "${_fm_work}/package/${name}")
      message(FATAL_ERROR "fakecam: ${_fm_package} does not contain ${name}")
    endif()
    file(COPY "${_fm_work}/package/${name}" DESTINATION "${FAKECAM_MODEL_DIR}"
         FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  endforeach()
  file(REMOVE_RECURSE "${_fm_work}")
  _fm_missing_files(_fm_still_missing)
  if(_fm_still_missing)
    message(FATAL_ERROR "fakecam: ${_fm_still_missing} from ${_fm_package} does not match the SHA-256 pinned in models/SHA256SUMS; refusing to use it.")
  endif()
  message(STATUS "fakecam: models verified in ${FAKECAM_MODEL_DIR}")
endif()
