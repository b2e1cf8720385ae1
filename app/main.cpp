// The composition root: parses the command line and runs one command. The only place
// that wires modules together (later: storage, actors and the HTTP server for `serve`).
#include <iostream>

#include <CLI/CLI.hpp>

#include "app/validate_command.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"Weft: a durable workflow execution service", "weft"};
  cli.set_version_flag("--version", std::string("weft ") + WEFT_VERSION);
  cli.require_subcommand(1);

  weft::app::validate_options validate;
  auto* validate_cmd = cli.add_subcommand("validate", "Check a workflow definition (canonical or React Flow JSON)");
  validate_cmd->add_option("file", validate.file, "Definition file, or - for standard input")->required();
  validate_cmd->add_flag("--json", validate.json_output, "Print the report as JSON");
  validate_cmd->add_flag("--no-warnings", validate.quiet_warnings, "Print errors only");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  if (validate_cmd->parsed()) return weft::app::run_validate(validate, std::cout, std::cerr);
  return 0;
}
