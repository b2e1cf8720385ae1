#include "actors/home_records.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/cluster_messages.hpp"
#include "actors/cluster_peers.hpp"
#include "nodes/step_handler.hpp"

namespace weft::actors {
namespace {

using json = nlohmann::json;

// A records request waits this long for the home (a write there may wait for an fsync).
constexpr auto home_timeout = std::chrono::seconds(10);

std::optional<caf::actor> home_door(const cluster_peers& peers, const std::string& home, std::string& why) {
  auto peer = peers.find(home);
  if (!peer) {
    why = "the record collections are on coordinator '" + home + "', which is not reachable now";
    return std::nullopt;
  }
  return peer->door;
}

}  // namespace

std::shared_ptr<const nodes::step_environment> with_records_on_home(std::shared_ptr<const nodes::step_environment> local,
                                                                     caf::actor_system& sys,
                                                                     std::shared_ptr<const cluster_peers> peers, std::string home) {
  auto env = std::make_shared<nodes::step_environment>(local ? *local : nodes::step_environment{});
  env->save_records = [&sys, peers, home](const std::string& tenant, const std::string& collection,
                                          const std::vector<std::pair<std::string, json>>& records, std::string& why) {
    auto door = home_door(*peers, home, why);
    if (!door) return false;
    records_save msg{tenant, collection, {}, {}};
    msg.keys.reserve(records.size());
    msg.records.reserve(records.size());
    for (const auto& [key, record] : records) {
      msg.keys.push_back(key);
      msg.records.push_back(record.dump(-1, ' ', false, json::error_handler_t::replace));
    }
    bool saved = false;
    caf::scoped_actor self{sys};
    self->request(*door, home_timeout, std::move(msg))
        .receive(
            [&](bool ok, std::string& because) {
              saved = ok;
              if (!ok) why = std::move(because);
            },
            [&](caf::error& e) { why = "coordinator '" + home + "' did not save the records: " + sys.render(e); });
    return saved;
  };
  env->scan_records = [&sys, peers, home](const std::string& tenant, const std::string& collection,
                                          const std::function<bool(const json& record)>& visit, std::string& why) {
    // Page after page; each page is consistent on its own, not the scan as a whole.
    std::string after;
    for (;;) {
      auto door = home_door(*peers, home, why);
      if (!door) return false;
      std::vector<std::string> page;
      bool answered = false;
      caf::scoped_actor self{sys};
      self->request(*door, home_timeout, records_scan{tenant, collection, after})
          .receive(
              [&](std::vector<std::string>& got) {
                page = std::move(got);
                answered = true;
              },
              [&](caf::error& e) { why = "coordinator '" + home + "' did not read the records: " + sys.render(e); });
      if (!answered) return false;
      for (std::size_t i = 0; i + 1 < page.size(); i += 2) {
        auto record = json::parse(page[i + 1], nullptr, false);
        if (record.is_discarded()) {
          why = "coordinator '" + home + "' sent a record that is not JSON";
          return false;
        }
        if (!visit(record)) return true;
      }
      if (page.size() < 2 * records_page) return true;
      after = page[page.size() - 2];
    }
  };
  return env;
}

}  // namespace weft::actors
