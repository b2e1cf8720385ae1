// Why the engine refused or failed a request: the typed errors of the actor boundary. On
// the actor side they are CAF errors of category "weft" (make_error, registered with its
// renderer in system_config.cpp); engine_client hands the code to the HTTP layer, which
// maps it to a status in one place (http/errors.cpp, engine_failure). CAF-free.
#pragma once

#include <cstdint>
#include <string>

namespace caf {
class error;
}

namespace weft::actors {

enum class engine_errc : std::uint8_t {
  none = 0,
  not_found = 1,       // no such execution for this tenant
  already_exists,      // the execution id is taken (running, or its log exists)
  invalid_definition,  // the definition is not a workflow
  storage_full,        // the disk is full: nothing was written
  storage_failed,      // the event log could not be written (an I/O error)
  timeout,             // no answer in time: what was asked may still happen
  internal,            // anything else
  incompatible_peer,   // a node of another cluster protocol version (messages.hpp)
};

[[nodiscard]] const char* to_string(engine_errc code) noexcept;

/// A CAF error of category "weft" carrying `why`.
[[nodiscard]] caf::error make_error(engine_errc code, std::string why = {});
/// The engine code of `err`: its own for a "weft" error, `timeout` for CAF's request
/// timeout, `internal` for anything else, `none` for no error.
[[nodiscard]] engine_errc engine_code(const caf::error& err) noexcept;

}  // namespace weft::actors
