// `weft run FILE [--input JSON] [--data DIR]`: runs a workflow in an embedded engine (no
// HTTP), shows progress on stderr while it runs, prints the output as JSON on stdout. Exit
// codes: 0 completed, 1 failed/cancelled/timed out, 2 unusable file or input.
#pragma once

#include <iosfwd>
#include <string>

namespace weft::app {

struct run_options {
  std::string file;
  std::string input = "{}";
  std::string data;  // empty: a temporary directory, removed afterwards
};

[[nodiscard]] int run_workflow(const run_options& options, std::ostream& out, std::ostream& err);

}  // namespace weft::app
