// A full disk, for real: `weft serve` on a small tmpfs that the test fills. Writes are
// refused with 507 insufficient_storage (nothing half-written), reads go on, /health says
// 503 with the reason; once space is freed the service takes writes again without a
// restart, the execution stopped by the refusal comes back, and nothing is lost. Needs
// permission to mount a tmpfs (root, as in CI); elsewhere the test reports itself skipped.
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/app/served.hpp"
#include "tests/support/http_client.hpp"

namespace weft {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::http_client;

// A tmpfs of `mib` MiB at a fresh temporary directory, unmounted on destruction.
class small_disk {
 public:
  explicit small_disk(int mib) : dir_(fs::temp_directory_path() / ("weft_full_" + std::to_string(::getpid()))) {
    fs::create_directories(dir_);
    const std::string size = "size=" + std::to_string(mib) + "m";
    mounted_ = ::mount("tmpfs", dir_.c_str(), "tmpfs", 0, size.c_str()) == 0;
  }
  ~small_disk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  [[nodiscard]] bool mounted() const { return mounted_; }
  [[nodiscard]] const fs::path& path() const { return dir_; }
  // Writes a ballast file until the disk is full.
  void fill(const fs::path& file) const {
    std::ofstream out(file, std::ios::binary);
    const std::string mib(1 << 20, 'x');
    while (out.write(mib.data(), static_cast<std::streamsize>(mib.size()))) {
    }
  }

 private:
  fs::path dir_;
  bool mounted_ = false;
};

TEST(disk_full, writes_are_refused_reads_go_on_and_the_service_recovers_without_a_restart) {
  small_disk disk(48);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root); documented in docs/guarantees.md";
  testing::served node((disk.path() / "data").string(), {"--min-free-mb", "4"});
  ASSERT_NE(node.port(), 0) << node.output();
  http_client client(node.port());
  const std::string token = testing::run_token("--tenant acme --user ana --data " + (disk.path() / "data").string());
  const std::map<std::string, std::string> auth = {{"Authorization", "Bearer " + token}, {"X-Tenant-ID", "acme"}};
  const json definition = {
      {"name", "approval"},
      {"steps",
       {{{"id", "input"}, {"type", "input"}, {"next", "ask"}},
        {{"id", "ask"}, {"type", "wait_for_signal"}, {"config", {{"name", "go"}}}, {"next", "out"}},
        {{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.ask.payload"}}}}}}};
  auto wf = client.request("POST", "/api/workflows", definition.dump(), auth);
  ASSERT_EQ(wf.status, 201) << wf.body;
  const std::string workflow = wf.json()["id"];
  std::vector<std::string> waiting;
  for (int i = 0; i < 3; ++i) {
    auto r = client.request("POST", "/api/workflows/" + workflow + "/execute", json{{"input", {{"i", i}}}}.dump(), auth);
    ASSERT_EQ(r.status, 202) << r.body;
    waiting.push_back(r.json()["execution_id"]);
  }

  const fs::path ballast = disk.path() / "ballast";
  disk.fill(ballast);
  // Writes: refused, with the reason, in the envelope.
  auto refused = client.request("POST", "/api/workflows/" + workflow + "/execute", json{{"input", json::object()}}.dump(), auth);
  ASSERT_EQ(refused.status, 507) << refused.body;
  EXPECT_EQ(refused.json()["error"]["code"], "insufficient_storage") << refused.body;
  EXPECT_NE(refused.json()["error"]["message"].get<std::string>().find("free"), std::string::npos) << refused.body;
  EXPECT_EQ(client.request("POST", "/api/workflows", definition.dump(), auth).status, 507);
  auto signal = client.request("POST", "/api/executions/" + waiting[0] + "/signals/go", R"({"try": 1})", auth);
  EXPECT_EQ(signal.status, 507) << "a signal that cannot be recorded is not taken: " << signal.body;
  // Reads go on; health names the storage.
  auto health = client.request("GET", "/health", "", {});
  EXPECT_EQ(health.status, 503) << health.body;
  EXPECT_EQ(health.json()["storage"], "full") << health.body;
  for (const auto& id : waiting) EXPECT_EQ(client.request("GET", "/api/executions/" + id, "", auth).status, 200) << id;
  EXPECT_EQ(client.request("GET", "/api/workflows/" + workflow, "", auth).status, 200);

  // Space back: writes are taken again, without a restart.
  fs::remove(ballast);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (client.request("GET", "/health", "", {}).status != 200 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // health is the event: polled
  }
  ASSERT_EQ(client.request("GET", "/health", "", {}).status, 200);
  auto again = client.request("POST", "/api/workflows/" + workflow + "/execute", json{{"input", {{"i", 3}}}}.dump(), auth);
  ASSERT_EQ(again.status, 202) << again.body;
  waiting.push_back(again.json()["execution_id"]);
  // Every execution — the one whose signal was refused too — takes its signal and ends.
  for (std::size_t i = 0; i < waiting.size(); ++i) {
    const std::string& id = waiting[i];
    auto s = client.request("POST", "/api/executions/" + id + "/signals/go", json{{"n", i}}.dump(), auth);
    ASSERT_EQ(s.status, 200) << id << ": " << s.body;
    auto done = client.request("GET", "/api/executions/" + id + "?wait_ms=10000", "", auth);
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(done.json()["status"], "completed") << done.body;
    EXPECT_EQ(done.json()["output"], json({{"n", i}})) << done.body;
    const json page = client.request("GET", "/api/executions/" + id + "/events?limit=1000", "", auth).json();
    std::uint64_t seq = 0;
    for (const auto& e : page["events"]) EXPECT_EQ(e["seq"], ++seq) << id << ": every seq once, in order";
  }
  EXPECT_EQ(::kill(node.pid(), 0), 0) << "the service is still running";
}

}  // namespace
}  // namespace weft
