// A RocksDB database in a fresh temporary directory for one benchmark run, removed when it
// goes out of scope. Check ok() before use; why() says what failed.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "storage/database.hpp"

namespace weft::bench {

class temp_database {
 public:
  explicit temp_database(storage::sync_mode sync) {
    dir_ = (std::filesystem::temp_directory_path() / "weft_bench_XXXXXX").string();
    if (!::mkdtemp(dir_.data())) {
      why_ = "mkdtemp failed";
      dir_.clear();
      return;
    }
    sync_ = sync;
    open();
  }
  ~temp_database() {
    db_.reset();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  temp_database(const temp_database&) = delete;
  temp_database& operator=(const temp_database&) = delete;

  [[nodiscard]] bool ok() const noexcept { return db_ != nullptr; }
  [[nodiscard]] const std::string& why() const noexcept { return why_; }
  [[nodiscard]] storage::database& db() { return *db_; }
  /// Closes and opens the database again (a restart); false when it did not open.
  bool reopen() {
    db_.reset();
    return open();
  }

 private:
  bool open() {
    storage::database_options options;
    options.path = dir_ + "/db";
    options.sync = sync_;
    if (auto s = storage::database::open(options, db_); !s.is_ok()) why_ = s.to_string();
    return db_ != nullptr;
  }

  storage::sync_mode sync_ = storage::sync_mode::group;
  std::string dir_;
  std::string why_;
  std::unique_ptr<storage::database> db_;
};

}  // namespace weft::bench
