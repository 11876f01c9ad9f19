// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/ctl_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include <filesystem>

#include "app/control/control_commands.hpp"
#include "app/control/control_socket.hpp"

namespace fakecam::app {

void add_ctl_command(CLI::App& app, CtlOptions& options) {
  auto* cmd = app.add_subcommand(
      "ctl", "Change a running fakecam: fakecam ctl background blur 30 (`fakecam ctl help` lists requests)");
  cmd->add_option("request", options.words,
                  "The request, e.g. status, background FILE, background blur 30, threshold 0.6, pause, resume");
  cmd->add_option("--socket", options.socket, "The running fakecam's control socket (default: the only one running)");
  cmd->footer("Requests:\n" + control_help());
}

int run_ctl(const CtlOptions& options) {
  const std::vector<std::string> words = options.words.empty() ? std::vector<std::string>{"status"} : options.words;
  // A typo is reported here, the same with or without a running fakecam.
  check_request_words(words);
  if (words.front() == "help") {
    fmt::print("{}\n", control_help());
    return 0;
  }
  // The running fakecam has its own working directory.
  const std::string request =
      fmt::format("{}", fmt::join(with_absolute_paths(words, std::filesystem::current_path()), " "));
  const auto path = options.socket.empty() ? find_control_socket() : std::filesystem::path(options.socket);
  const ControlReply reply = send_control_request(path, request);
  if (reply.ok) {
    if (!reply.text.empty()) fmt::print("{}\n", reply.text);
    return 0;
  }
  fmt::print(stderr, "fakecam: {}\n", reply.text);
  return 1;
}

}  // namespace fakecam::app
