// Subscriptions are kept by "tenant\0topic"; a batch is looked up under its three topics
// and each subscriber gets it once, even when it subscribed to more than one of them.
#include "actors/hub.hpp"

#include <map>
#include <set>
#include <vector>

#include <caf/all.hpp>

#include "actors/messages.hpp"

namespace weft::actors {
namespace {

struct hub_state {
  static inline const char* name = "weft.hub";
  // "tenant\0topic" -> its subscribers by address: one who goes is found in O(log n) (a
  // linear search per down message made 10,000 leaving subscribers cost seconds).
  std::map<std::string, std::map<caf::actor_addr, caf::actor>> by_topic;
  std::map<caf::actor_addr, std::set<std::string>> topics_of;
  std::shared_ptr<hub_audience> audience;

  // After every change to by_topic, before any answer.
  void tell_audience() const {
    if (audience) audience->set(by_topic.size());
  }
};

using hub_actor = caf::stateful_actor<hub_state>;

std::string key(const std::string& tenant, const std::string& topic) { return tenant + '\0' + topic; }

void forget(hub_actor* self, const caf::actor_addr& who) {
  auto& s = self->state;
  auto it = s.topics_of.find(who);
  if (it == s.topics_of.end()) return;
  for (const auto& k : it->second) {
    auto t = s.by_topic.find(k);
    if (t == s.by_topic.end()) continue;
    t->second.erase(who);
    if (t->second.empty()) s.by_topic.erase(t);
  }
  s.topics_of.erase(it);
  s.tell_audience();
}

// Sends `msg` once to every subscriber of any of `topics` of `tenant`: one message shared by
// all of them (copy on write; they only read it).
void fan_out(hub_actor* self, const std::string& tenant, std::initializer_list<std::string> topics, const caf::message& msg) {
  auto& s = self->state;
  std::vector<const std::map<caf::actor_addr, caf::actor>*> found;
  for (const auto& topic : topics) {
    if (auto t = s.by_topic.find(key(tenant, topic)); t != s.by_topic.end()) found.push_back(&t->second);
  }
  if (found.size() == 1) {  // the usual case: no one to count twice
    for (const auto& [addr, a] : *found.front()) self->send(a, msg);
    return;
  }
  std::set<caf::actor_addr> sent;
  for (const auto* subscribers : found) {
    for (const auto& [addr, a] : *subscribers) {
      if (sent.insert(addr).second) self->send(a, msg);
    }
  }
}

caf::behavior hub(hub_actor* self, std::shared_ptr<hub_audience> audience) {
  self->state.audience = std::move(audience);
  self->set_down_handler([self](caf::down_msg& down) { forget(self, down.source); });
  return {
      [=](hub_subscribe& msg) -> bool {
        auto who = caf::actor_cast<caf::actor>(self->current_sender());
        if (!who) return false;
        auto& topics = self->state.topics_of[who.address()];
        if (topics.empty()) self->monitor(who);
        const std::string k = key(msg.tenant, msg.topic);
        topics.insert(k);
        self->state.by_topic[k].emplace(who.address(), who);
        self->state.tell_audience();
        return true;
      },
      [=](hub_unsubscribe& msg) -> bool {
        auto& s = self->state;
        auto who = caf::actor_cast<caf::actor>(self->current_sender());
        const std::string k = key(msg.tenant, msg.topic);
        auto t = s.by_topic.find(k);
        if (!who || t == s.by_topic.end() || t->second.erase(who.address()) == 0) return false;
        if (t->second.empty()) s.by_topic.erase(t);
        s.tell_audience();
        auto& topics = s.topics_of[who.address()];
        topics.erase(k);
        if (topics.empty()) {
          s.topics_of.erase(who.address());
          self->demonitor(who);
        }
        return true;
      },
      [=](append_events& batch) {
        if (self->state.by_topic.empty()) return;
        // Topics first: the batch moves into the message.
        const std::initializer_list<std::string> topics = {"execution:" + batch.execution_id, "workflow:" + batch.workflow_id,
                                                           "all_executions"};
        const std::string tenant = batch.tenant;
        fan_out(self, tenant, topics, caf::make_message(std::move(batch)));
      },
      [=](core::workflow_change& change) {
        const std::initializer_list<std::string> topics = {"workflow:" + change.workflow_id, "all_workflows"};
        const std::string tenant = change.tenant;
        fan_out(self, tenant, topics, caf::make_message(std::move(change)));
      },
  };
}

}  // namespace

caf::actor spawn_hub(caf::actor_system& sys, std::shared_ptr<hub_audience> audience) {
  return sys.spawn(hub, std::move(audience));
}

// Weak: the workflow service outlives the actor system, and must not keep the hub alive.
core::workflow_change_listener publish_to(const caf::actor& hub) {
  return [hub = hub.address()](const core::workflow_change& change) {
    if (auto strong = caf::actor_cast<caf::actor>(hub)) caf::anon_send(strong, change);
  };
}

}  // namespace weft::actors
