// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/thread_name.hpp"

#include <gtest/gtest.h>
#include <pthread.h>

#include <string>
#include <thread>

namespace fakecam {
namespace {

std::string name_in_a_thread(const char* name) {
  std::string seen;
  std::thread([&] {
    name_this_thread(name);
    char buffer[64] = {};
    pthread_getname_np(pthread_self(), buffer, sizeof buffer);
    seen = buffer;
  }).join();
  return seen;
}

TEST(ThreadName, NamesTheCallingThread) { EXPECT_EQ(name_in_a_thread("capture"), "capture"); }

// The kernel keeps 15 characters and refuses longer names outright.
TEST(ThreadName, CutsALongNameToFifteenCharacters) {
  EXPECT_EQ(name_in_a_thread("a-name-longer-than-fifteen"), "a-name-longer-t");
}

}  // namespace
}  // namespace fakecam
