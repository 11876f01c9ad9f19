// SPDX-License-Identifier: GPL-3.0-or-later
// Every fakecam command line shown to users is tried: the examples in
// README.md (code blocks and `inline` spans) and those `fakecam --help`
// prints. They are read from those two places, so they cannot drift from
// what users see. Examples that need a webcam, a virtual camera, PipeWire or
// a running fakecam are parsed (and their files resolved) by the same entry
// point main() uses; the others run, on a clip instead of a webcam.

#include <gtest/gtest.h>
#include <wordexp.h>

#include <fstream>
#include <regex>
#include <sstream>

#include <opencv2/imgcodecs.hpp>

#include "app/compose_options.hpp"
#include "app/parsed_command_line.hpp"
#include "common/error.hpp"
#include "support/run_command.hpp"
#include "support/scoped_env.hpp"
#include "support/test_paths.hpp"

namespace fakecam::app {
namespace {

namespace fs = std::filesystem;

const fs::path kReadme = test::data_dir().parent_path().parent_path() / "README.md";

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A shown command line without what a shell would not pass to fakecam: a
// trailing `# comment`, a `| pipe`, a `> redirection` and [optional parts]
// of a synopsis.
std::string command_part(std::string line) {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '|' || c == '>' || (c == '#' && i > 0 && line[i - 1] == ' ')) {
      line.resize(i);
      break;
    }
  }
  return std::regex_replace(line, std::regex(R"(\s*\[[^\]]*\])"), "");
}

// The README's examples: code lines and inline spans that start with fakecam.
std::vector<std::string> readme_examples() {
  std::vector<std::string> examples;
  const std::regex code_line(R"(^\s{4,}(?:build/src/app/)?(fakecam( .*)?)$)");
  const std::regex inline_span(R"(`(fakecam [^`]+)`)");
  std::istringstream text(read_text(kReadme));
  for (std::string line; std::getline(text, line);) {
    std::smatch m;
    if (std::regex_match(line, m, code_line)) {
      examples.push_back(command_part(m[1]));
      continue;
    }
    for (std::sregex_iterator it(line.begin(), line.end(), inline_span), end; it != end; ++it) {
      examples.push_back(command_part((*it)[1]));
    }
  }
  return examples;
}

// The examples at the end of `fakecam --help`: "  fakecam ARGS   what it does".
std::vector<std::string> help_examples() {
  const test::CommandResult help = test::run_command({test::fakecam_binary().string(), "--help"});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  std::vector<std::string> examples;
  const std::regex example(R"(^  (fakecam \S+(?: \S+)*)(?:\s{2,}.*)?$)");
  std::istringstream text(help.out);
  for (std::string line; std::getline(text, line);) {
    std::smatch m;
    if (std::regex_match(line, m, example)) examples.push_back(m[1]);
  }
  return examples;
}

// Word splitting, quotes and ~ as the user's shell does them (no commands run).
std::vector<std::string> shell_words(const std::string& command) {
  wordexp_t words{};
  const int rc = ::wordexp(command.c_str(), &words, WRDE_NOCMD | WRDE_UNDEF);
  if (rc != 0) {
    ADD_FAILURE() << "cannot split " << command << " (wordexp " << rc << ")";
    return {};
  }
  std::vector<std::string> out(words.we_wordv + 1, words.we_wordv + words.we_wordc);  // without "fakecam"
  ::wordfree(&words);
  return out;
}

bool needs_devices(const std::vector<std::string>& args) {
  for (const std::string& a : args) {
    if (a.find("/dev/") != std::string::npos || a.find("pipewire") != std::string::npos || a == "ctl" ||
        a == "preview" || a == "--check") {
      return true;
    }
  }
  return false;
}

bool has_arg(const std::vector<std::string>& args, const std::string& name) {
  for (const std::string& a : args) {
    if (a == name || a.rfind(name + "=", 0) == 0) return true;
  }
  return false;
}

// The files the examples name, in a scratch directory that is both the
// working directory and $HOME while they run.
class Examples : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = test::scratch_dir("examples");
    const fs::path clip = fs::path(FAKECAM_SAMPLES_DIR) / "person-webcam.mp4";
    const fs::path picture = fs::path(FAKECAM_SAMPLES_DIR) / "background.jpg";
    for (const char* name : {"clip.mp4", "beach.mp4"}) fs::copy_file(clip, home_ / name);
    for (const char* name : {"beach.jpg", "stars.jpg", "photo.jpg", "Pictures/beach.jpg", "podium/background.jpg"}) {
      fs::create_directories((home_ / name).parent_path());
      fs::copy_file(picture, home_ / name);
    }
    cv::Mat podium(120, 320, CV_8UC3, cv::Scalar(40, 80, 160));
    cv::imwrite((home_ / "podium" / "foreground.png").string(), podium);
    cv::Mat mask(120, 320, CV_8UC1, cv::Scalar(0));
    mask.rowRange(80, 120).setTo(255);
    cv::imwrite((home_ / "podium" / "foreground-mask.png").string(), mask);
    old_cwd_ = fs::current_path();
    fs::current_path(home_);
  }
  void TearDown() override { fs::current_path(old_cwd_); }

  // Parsed as main() parses, and the compositor's files found.
  void parse_only(const std::string& example, const std::vector<std::string>& args) {
    test::ScopedEnv home("HOME", home_.c_str());
    try {
      const auto p = test_support::parse_command_line(args);
      if (chosen_command(p->cli) == Command::camera && !p->cli.dump_config) make_compose_settings(p->cli.settings);
    } catch (const std::exception& e) {
      ADD_FAILURE() << example << ": " << e.what();
    }
  }

  // Run as the user would, on the clip instead of a webcam, a few frames.
  void run(const std::string& example, std::vector<std::string> args) {
    const bool camera = args.empty() || args[0] != "segment";
    const bool to_stdout = has_arg(args, "-v");  // -v - (a device would have made it parse-only)
    if (camera && !has_arg(args, "--help") && !has_arg(args, "--dump-config")) {
      if (!has_arg(args, "--input")) args.insert(args.end(), {"--input", "clip.mp4"});
      if (!to_stdout && !has_arg(args, "--output")) args.insert(args.end(), {"--output", "out.y4m"});
      args.insert(args.end(), {"--frames", "3", "--no-status", "-W", "320", "-H", "180"});
    }
    args.insert(args.begin(), test::fakecam_binary().string());
    fs::remove(home_ / "out.y4m");
    const test::CommandResult r =
        test::run_command(args, 300, {"HOME=" + home_.string(), "XDG_CONFIG_HOME=" + (home_ / "no-config").string()});
    ASSERT_EQ(r.exit_code, 0) << example << "\n" << r.err;
    if (has_arg(args, "--dump-config")) {
      EXPECT_EQ(r.out.rfind("# fakecam configuration", 0), 0u) << example << "\n" << r.out;
    } else if (!camera) {
      EXPECT_TRUE(fs::exists(home_ / "mask.png")) << example;
    } else if (!has_arg(args, "--help")) {
      const std::string y4m = to_stdout ? r.out : read_text(home_ / "out.y4m");
      EXPECT_EQ(y4m.rfind("YUV4MPEG2 W320 H180", 0), 0u) << example;
      EXPECT_NE(y4m.find("FRAME"), std::string::npos) << example;
    }
  }

  void try_example(const std::string& example) {
    SCOPED_TRACE(example);
    std::vector<std::string> args;
    {
      test::ScopedEnv home("HOME", home_.c_str());  // ~ in the example is the scratch home
      args = shell_words(example);
    }
    if (needs_devices(args)) {
      parse_only(example, args);
    } else {
      run(example, args);
    }
  }

  fs::path home_;
  fs::path old_cwd_;
};

TEST_F(Examples, EveryReadmeExampleRunsOrParses) {
  const auto examples = readme_examples();
  ASSERT_GE(examples.size(), 12u) << "the README's examples were not found in " << kReadme;
  for (const std::string& example : examples) try_example(example);
}

TEST_F(Examples, EveryHelpExampleRuns) {
  const auto examples = help_examples();
  ASSERT_GE(examples.size(), 5u) << "fakecam --help shows examples";
  for (const std::string& example : examples) try_example(example);
}

TEST_F(Examples, TheReadmeConfigExampleReadsAndDumpsBack) {
  // The ```ini block of the README's config section, as a user would save it.
  const std::string readme = read_text(kReadme);
  const auto start = readme.find("```ini\n");
  ASSERT_NE(start, std::string::npos) << "no ```ini block in " << kReadme;
  const auto end = readme.find("```", start + 7);
  const fs::path config = home_ / ".config" / "fakecam" / "config.ini";
  fs::create_directories(config.parent_path());
  std::ofstream(config) << readme.substr(start + 7, end - start - 7);
  test::ScopedEnv home("HOME", home_.c_str());
  test::ScopedEnv xdg("XDG_CONFIG_HOME", nullptr);
  const auto p = test_support::parse_command_line({}, true);
  EXPECT_NO_THROW(make_compose_settings(p->cli.settings));
  // The settings it holds are not the defaults, and --dump-config writes them back.
  const auto defaults = test_support::parse_command_line({"-c", "/dev/null"});
  EXPECT_NE(dump_config(p->cli), dump_config(defaults->cli));
  const fs::path dumped = home_ / "dumped.ini";
  std::ofstream(dumped) << dump_config(p->cli);
  EXPECT_EQ(dump_config(test_support::parse_command_line({"-c", dumped.string()})->cli), dump_config(p->cli));
}

}  // namespace
}  // namespace fakecam::app
