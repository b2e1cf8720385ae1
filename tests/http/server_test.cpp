// The HTTP server's threading promise, against the real server on one I/O thread: nothing a
// route, an upgrade decision or a WebSocket handler does (a token check, a storage read)
// runs on the I/O thread, so a slow one never holds up another connection. Each test makes
// the slow part wait until a plain request on another connection has been answered: on an
// I/O thread that request could not be served, and the wait would run out instead.
#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "http/server.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/ws_client.hpp"

namespace weft::http {
namespace {

using nlohmann::json;
using weft::testing::http_client;
using weft::testing::ws_client;

constexpr auto patience = std::chrono::seconds(5);

// Something slow, released by the test once another connection has been served.
class gate {
 public:
  // True when released in time; false when the wait ran out.
  bool wait() { return opened_.wait_for(patience) == std::future_status::ready; }
  void open() { open_.set_value(); }

 private:
  std::promise<void> open_;
  std::shared_future<void> opened_ = open_.get_future().share();
};

// Answers each message with what it says once `slow` lets it ("wait") or at once.
class echo_handler final : public push_handler {
 public:
  echo_handler(std::shared_ptr<push_connection> c, gate& slow) : connection_(std::move(c)), slow_(slow) {}
  void on_message(const std::string& text) override {
    if (text == "wait") {
      connection_->send(json{{"released", slow_.wait()}}.dump());
      return;
    }
    connection_->send(json{{"echo", text}}.dump());
  }
  void on_close() override {}

 private:
  std::shared_ptr<push_connection> connection_;
  gate& slow_;
};

// On "flood", sends until the connection's queue stays full: the peer is not reading, and a
// write is in flight that will not complete. Says when it is destroyed (with its session).
class flood_handler final : public push_handler {
 public:
  flood_handler(std::shared_ptr<push_connection> c, std::promise<void>& stuck, std::shared_ptr<std::atomic<bool>> destroyed)
      : connection_(std::move(c)), stuck_(stuck), destroyed_(std::move(destroyed)) {}
  ~flood_handler() override { *destroyed_ = true; }
  void on_message(const std::string&) override {
    const auto chunk = std::make_shared<const std::string>(64 * 1024, 'x');
    auto refused_since = std::chrono::steady_clock::now();
    for (bool refused = false;;) {
      const bool sent = connection_->send(chunk);
      const auto now = std::chrono::steady_clock::now();
      if (sent || !refused) refused_since = now;
      refused = !sent;
      if (refused && now - refused_since > std::chrono::milliseconds(200)) break;
      if (refused) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    stuck_.set_value();
  }
  void on_close() override {}

 private:
  std::shared_ptr<push_connection> connection_;
  std::promise<void>& stuck_;
  std::shared_ptr<std::atomic<bool>> destroyed_;
};

class server_test : public ::testing::Test {
 protected:
  void SetUp() override {
    server_options so;
    so.port = 0;
    so.io_threads = 1;
    so.worker_threads = 2;
    server_ = std::make_unique<server>(so, [](request&, respond_fn respond) {
      response r;
      r.status = 200;
      r.content_type = "text/plain";
      r.body = "ok";
      respond(std::move(r));
    });
    server_->on_websocket([this](const request& upgrade, std::shared_ptr<push_connection> connection) {
      if (upgrade.path == "/slow-upgrade") {
        deciding_ = true;
        upgrade_released_ = slow_upgrade_.wait();
      }
      if (upgrade.path == "/flood") {
        return ws_decision{std::make_unique<flood_handler>(std::move(connection), flood_stuck_, flood_handler_destroyed_), response{}};
      }
      return ws_decision{std::make_unique<echo_handler>(std::move(connection), slow_message_), response{}};
    });
    std::string why;
    ASSERT_TRUE(server_->start(why)) << why;
  }

  // A plain request on its own connection, answered while something else is slow.
  int plain_request() { return http_client(server_->port()).request("GET", "/anything").status; }

  gate slow_upgrade_, slow_message_;
  std::promise<void> flood_stuck_;
  std::shared_ptr<std::atomic<bool>> flood_handler_destroyed_ = std::make_shared<std::atomic<bool>>(false);
  std::atomic<bool> deciding_{false};
  std::atomic<bool> upgrade_released_{false};
  std::unique_ptr<server> server_;
};

TEST_F(server_test, a_slow_upgrade_decision_does_not_hold_up_other_connections) {
  auto upgrading = std::async(std::launch::async, [this] { return ws_client(server_->port(), "/slow-upgrade").connected(); });
  // The upgrade is in its decision: the request below must overtake it.
  const auto by = std::chrono::steady_clock::now() + patience;
  while (!deciding_ && std::chrono::steady_clock::now() < by) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_TRUE(deciding_);
  EXPECT_EQ(plain_request(), 200);
  slow_upgrade_.open();
  EXPECT_TRUE(upgrading.get());
  EXPECT_TRUE(upgrade_released_) << "the upgrade decision blocked the I/O thread";
}

TEST_F(server_test, a_slow_websocket_message_does_not_hold_up_other_connections) {
  ws_client ws(server_->port(), "/ws");
  ASSERT_TRUE(ws.connected());
  ASSERT_TRUE(ws.send_text("hello"));
  ASSERT_EQ(ws.receive().value_or(json()), json({{"echo", "hello"}}));
  ASSERT_TRUE(ws.send_text("wait"));
  EXPECT_EQ(plain_request(), 200);
  slow_message_.open();
  EXPECT_EQ(ws.receive().value_or(json()), json({{"released", true}})) << "the message's handler blocked the I/O thread";
  // Messages keep their order behind a slow one.
  ASSERT_TRUE(ws.send_text("after"));
  EXPECT_EQ(ws.receive().value_or(json()), json({{"echo", "after"}}));
}

// A server stopped while a write to a peer that does not read is in flight frees that
// connection (its session and handler): Asio drops the write's handler uncalled, and the
// handlers waiting for that write held the session that owned them — before, a cycle that
// LeakSanitizer reported now and then at the end of the WebSocket tests.
TEST_F(server_test, stopping_with_a_write_in_flight_to_a_peer_that_does_not_read_frees_the_connection) {
  ws_client ws(server_->port(), "/flood");
  ASSERT_TRUE(ws.connected());
  ASSERT_TRUE(ws.send_text("go"));
  ASSERT_EQ(flood_stuck_.get_future().wait_for(std::chrono::seconds(20)), std::future_status::ready);
  EXPECT_FALSE(*flood_handler_destroyed_) << "the connection is still open";
  server_.reset();
  EXPECT_TRUE(*flood_handler_destroyed_) << "the session outlived its server";
}

}  // namespace
}  // namespace weft::http
