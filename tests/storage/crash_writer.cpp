// Helper for crash_test.cpp: appends batches to the event log forever and prints
// "ack N" after batch N is acknowledged (durable), until it is killed with SIGKILL.
// Batch N writes execution "x-N" (created + 4 step events) and event N of "shared".
// Usage: storage_crash_writer DIR group|none
#include <cstdio>
#include <cstring>

#include "storage/database.hpp"
#include "storage/event_log.hpp"

int main(int argc, char** argv) {
  using namespace weft;
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DIR group|none\n", argv[0]);
    return 2;
  }
  storage::database_options options;
  options.path = argv[1];
  options.sync = std::strcmp(argv[2], "none") == 0 ? storage::sync_mode::none : storage::sync_mode::group;
  std::unique_ptr<storage::database> db;
  if (auto s = storage::database::open(options, db); !s.is_ok()) {
    std::fprintf(stderr, "%s\n", s.to_string().c_str());
    return 1;
  }
  storage::event_log log(*db);
  auto make = [](std::uint64_t seq, core::event_type type, const char* step) {
    core::event e;
    e.seq = seq;
    e.type = type;
    e.at_ms = static_cast<std::int64_t>(seq);
    e.step_id = step;
    e.data = {{"payload", std::string(200, 'x')}};
    return e;
  };
  for (std::uint64_t n = 1;; ++n) {
    storage::execution_events own{"acme", "x-" + std::to_string(n), {}};
    own.events.push_back(make(1, core::event_type::execution_created, ""));
    for (std::uint64_t seq = 2; seq <= 5; ++seq) own.events.push_back(make(seq, core::event_type::log, "s"));
    storage::execution_events shared{"acme", "shared", {make(n, core::event_type::log, "s")}};
    if (auto s = log.append({own, shared}); !s.is_ok()) {
      std::fprintf(stderr, "%s\n", s.to_string().c_str());
      return 1;
    }
    std::printf("ack %llu\n", static_cast<unsigned long long>(n));
    std::fflush(stdout);
  }
}
