// A fresh temporary directory for one benchmark run, removed with what is in it when it goes
// out of scope. Empty path() when it could not be made.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace weft::bench {

class temp_dir {
 public:
  temp_dir() {
    path_ = (std::filesystem::temp_directory_path() / "weft_bench_XXXXXX").string();
    if (!::mkdtemp(path_.data())) path_.clear();
  }
  ~temp_dir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

}  // namespace weft::bench
