// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli_config.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>

#include "app/config_file.hpp"
#include "common/error.hpp"

namespace fakecam::app {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Edits (insert, delete, substitute) between two names, ignoring case.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The option a long name (without dashes) names, if the config may set it.
const CLI::Option* long_option(const CLI::App& app, const std::string& name) {
  const CLI::Option* opt = app.get_option_no_throw("--" + name);
  if (opt == nullptr) return nullptr;
  const auto& names = opt->get_lnames();
  return std::find(names.begin(), names.end(), name) != names.end() ? opt : nullptr;
}

// "--name" / "--name=value" / "-X..." naming an option of `app`.
bool names_an_option(const CLI::App& app, const std::string& arg) {
  if (arg.size() < 2 || arg[0] != '-') return false;
  if (arg[1] == '-') return arg.size() > 2 && long_option(app, arg.substr(2, arg.find('=') - 2)) != nullptr;
  return app.get_option_no_throw(arg.substr(0, 2)) != nullptr;
}

}  // namespace

std::filesystem::path default_config_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && xdg[0] == '/') {
    return std::filesystem::path(xdg) / "fakecam" / "config.ini";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    return std::filesystem::path(home) / ".config" / "fakecam" / "config.ini";
  }
  return {};
}

std::string did_you_mean(const CLI::App& app, std::string_view written, std::string_view prefix) {
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const CLI::Option* opt : app.get_options()) {
    if (!opt->get_configurable()) continue;
    for (const std::string& name : opt->get_lnames()) {
      const std::size_t d = edit_distance(written, name);
      if (d < best_distance) best = name, best_distance = d;
    }
  }
  // Close enough to be a typo: a few letters, or a third of the name.
  if (best.empty() || best_distance > std::max<std::size_t>(2, written.size() / 3)) return "";
  return fmt::format(" (did you mean {}{}?)", prefix, best);
}

bool flag_is_on(const CLI::Option& flag) {
  if (flag.results().empty()) return false;
  try {
    return CLI::detail::to_flag_value(flag.results().back()) > 0;
  } catch (const std::exception&) {
    return false;
  }
}

void apply_config_file(CLI::App& app, const std::filesystem::path& file) {
  const std::string where = file.string();
  std::map<const CLI::Option*, int> first_line;
  for (const ConfigEntry& entry : read_config_file(file)) {
    CLI::Option* opt = app.get_option_no_throw("--" + entry.key);
    if (opt != nullptr && long_option(app, entry.key) == nullptr) opt = nullptr;  // exact long names only
    if (opt == nullptr) {
      fail("{}:{}: unknown key '{}'{}; keys are the long option names of fakecam --help", where, entry.line, entry.key,
           did_you_mean(app, entry.key));
    }
    if (!opt->get_configurable()) {
      fail("{}:{}: '{}' cannot be set in a config file; give --{} on the command line", where, entry.line, entry.key,
           entry.key);
    }
    if (const auto [it, fresh] = first_line.emplace(opt, entry.line); !fresh) {
      fail("{}:{}: '{}' is already set on line {}; give it once", where, entry.line, entry.key, it->second);
    }
    if (opt->count() > 0) continue;  // the command line wins
    if (!entry.value && opt->get_expected_min() > 0) {
      fail("{}:{}: '{}' needs a value: {} = ...", where, entry.line, entry.key, entry.key);
    }
    try {
      // Flags and the optional-value --blur read a bare key as the command
      // line reads the flag alone.
      const bool flag_like = opt->get_expected_min() == 0;
      opt->add_result(flag_like ? opt->get_flag_value(entry.key, entry.value.value_or("")) : *entry.value);
      opt->run_callback();
    } catch (const CLI::Error& e) {
      fail("{}:{}: {} = {}: {}", where, entry.line, entry.key, entry.value.value_or(""), e.what());
    }
  }
}

void check_values_are_not_options(const CLI::App& root, const std::vector<std::string>& args) {
  const CLI::App* app = &root;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") return;
    if (arg.empty() || arg[0] != '-') {
      const auto subs = app->get_subcommands([&arg](const CLI::App* sub) { return sub->check_name(arg); });
      if (!subs.empty()) app = subs.front();
      continue;
    }
    if (arg.find('=') != std::string::npos || (arg[1] != '-' && arg.size() != 2)) continue;  // the value is attached
    const CLI::Option* opt = app->get_option_no_throw(arg);
    if (opt == nullptr || opt->get_expected_min() == 0 || i + 1 == args.size()) continue;
    if (names_an_option(*app, args[i + 1])) {
      throw CLI::ValidationError(arg, "needs a value, but the next argument is the option " + args[i + 1]);
    }
  }
}

}  // namespace fakecam::app
