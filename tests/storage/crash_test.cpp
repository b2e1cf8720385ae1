// kill -9 of a process that is writing: everything it acknowledged is there after reopen,
// and no batch is half visible. The writer is a separate program (crash_writer.cpp).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "storage/database.hpp"
#include "storage/event_log.hpp"
#include "tests/storage/storage_test_support.hpp"

namespace weft::storage {
namespace {

std::string writer_binary() {
  if (const char* env = std::getenv("WEFT_CRASH_WRITER")) return env;
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "storage_crash_writer").string();
}

// Starts the writer, reads acknowledgements until `wanted` arrived, then kills it with
// SIGKILL mid-stream. Returns the highest acknowledged batch.
std::uint64_t write_then_kill(const std::string& dir, const char* sync, std::uint64_t wanted) {
  int out[2];
  if (pipe(out) != 0) return 0;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    std::string bin = writer_binary();
    execl(bin.c_str(), bin.c_str(), dir.c_str(), sync, static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  FILE* acks = fdopen(out[0], "r");
  unsigned long long n = 0, last = 0;
  while (last < wanted && std::fscanf(acks, "ack %llu\n", &n) == 1) last = n;
  kill(pid, SIGKILL);  // while it is in the middle of further appends
  int status = 0;
  waitpid(pid, &status, 0);
  // Acks printed after our last read but before the kill count too.
  while (std::fscanf(acks, "ack %llu\n", &n) == 1) last = n;
  std::fclose(acks);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "writer did not die by SIGKILL";
  return last;
}

void check_after_crash(const char* sync) {
  testing::temp_dir dir;
  const std::string path = dir.path() + "/db";
  const std::uint64_t acked = write_then_kill(path, sync, 300);
  ASSERT_GE(acked, 300u);

  std::unique_ptr<database> db;
  database_options options;
  options.path = path;
  ASSERT_OK(database::open(options, db));
  event_log log(*db);

  // Every acknowledged batch is whole.
  std::vector<core::event> events;
  for (std::uint64_t n = 1; n <= acked; ++n) {
    ASSERT_OK(log.read("acme", "x-" + std::to_string(n), 0, 100, events));
    ASSERT_EQ(events.size(), 5u) << "batch " << n << " was acknowledged but is not all there";
  }
  // The shared execution has one event per batch, contiguous from 1, at least up to `acked`;
  // a batch written after the last ack may be there, whole, or not at all.
  ASSERT_OK(log.read("acme", "shared", 0, 1'000'000, events));
  ASSERT_GE(events.size(), acked);
  for (std::size_t i = 0; i < events.size(); ++i) ASSERT_EQ(events[i].seq, i + 1);
  const std::uint64_t written = events.size();
  for (std::uint64_t n = acked + 1; n <= written + 1; ++n) {
    ASSERT_OK(log.read("acme", "x-" + std::to_string(n), 0, 100, events));
    const bool expected_whole = n <= written;
    EXPECT_EQ(events.size(), expected_whole ? 5u : 0u) << "batch " << n << " is half visible";
  }
  std::vector<execution_ref> active;
  ASSERT_OK(log.active_executions(active));
  EXPECT_EQ(active.size(), written);  // each x-N was created and never ended
}

TEST(crash, kill_9_while_writing_with_sync_group_loses_nothing_acknowledged) { check_after_crash("group"); }

TEST(crash, kill_9_while_writing_with_sync_none_loses_nothing_acknowledged) { check_after_crash("none"); }

}  // namespace
}  // namespace weft::storage
