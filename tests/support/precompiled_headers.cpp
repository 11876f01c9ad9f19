// SPDX-License-Identifier: GPL-3.0-or-later
// The translation unit that builds the tests' precompiled header
// (tests/CMakeLists.txt: fakecam_test_pch); it has no code of its own.
