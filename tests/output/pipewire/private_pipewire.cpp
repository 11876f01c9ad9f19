// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/pipewire/private_pipewire.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

extern char** environ;

namespace fakecam::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPipeWire = "/usr/bin/pipewire";
constexpr const char* kWirePlumber = "/usr/bin/wireplumber";
constexpr const char* kDbusDaemon = "/usr/bin/dbus-daemon";
constexpr const char* kPwCli = "/usr/bin/pw-cli";

// Variables that would point a client somewhere other than the private daemon.
constexpr const char* kUnset[] = {"PIPEWIRE_REMOTE", "PIPEWIRE_NODE", "PIPEWIRE_V4L2_TARGET"};

void require_program(const char* path, const char* package) {
  if (::access(path, X_OK) != 0) {
    throw std::runtime_error(std::string(path) + " is missing: apt-get install " + package +
                             " (see .ci/apt-packages.txt, '# PipeWire tests')");
  }
}

// This process's environment with `overrides` ("NAME=value") replacing
// variables of the same name.
std::vector<std::string> environment_with(const std::vector<std::string>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const std::string name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& o : overrides) replaced = replaced || o.substr(0, o.find('=')) == name;
    if (!replaced) env.push_back(entry);
  }
  env.insert(env.end(), overrides.begin(), overrides.end());
  return env;
}

pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
            const std::filesystem::path& log) {
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write " + log.string());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fd, 1);
  posix_spawn_file_actions_adddup2(&actions, fd, 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_copy = env;
  std::vector<char*> envp;
  for (auto& e : env_copy) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(fd);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  return pid;
}

// `signal`, then SIGKILL if it lingers; always reaps.
void stop_process(pid_t& pid, int signal = SIGTERM) {
  if (pid <= 0) return;
  ::kill(pid, signal);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(20ms);
  }
  pid = -1;
}

bool exited(pid_t pid) {
  int status = 0;
  return pid > 0 && ::waitpid(pid, &status, WNOHANG) == pid;
}

std::string tail_of(const std::filesystem::path& path, std::size_t lines) {
  std::ifstream in(path);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::ostringstream out;
  out << "--- " << path.filename().string() << " ---\n";
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) out << all[i] << '\n';
  return out.str();
}

}  // namespace

PrivatePipeWire::PrivatePipeWire(const std::string& name, std::chrono::seconds ready_timeout)
    : ready_timeout_(ready_timeout) {
  require_program(kPipeWire, "pipewire");
  require_program(kWirePlumber, "wireplumber");
  require_program(kDbusDaemon, "dbus");
  require_program(kPwCli, "pipewire-bin");

  base_dir_ = scratch_dir("pw-" + name);  // short: the socket path must fit in 108 bytes
  runtime_dir_ = base_dir_ / "run";
  work_dir_ = base_dir_ / "work";
  log_dir_ = base_dir_ / "log";
  for (const auto& d : {runtime_dir_, work_dir_, log_dir_, base_dir_ / "config", base_dir_ / "state"}) {
    std::filesystem::create_directories(d);
  }
  std::filesystem::permissions(runtime_dir_, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace);

  const std::string bus = "unix:path=" + (runtime_dir_ / "bus").string();
  const std::pair<const char*, std::string> vars[] = {
      {"XDG_RUNTIME_DIR", runtime_dir_.string()},
      {"PIPEWIRE_RUNTIME_DIR", runtime_dir_.string()},
      {"DBUS_SESSION_BUS_ADDRESS", bus},
  };
  for (const auto& [var, value] : vars) {
    const char* old = std::getenv(var);
    saved_env_[var] = old ? std::optional<std::string>(old) : std::nullopt;
    ::setenv(var, value.c_str(), 1);
  }
  for (const char* var : kUnset) {
    const char* old = std::getenv(var);
    saved_env_[var] = old ? std::optional<std::string>(old) : std::nullopt;
    ::unsetenv(var);
  }

  try {
    // The daemons read only the system configuration (not the developer's
    // ~/.config/pipewire or wireplumber), and keep their state here.
    const auto env = environment_with(
        {"XDG_CONFIG_HOME=" + (base_dir_ / "config").string(), "XDG_STATE_HOME=" + (base_dir_ / "state").string()});
    dbus_pid_ =
        spawn({kDbusDaemon, "--session", "--address=" + bus, "--nofork", "--nopidfile"}, env, log_dir_ / "dbus.log");
    const auto deadline = std::chrono::steady_clock::now() + ready_timeout_;
    while (!std::filesystem::exists(runtime_dir_ / "bus")) {
      if (exited(dbus_pid_) || std::chrono::steady_clock::now() > deadline) {
        dbus_pid_ = -1;
        throw std::runtime_error("the session dbus-daemon did not start\n" + logs());
      }
      std::this_thread::sleep_for(20ms);
    }
    start_daemon();
  } catch (...) {
    stop_daemon();
    stop_process(dbus_pid_);
    throw;
  }
}

PrivatePipeWire::~PrivatePipeWire() {
  stop_daemon();
  stop_process(dbus_pid_);
  for (const auto& [var, value] : saved_env_) {
    if (value) {
      ::setenv(var.c_str(), value->c_str(), 1);
    } else {
      ::unsetenv(var.c_str());
    }
  }
}

void PrivatePipeWire::stop_daemon(int signal) {
  stop_process(pipewire_pid_, signal);
  stop_process(wireplumber_pid_);  // it exits by itself once pipewire is gone
}

void PrivatePipeWire::start_daemon() {
  if (pipewire_pid_ > 0) return;
  const auto env = environment_with(
      {"XDG_CONFIG_HOME=" + (base_dir_ / "config").string(), "XDG_STATE_HOME=" + (base_dir_ / "state").string()});
  ++restarts_;
  const std::string suffix = restarts_ > 1 ? "-" + std::to_string(restarts_) : "";
  pipewire_pid_ = spawn({kPipeWire}, env, log_dir_ / ("pipewire" + suffix + ".log"));
  const auto deadline = std::chrono::steady_clock::now() + ready_timeout_;
  while (!std::filesystem::exists(socket_path())) {
    if (exited(pipewire_pid_) || std::chrono::steady_clock::now() > deadline) {
      pipewire_pid_ = -1;
      throw std::runtime_error("pipewire did not create " + socket_path().string() + "\n" + logs());
    }
    std::this_thread::sleep_for(20ms);
  }
  wireplumber_pid_ = spawn({kWirePlumber}, env, log_dir_ / ("wireplumber" + suffix + ".log"));
  wait_until_ready(ready_timeout_);
}

void PrivatePipeWire::wait_until_ready(std::chrono::seconds timeout) {
  // WirePlumber is ready to link consumers once its client is connected and
  // its "default" metadata (made by its policy setup) exists.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (exited(pipewire_pid_)) {
      pipewire_pid_ = -1;
      throw std::runtime_error("pipewire exited while starting\n" + logs());
    }
    if (exited(wireplumber_pid_)) {
      wireplumber_pid_ = -1;
      throw std::runtime_error("wireplumber exited while starting\n" + logs());
    }
    const std::string clients = list_objects("Client");
    const std::string metadata = list_objects("Metadata");
    if (clients.find("WirePlumber") != std::string::npos &&
        metadata.find("metadata.name = \"default\"") != std::string::npos) {
      return;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("WirePlumber did not become ready\n" + logs());
    }
    std::this_thread::sleep_for(100ms);
  }
}

std::string PrivatePipeWire::list_objects(const std::string& type) const {
  return run_command({kPwCli, "ls", type}, 10).out;
}

std::optional<std::string> PrivatePipeWire::node_serial(const std::string& node_name) const {
  // `pw-cli ls Node` prints each object as "id N, type ..." then indented
  // "key = "value"" lines.
  std::istringstream in(list_objects("Node"));
  std::optional<std::string> serial;
  bool named = false;
  auto value_of = [](const std::string& line) {
    const auto open = line.find('"');
    const auto close = line.rfind('"');
    return open == std::string::npos || close <= open ? std::string() : line.substr(open + 1, close - open - 1);
  };
  for (std::string line; std::getline(in, line);) {
    if (line.find("id ") != std::string::npos && line.find("type ") != std::string::npos) {
      if (named && serial) return serial;
      serial.reset();
      named = false;
    } else if (line.find("object.serial") != std::string::npos) {
      serial = value_of(line);
    } else if (line.find("node.name") != std::string::npos) {
      named = value_of(line) == node_name;
    }
  }
  if (named && serial) return serial;
  return std::nullopt;
}

std::string PrivatePipeWire::logs() const {
  std::string out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(log_dir_, ec)) out += tail_of(entry.path(), 15);
  return out;
}

}  // namespace fakecam::test
