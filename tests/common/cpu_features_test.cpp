// SPDX-License-Identifier: GPL-3.0-or-later
// The features the kernels pick their builds by are the ones the kernel
// reports for this CPU (/proc/cpuinfo's flags, which the kernel sets only
// where the OS also saves the registers), and asking twice gives the same.

#include "common/cpu_features.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace fakecam {
namespace {

std::set<std::string> proc_cpuinfo_flags() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    std::istringstream words(line.substr(line.find(':') + 1));
    std::set<std::string> flags;
    for (std::string w; words >> w;) flags.insert(w);
    return flags;
  }
  return {};
}

TEST(CpuFeatures, MatchWhatTheKernelReports) {
#if defined(__x86_64__) && defined(__GNUC__)
  const auto flags = proc_cpuinfo_flags();
  ASSERT_FALSE(flags.empty()) << "/proc/cpuinfo has no flags line";
  const CpuFeatures& f = cpu_features();
  EXPECT_EQ(f.avx2, flags.contains("avx2"));
  EXPECT_EQ(f.fma, flags.contains("fma"));
  EXPECT_EQ(f.avx512f, flags.contains("avx512f"));
  EXPECT_EQ(f.avx512bw, flags.contains("avx512bw"));
  EXPECT_TRUE(flags.contains("sse2")) << "x86-64's baseline";
#else
  const CpuFeatures& f = cpu_features();
  EXPECT_FALSE(f.avx2 || f.fma || f.avx512f || f.avx512bw) << "x86 features off x86";
#endif
  EXPECT_EQ(&cpu_features(), &f) << "asked once";
}

}  // namespace
}  // namespace fakecam
