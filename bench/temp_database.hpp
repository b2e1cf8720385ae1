// A RocksDB database in a fresh temporary directory for one benchmark of storage alone,
// removed when it goes out of scope. Check ok() before use; why() says what failed.
// (Benchmarks of a whole node build one with app::node over a bench::temp_dir.)
#pragma once

#include <memory>
#include <string>

#include "bench/temp_dir.hpp"
#include "storage/database.hpp"

namespace weft::bench {

class temp_database {
 public:
  explicit temp_database(storage::sync_mode sync) : sync_(sync) {
    if (dir_.path().empty()) {
      why_ = "mkdtemp failed";
      return;
    }
    open();
  }
  ~temp_database() { db_.reset(); }  // before the directory goes
  temp_database(const temp_database&) = delete;
  temp_database& operator=(const temp_database&) = delete;

  [[nodiscard]] bool ok() const noexcept { return db_ != nullptr; }
  [[nodiscard]] const std::string& why() const noexcept { return why_; }
  [[nodiscard]] storage::database& db() { return *db_; }

 private:
  bool open() {
    storage::database_options options;
    options.path = dir_.path() + "/db";
    options.sync = sync_;
    if (auto s = storage::database::open(options, db_); !s.is_ok()) why_ = s.to_string();
    return db_ != nullptr;
  }

  temp_dir dir_;
  storage::sync_mode sync_ = storage::sync_mode::group;
  std::string why_;
  std::unique_ptr<storage::database> db_;
};

}  // namespace weft::bench
