// The embedded engine: a node in the engine role (app/node.hpp) — the same storage, log
// writer, engine and execution actors as `weft serve` — driven from the main thread through a
// scoped actor.
#include "app/run_command.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/messages.hpp"
#include "app/node.hpp"
#include "app/node_parts.hpp"
#include "core/json_input.hpp"
#include "core/random_id.hpp"
#include "core/validator.hpp"
#include "nodes/registry.hpp"

namespace weft::app {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr std::uint32_t progress_interval_ms = 200;

std::string progress_line(const json& s) {
  const double pct = s["progress"].value("percentage", 0.0);
  const int filled = static_cast<int>(pct / 5);
  std::string bar = "[" + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(20 - filled), '.') + "]";
  std::ostringstream line;
  line << bar << ' ' << static_cast<int>(pct) << "% " << s.value("status", "");
  if (s["current_step"].is_string()) line << " (" << s["current_step"].get<std::string>() << ")";
  for (const auto& [id, st] : s["steps"].items()) {
    if (st.value("status", "") == "retrying") line << " retrying " << id << " (attempt " << st.value("attempts", 0) << ")";
  }
  return line.str();
}

}  // namespace

int run_workflow(const run_options& o, std::ostream& out, std::ostream& err) {
  std::ifstream file(o.file);
  if (!file) {
    err << "weft run: cannot open " << o.file << "\n";
    return 2;
  }
  std::stringstream text;
  text << file.rdbuf();
  auto doc = core::parse_json_input(text.str());
  if (!doc.value) {
    err << o.file << ": not valid JSON: " << doc.error.message << "\n";
    return 2;
  }
  auto report = core::validate_definition(*doc.value, nodes::registry::builtin());
  if (!report.ok()) {
    for (const auto& p : report.errors) err << p.to_string() << "\n";
    return 2;
  }
  auto input = core::parse_json_input(o.input);
  if (!input.value) {
    err << "weft run: --input is not valid JSON: " << input.error.message << "\n";
    return 2;
  }

  std::string dir = o.data;
  const bool temporary = dir.empty();
  if (temporary) {
    dir = (fs::temp_directory_path() / "weft_run_XXXXXX").string();
    if (!::mkdtemp(dir.data())) {
      err << "weft run: cannot create a temporary directory\n";
      return 2;
    }
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  int code = 1;
  {
    node_options options;
    options.db_path = (fs::path(dir) / "db").string();
    options.sync = storage::sync_mode::none;  // a local run: survive a crash of this process, not a power cut
    std::string why;
    auto node = node::open(std::move(options), why);
    if (!node) {
      err << "weft run: " << why << "\n";
      return 2;
    }
    caf::actor_system& sys = *node->parts().actor_system;
    const caf::actor engine = node->parts().engine;
    const std::string id = core::random_id("ex_", 16);
    {
      caf::scoped_actor self{sys};
      bool started = false;
      self->request(engine, std::chrono::seconds(30),
                    actors::start_execution{"local", id, "file:" + o.file, 1, report.canonical.dump(), input.value->dump()})
          .receive([&](std::string&) { started = true; }, [&](caf::error& e) { err << "weft run: " << sys.render(e) << "\n"; });
      json state;
      const bool tty = ::isatty(STDERR_FILENO);
      while (started) {
        bool answered = false;
        self->request(engine, std::chrono::seconds(60), actors::await_execution{"local", id, progress_interval_ms})
            .receive(
                [&](std::string& s) {
                  state = json::parse(s);
                  answered = true;
                },
                [&](caf::error& e) { err << "weft run: " << sys.render(e) << "\n"; });
        if (!answered) break;
        const std::string status = state.value("status", "");
        err << (tty ? "\r" : "") << progress_line(state) << (tty ? "\033[K" : "\n") << std::flush;
        if (status == "completed" || status == "failed" || status == "cancelled" || status == "timed_out") {
          if (tty) err << "\n";
          if (status == "completed") {
            out << state["output"].dump(2) << "\n";
            code = 0;
          } else {
            err << "weft run: execution " << status << ": " << state["error"].dump() << "\n";
          }
          break;
        }
      }
    }
  }
  if (temporary) fs::remove_all(dir);
  return code;
}

}  // namespace weft::app
