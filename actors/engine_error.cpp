#include "actors/engine_error.hpp"

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/make_message.hpp>
#include <caf/sec.hpp>

namespace weft::actors {

namespace {
constexpr caf::atom_value category = caf::atom("weft");
}

const char* to_string(engine_errc code) noexcept {
  switch (code) {
    case engine_errc::none: return "none";
    case engine_errc::not_found: return "not_found";
    case engine_errc::already_exists: return "already_exists";
    case engine_errc::invalid_definition: return "invalid_definition";
    case engine_errc::storage_full: return "storage_full";
    case engine_errc::storage_failed: return "storage_failed";
    case engine_errc::timeout: return "timeout";
    case engine_errc::internal: return "internal";
    case engine_errc::incompatible_peer: return "incompatible_peer";
  }
  return "internal";
}

caf::error make_error(engine_errc code, std::string why) {
  return {static_cast<std::uint8_t>(code), category, caf::make_message(std::move(why))};
}

engine_errc engine_code(const caf::error& err) noexcept {
  if (!err) return engine_errc::none;
  if (err.category() == category && err.code() <= static_cast<std::uint8_t>(engine_errc::incompatible_peer)) {
    return static_cast<engine_errc>(err.code());
  }
  if (err == caf::sec::request_timeout) return engine_errc::timeout;
  return engine_errc::internal;
}

}  // namespace weft::actors
