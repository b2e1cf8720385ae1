// Looks an embedded schema up by name (a linear scan over ~25 entries, done at start-up).
#include "schemas/embedded.hpp"

namespace weft::schemas {

std::string_view find_embedded(std::string_view name) {
  for (const auto& f : embedded_files()) {
    if (f.name == name) return f.text;
  }
  return {};
}

}  // namespace weft::schemas
