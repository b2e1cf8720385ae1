// What the long-running commands (`weft serve`, `weft worker`) share in setting themselves up:
// reading HOST:PORT and taking the stop signals away from every thread but the main one.
#pragma once

#include <signal.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace weft::app {

/// Splits "HOST:PORT" ("[::1]:80" too); false when it is not one (a port of 0 is one).
[[nodiscard]] bool split_host_port(const std::string& text, std::string& host, std::uint16_t& port);

/// Reads `weft serve --pin` values, TYPE=LABEL[,LABEL], into step type -> labels; TYPE is a
/// type whose attempts may run on a worker (http, llm) or `custom` (every tenant's custom
/// components). False with `why`.
[[nodiscard]] bool parse_pins(const std::vector<std::string>& pins, std::map<std::string, std::vector<std::string>>& out,
                              std::string& why);

/// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts afterwards, so
/// that only the main thread's sigwait on the set returned sees them. Call before any thread starts.
[[nodiscard]] sigset_t block_stop_signals();

}  // namespace weft::app
