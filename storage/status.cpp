// status::to_string. Pure.
#include "storage/status.hpp"

namespace weft::storage {

std::string status::to_string() const {
  switch (code_) {
    case code::ok: return "ok";
    case code::not_found: return "not_found: " + message_;
    case code::conflict: return "conflict: " + message_;
    case code::invalid_argument: return "invalid_argument: " + message_;
    case code::corruption: return "corruption: " + message_;
    case code::io_error: return "io_error: " + message_;
    case code::no_space: return "no_space: " + message_;
  }
  return "unknown: " + message_;
}

}  // namespace weft::storage
