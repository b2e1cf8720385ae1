#include "app/process_setup.hpp"

#include <pthread.h>

#include <sstream>
#include <stdexcept>

#include "core/worker_label.hpp"
#include "nodes/registry.hpp"

namespace weft::app {

bool split_host_port(const std::string& text, std::string& host, std::uint16_t& port) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  try {
    std::size_t used = 0;
    const long p = std::stol(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || p < 0 || p > 65535) return false;
    port = static_cast<std::uint16_t>(p);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

bool parse_pins(const std::vector<std::string>& pins, std::map<std::string, std::vector<std::string>>& out,
                std::string& why) {
  for (const auto& pin : pins) {
    const auto equals = pin.find('=');
    const std::string type = pin.substr(0, equals);
    const auto* known = nodes::registry::builtin().find_type(type);
    if (equals == std::string::npos || (type != "custom" && !(known && known->info.type == type && known->may_run_on_a_worker()))) {
      why = "--pin takes TYPE=LABEL[,LABEL] where TYPE is custom or a step type that calls out over HTTP (http, llm), got '" +
            pin + "'";
      return false;
    }
    std::vector<std::string> labels;
    std::istringstream list(pin.substr(equals + 1));
    for (std::string label; std::getline(list, label, ',');) {
      if (!core::is_worker_label(label)) {
        why = "--pin '" + pin + "': '" + label +
              "' is not a label (1 to 63 of a-z, 0-9, _, . and -, starting with a letter or digit)";
        return false;
      }
      labels.push_back(label);
    }
    if (labels.empty()) {
      why = "--pin '" + pin + "' names no label";
      return false;
    }
    out[type] = std::move(labels);
  }
  return true;
}

sigset_t block_stop_signals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  return stop_signals;
}

}  // namespace weft::app
