// Test helpers for storage: ASSERT_OK/EXPECT_OK on storage::status, and a temp directory
// per test that is removed afterwards.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "storage/status.hpp"

#define ASSERT_OK(expr)                                  \
  do {                                                   \
    const ::weft::storage::status s_ = (expr);           \
    ASSERT_TRUE(s_.is_ok()) << #expr << ": " << s_.to_string(); \
  } while (0)
#define EXPECT_OK(expr)                                  \
  do {                                                   \
    const ::weft::storage::status s_ = (expr);           \
    EXPECT_TRUE(s_.is_ok()) << #expr << ": " << s_.to_string(); \
  } while (0)

namespace weft::storage::testing {

class temp_dir {
 public:
  temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "weft_test_XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) ? pattern : std::string();
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace weft::storage::testing
