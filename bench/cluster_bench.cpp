// Workers (issue [6/6], docs/cluster.md), measured as a user would: `weft serve
// --cluster-listen` as a child process with 0, 1 and 2 `weft worker` processes beside it
// (`--local-slots 0`: an attempt goes to a worker whenever one has a free slot). The workflow's
// one outside step is a tenant's custom component whose endpoint runs here and burns
// `--work-us` of CPU per call (the CPU-bound custom step). For each number of workers: a closed
// loop of `--inflight` executions (`execute?wait_ms=`, every output checked) — executions/s —
// then one execution at a time — the request's p50/p99, whose difference between 0 and 1
// workers is what a remote attempt adds. One JSON line each.
// On one machine a worker adds no cores: it shares them with the coordinator, the endpoint and
// this generator. Usage: weft_bench_cluster [--executions 2000] [--inflight 32] [--work-us 200]
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <nlohmann/json.hpp>

#include "bench/http_load.hpp"
#include "bench/serve_process.hpp"

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

struct settings {
  long executions = 2000;
  long latency_runs = 300;
  int inflight = 32;
  int work_us = 200;
};

// The custom component's endpoint: answers each POST with {"n": input.n} after burning
// `work_us` of CPU. A thread per connection; stops with the process.
class endpoint {
 public:
  explicit endpoint(int work_us) : work_us_(work_us), acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    std::thread([this] { accept(); }).detach();
  }
  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  void accept() {
    for (;;) {
      net::ip::tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec) return;
      std::thread([this, s = std::move(socket)]() mutable { serve(std::move(s)); }).detach();
    }
  }
  void serve(net::ip::tcp::socket socket) {
    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request<bhttp::string_body> req;
      beast::error_code ec;
      bhttp::read(socket, buffer, req, ec);
      if (ec) return;
      const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(work_us_);
      volatile std::uint64_t spin = 0;
      while (std::chrono::steady_clock::now() < until) spin = spin + 1;
      const json body = json::parse(req.body(), nullptr, false);
      json n = body.is_object() && body.contains("input") && body["input"].is_object() ? body["input"].value("n", json()) : json();
      bhttp::response<bhttp::string_body> res{bhttp::status::ok, req.version()};
      res.set(bhttp::field::content_type, "application/json");
      res.body() = json{{"n", n}}.dump();
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      bhttp::write(socket, res, ec);
      if (ec || !req.keep_alive()) return;
    }
  }

  int work_us_;
  net::io_context ioc_;
  net::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
};

// `weft worker --join` as a child process, killed when this goes out of scope.
class worker_process {
 public:
  worker_process(std::uint16_t cluster_port, int index) {
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      std::freopen("/dev/null", "w", stderr);
      std::vector<std::string> args = {WEFT_BINARY, "worker", "--join", "127.0.0.1:" + std::to_string(cluster_port),
                                       "--slots", "16", "--name", "bench-" + std::to_string(index)};
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    out_ = ::fdopen(out[0], "r");
    char line[512];
    while (out_ && std::fgets(line, sizeof line, out_)) {
      if (std::string(line).find("joined") != std::string::npos) {
        joined_ = true;
        break;
      }
    }
  }
  ~worker_process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_) std::fclose(out_);
  }
  [[nodiscard]] bool joined() const { return joined_; }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  bool joined_ = false;
};

json line_of(const std::string& name, int workers, weft::bench::load_result& r, const settings& s) {
  return {{"name", name},
          {"workers", workers},
          {"work_us", s.work_us},
          {"executions_per_s", static_cast<double>(r.requests - r.failures) / r.seconds},
          {"p50_ms", r.percentile(0.50) / 1000.0},
          {"p99_ms", r.percentile(0.99) / 1000.0},
          {"failed", r.failures}};
}

void run(int workers, const settings& s, const endpoint& service) {
  std::string dir = (fs::temp_directory_path() / "weft_bench_cluster_XXXXXX").string();
  if (!::mkdtemp(dir.data())) return;
  {
    weft::bench::server_process server(dir, "none", {"--cluster-listen", "127.0.0.1:0", "--local-slots", "0"});
    if (server.port() == 0 || server.cluster_port() == 0) {
      std::fprintf(stderr, "weft serve did not start with a cluster door\n");
      return;
    }
    std::vector<std::unique_ptr<worker_process>> pool;
    for (int i = 0; i < workers; ++i) {
      pool.push_back(std::make_unique<worker_process>(server.cluster_port(), i));
      if (!pool.back()->joined()) {
        std::fprintf(stderr, "a worker did not join\n");
        return;
      }
    }
    const std::string admin = weft::bench::token_for(dir, "--role admin");
    const json component = {{"name", "Score"}, {"endpoint", {{"url", "http://127.0.0.1:" + std::to_string(service.port()) + "/score"}}}};
    auto [c_status, c_body] = weft::bench::one_request(server.port(), admin, "PUT", "/api/components/score", component.dump());
    if (c_status != 201 && c_status != 200) {
      std::fprintf(stderr, "registering the component failed: %d %s\n", c_status, c_body.c_str());
      return;
    }
    const json def = {{"name", "cpu-bound custom step"},
                      {"steps",
                       {{{"id", "input"}, {"type", "input"}, {"next", "score"}},
                        {{"id", "score"}, {"type", "score"}, {"next", "out"}},
                        {{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.score"}}}}}}};
    auto [status, body] = weft::bench::one_request(server.port(), admin, "POST", "/api/workflows", def.dump());
    if (status != 201) {
      std::fprintf(stderr, "creating the workflow failed: %d %s\n", status, body.c_str());
      return;
    }
    const std::string target = "/api/workflows/" + json::parse(body)["id"].get<std::string>() + "/execute?wait_ms=30000";
    std::atomic<bool> told{false};
    auto accept = [&](int code, const std::string& answer) {
      const json got = json::parse(answer, nullptr, false);
      const bool right = code == 200 && got.is_object() && got.value("status", "") == "completed" && got["output"] == json{{"n", 1}};
      if (!right && !told.exchange(true)) std::fprintf(stderr, "unexpected answer %d: %s\n", code, answer.c_str());
      return right;
    };
    const std::string input = R"({"input": {"n": 1}})";
    weft::bench::load_plan warm{s.inflight, 0, 100, accept};
    (void)weft::bench::closed_loop(server.port(), admin, "POST", target, input, warm);
    weft::bench::load_plan many{s.inflight, 0, s.executions, accept};
    auto throughput = weft::bench::closed_loop(server.port(), admin, "POST", target, input, many);
    std::printf("%s\n", line_of("cluster_throughput", workers, throughput, s).dump().c_str());
    weft::bench::load_plan one{1, 0, s.latency_runs, accept};
    auto latency = weft::bench::closed_loop(server.port(), admin, "POST", target, input, one);
    std::printf("%s\n", line_of("cluster_latency_one_in_flight", workers, latency, s).dump().c_str());
    std::fflush(stdout);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace

int main(int argc, char** argv) {
  settings s;
  const char* usage = "usage: weft_bench_cluster [--executions 2000] [--inflight 32] [--work-us 200]\n";
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--help" || i + 1 == argc) {
      std::fputs(usage, flag == "--help" ? stdout : stderr);
      return flag == "--help" ? 0 : 2;
    }
    const std::string value = argv[i + 1];
    if (flag == "--executions") s.executions = std::stol(value);
    else if (flag == "--inflight") s.inflight = std::stoi(value);
    else if (flag == "--work-us") s.work_us = std::stoi(value);
    else {
      std::fprintf(stderr, "unknown flag %s\n%s", flag.c_str(), usage);
      return 2;
    }
  }
  ::signal(SIGPIPE, SIG_IGN);
  ::setenv("WEFT_JWT_SECRET", weft::bench::secret, 1);
  const endpoint service(s.work_us);
  for (int workers : {0, 1, 2}) run(workers, s, service);
  return 0;
}
