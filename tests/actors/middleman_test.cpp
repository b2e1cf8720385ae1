// Every message type crosses CAF's middleman between two actor systems on loopback
// unchanged (an unregistered type would arrive empty), so the cluster needs no redesign.
#include <caf/all.hpp>
#include <caf/io/all.hpp>
#include <gtest/gtest.h>

#include "actors/messages.hpp"
#include "actors/system_config.hpp"

namespace weft::actors {
namespace {

// Answers every message with itself.
caf::behavior echo() {
  return {
      [](append_events& m) { return m; },
      [](wire_event& m) { return m; },
  };
}

TEST(middleman, every_message_type_crosses_between_nodes_unchanged) {
  system_config server_cfg;
  caf::actor_system server{server_cfg};
  auto echo_actor = server.spawn(echo);
  auto port = server.middleman().publish(echo_actor, 0, "127.0.0.1");
  ASSERT_TRUE(port) << server.render(port.error());

  system_config client_cfg;
  caf::actor_system client{client_cfg};
  auto remote = client.middleman().remote_actor("127.0.0.1", *port);
  ASSERT_TRUE(remote) << client.render(remote.error());
  caf::scoped_actor self{client};

  core::event e;
  e.seq = 7;
  e.type = core::event_type::step_completed;
  e.at_ms = 1'795'000'000'000;
  e.step_id = "enrich_data";
  e.attempt = 2;
  e.data = {{"output", {{"company_size", "101-250"}, {"ok", true}}}, {"duration_ms", 1250}};
  const wire_event w = to_wire(e);
  const append_events batch{"acme", "e-1", {w, to_wire(core::event{8, core::event_type::log, 9, "", 0, {{"m", "x"}}})}};

  self->request(*remote, std::chrono::seconds(10), w)
      .receive(
          [&](wire_event& back) {
            core::event decoded;
            ASSERT_TRUE(from_wire(back, decoded));
            EXPECT_EQ(decoded.seq, 7u);
            EXPECT_EQ(decoded.step_id, "enrich_data");
            EXPECT_EQ(decoded.attempt, 2u);
            EXPECT_EQ(decoded.data, e.data);
          },
          [&](caf::error& err) { FAIL() << client.render(err); });

  self->request(*remote, std::chrono::seconds(10), batch)
      .receive(
          [&](append_events& back) {
            EXPECT_EQ(back.tenant, "acme");
            EXPECT_EQ(back.execution_id, "e-1");
            ASSERT_EQ(back.events.size(), 2u);
            EXPECT_EQ(back.events[0].data, w.data);
            EXPECT_EQ(back.events[1].seq, 8u);
          },
          [&](caf::error& err) { FAIL() << client.render(err); });
  // Actor systems wait for their actors on destruction: end the published one.
  caf::anon_send_exit(echo_actor, caf::exit_reason::user_shutdown);
}

}  // namespace
}  // namespace weft::actors
