#pragma once
// What `fakecam ctl` can ask of a running fakecam, and how a request line is
// understood. The running program implements ControlTarget.

#include <string>

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
  virtual std::string status() const = 0;
};

// The help text `fakecam ctl help` prints.
std::string control_help();

// Executes one request line ("background blur 30"). Never throws: problems
// become an error reply naming the bad word.
ControlReply handle_control_request(const std::string& request, ControlTarget& target);

}  // namespace fakecam::app
