// The composition root: parses the command line and runs one command. The only place
// that wires modules together (serve_command.cpp builds the running node).
#include <iostream>

#include <CLI/CLI.hpp>

#include "app/run_command.hpp"
#include "app/serve_command.hpp"
#include "app/worker_command.hpp"
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

  weft::app::serve_options serve;
  auto* serve_cmd = cli.add_subcommand("serve", "Run the Weft service on its embedded RocksDB");
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on (port 0: any free port)")->capture_default_str();
  serve_cmd->add_option("--data", serve.data, "Data directory")->capture_default_str();
  serve_cmd->add_option("--sync", serve.sync, "group: fsync every commit; none: WAL without fsync")
      ->check(CLI::IsMember({"group", "none"}))
      ->capture_default_str();
  serve_cmd->add_option("--console", serve.console_dir, "Directory of the built web console")->capture_default_str();
  serve_cmd->add_flag("--dev", serve.dev, "Keep a random JWT secret in the data dir and print an admin token");
  serve_cmd->add_option("--default-tier", serve.default_tier, "Tier of tenants not in --tenants")
      ->check(CLI::IsMember({"free", "professional", "enterprise"}))
      ->capture_default_str();
  serve_cmd->add_option("--tenants", serve.tenants_file, "JSON file: tenant id -> settings");
  serve_cmd->add_option("--max-active", serve.max_active, "Executions running at once; more wait as pending")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  // At least 1: RocksDB must never meet a full disk itself (a WAL write that fails half-way
  // aborts the process in Debian's build).
  serve_cmd->add_option("--min-free-mb", serve.min_free_mb,
                        "Free disk space (MiB) writes keep in reserve: below it they are refused with 507 until space is back")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 20))
      ->capture_default_str();
  serve_cmd->add_option("--cluster-listen", serve.cluster_listen,
                        "HOST:PORT where workers join (`weft worker --join`; port 0: any free port)");
  serve_cmd->add_option("--local-slots", serve.local_slots,
                        "Attempts calling out over HTTP this node runs before it prefers a worker with a free slot")
      ->capture_default_str();
  serve_cmd->add_option("--pin", serve.pins,
                        "TYPE=LABEL[,LABEL]: attempts of TYPE (http, llm, or custom for every tenant's components) "
                        "run only on workers carrying all those labels, waiting for one (repeatable)");
  serve_cmd->add_option("--cluster", serve.cluster_file,
                        "JSON file naming every coordinator, its addresses and its shards (docs/cluster.md)");
  serve_cmd->add_option("--node", serve.node, "This coordinator's name in the --cluster file");
  serve_cmd->add_option("--passivate-after-ms", serve.passivate_after_ms,
                        "Executions waiting at least this long leave memory until woken (0: never)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();

  weft::app::token_options token;
  auto* token_cmd = cli.add_subcommand("token", "Print a signed JWT (secret: WEFT_JWT_SECRET or the dev secret of --data)");
  token_cmd->add_option("--tenant", token.tenant, "Tenant id")->required();
  token_cmd->add_option("--user", token.user, "User id (sub)")->required();
  token_cmd->add_option("--role", token.roles, "admin or operator (repeatable)");
  token_cmd->add_option("--ttl", token.ttl, "Lifetime: 30s, 15m, 1h, 7d")->capture_default_str();
  token_cmd->add_option("--data", token.data, "Data directory holding the dev secret")->capture_default_str();

  weft::app::run_options run;
  auto* run_cmd = cli.add_subcommand("run", "Run a workflow in an embedded engine and print its output");
  run_cmd->add_option("file", run.file, "Definition file (canonical or React Flow JSON)")->required();
  run_cmd->add_option("--input", run.input, "Execution input as JSON")->capture_default_str();
  run_cmd->add_option("--data", run.data, "Data directory to keep the run in (default: a temporary one)");

  weft::app::worker_options worker;
  auto* worker_cmd = cli.add_subcommand("worker", "Run step attempts for a coordinator (weft serve --cluster-listen)");
  worker_cmd->add_option("--join", worker.join, "HOST:PORT of each coordinator's --cluster-listen (a,b)")
      ->required()
      ->delimiter(',');
  worker_cmd->add_option("--slots", worker.slots, "Attempts at once")->capture_default_str();
  worker_cmd->add_option("--labels", worker.labels, "Labels steps may be pinned to (a,b)")->delimiter(',');
  worker_cmd->add_option("--name", worker.name, "Name in the coordinator's log (default: host/pid)");
  worker_cmd->add_option("--protocol", worker.protocol, "Cluster protocol to announce (testing only; 0: this build's)")
      ->group("");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  if (validate_cmd->parsed()) return weft::app::run_validate(validate, std::cout, std::cerr);
  if (serve_cmd->parsed()) return weft::app::run_serve(serve, std::cout, std::cerr);
  if (token_cmd->parsed()) return weft::app::run_token(token, std::cout, std::cerr);
  if (run_cmd->parsed()) return weft::app::run_workflow(run, std::cout, std::cerr);
  if (worker_cmd->parsed()) return weft::app::run_worker(worker, std::cout, std::cerr);
  return 0;
}
