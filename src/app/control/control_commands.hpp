// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What `fakecam ctl` can ask of a running fakecam, and how a request line is
// understood. The running program implements ControlTarget; the client uses
// the same verb table to reject typos before it connects and to make file
// arguments absolute against its own working directory.

#include <filesystem>
#include <string>
#include <vector>

#include "app/control/control_socket.hpp"
#include "compose/compose_settings.hpp"

namespace fakecam::app {

class ControlTarget {
 public:
  virtual ~ControlTarget() = default;
  virtual compose::ComposeSettings compose_settings() const = 0;
  // Builds the new compositor (loading files) before it replaces the old one;
  // throws Error (and keeps the old one) when a file cannot be used.
  virtual void apply_compose_settings(const compose::ComposeSettings& settings) = 0;
  virtual void set_paused(bool paused) = 0;
  virtual void reload() = 0;
  // Auto-framing on (auto) or off; off glides back to the full view.
  virtual void set_framing(bool on) = 0;
  virtual std::string status() const = 0;
  // `preview`: attaches a preview window (preview/preview_publisher.hpp);
  // the reply passes the frame ring's descriptors.
  virtual ControlReply attach_preview() { return {false, "preview: this fakecam has no preview output"}; }
};

// The help text `fakecam ctl help` prints.
std::string control_help();

// Throws Error when the first word is not a verb (the message lists the
// verbs) or the verb has too many or too few arguments (the message shows
// its usage). Argument values are checked by handle_control_request.
void check_request_words(const std::vector<std::string>& words);

// The words with every file argument (background FILE, background
// file=FILE) made absolute against `cwd`: the running fakecam has its own
// working directory, so `fakecam ctl background beach.jpg` must send where
// the caller's beach.jpg is.
std::vector<std::string> with_absolute_paths(std::vector<std::string> words, const std::filesystem::path& cwd);

// Executes one request line ("background blur 30"). Never throws: problems
// become an error reply naming the bad word.
ControlReply handle_control_request(const std::string& request, ControlTarget& target);

}  // namespace fakecam::app
