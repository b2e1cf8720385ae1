// `weft validate FILE`: checks a definition file and prints each problem as
// `pointer: code: message`. Exit codes: 0 valid, 1 invalid, 2 unreadable or not JSON.
#pragma once

#include <iosfwd>
#include <string>

namespace weft::app {

struct validate_options {
  std::string file;          // "-" reads standard input
  bool json_output = false;  // print the whole report as one JSON document
  bool quiet_warnings = false;
};

[[nodiscard]] int run_validate(const validate_options& options, std::ostream& out, std::ostream& err);

}  // namespace weft::app
