#include "actors/catalogue_follower.hpp"

#include <map>

#include <caf/all.hpp>

#include "actors/cluster_messages.hpp"
#include "actors/cluster_peers.hpp"
#include "storage/database.hpp"

namespace weft::actors {
namespace {

// Node-local messages, never serialized.
struct await_catalogue {
  std::uint64_t seq = 0;
  std::function<void()> then;
  std::chrono::milliseconds at_most{0};
};

}  // namespace
}  // namespace weft::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(weft::actors::await_catalogue)

namespace weft::actors {
namespace {

using expire_atom = caf::atom_constant<caf::atom("expire")>;


struct follower_state {
  // Not an aggregate: CAF constructs a state from the actor's pointer when it can, and C++20
  // would take that pointer as `pulling` (true) by parenthesized aggregate initialisation.
  follower_state() = default;
  static inline const char* name = "weft.catalogue_follower";
  bool pulling = false;
  bool again = false;  // told of a write while a pull was under way
  std::uint64_t next_waiter = 0;
  std::multimap<std::uint64_t, std::pair<std::uint64_t, std::function<void()>>> waiters;  // seq -> (id, then)
};

using follower_actor = caf::stateful_actor<follower_state>;

// Calls the waiters whose write is in the copy now.
void release_waiters(follower_actor* self, std::uint64_t applied) {
  auto& w = self->state.waiters;
  for (auto it = w.begin(); it != w.end() && it->first <= applied;) {
    it->second.second();
    it = w.erase(it);
  }
}

void pull_missing(follower_actor* self, const catalogue_follower_options& o) {
  auto& s = self->state;
  if (s.pulling) {
    s.again = true;
    return;
  }
  auto home = o.peers->find(o.home);
  if (!home) return;  // joining it nudges this again
  s.pulling = true;
  s.again = false;
  self->request(home->door, std::chrono::seconds(10), catalogue_pull{o.db->catalogue_seq()})
      .then(
          [self, o](std::vector<catalogue_write>& writes) {
            std::vector<std::string> tenants;
            for (auto& w : writes) {
              if (auto st = o.db->apply_catalogue({w.seq, std::move(w.ops)}, tenants); !st.is_ok()) {
                if (o.log) o.log("error", "cannot apply catalogue write " + std::to_string(w.seq) + ": " + st.to_string());
                break;
              }
              if (!tenants.empty() && o.applied) o.applied(tenants);
            }
            release_waiters(self, o.db->catalogue_seq());
            self->state.pulling = false;
            if (writes.size() >= catalogue_page || self->state.again) pull_missing(self, o);
          },
          [self, o](caf::error& e) {
            self->state.pulling = false;
            if (o.log) o.log("warn", "cannot pull the catalogue from its home: " + self->system().render(e));
          });
}

caf::behavior follower(follower_actor* self, catalogue_follower_options o) {
  return {
      [=](catalogue_changed& c) {
        if (c.seq != 0 && c.seq <= o.db->catalogue_seq()) return;
        pull_missing(self, o);
      },
      [=](await_catalogue& a) {
        if (a.seq <= o.db->catalogue_seq()) return a.then();
        const std::uint64_t id = ++self->state.next_waiter;
        self->state.waiters.emplace(a.seq, std::make_pair(id, std::move(a.then)));
        self->delayed_send(self, a.at_most, expire_atom::value, id);
        pull_missing(self, o);  // in case the home's word of it is still on its way
      },
      [=](expire_atom, std::uint64_t id) {
        auto& w = self->state.waiters;
        for (auto it = w.begin(); it != w.end(); ++it) {
          if (it->second.first != id) continue;
          it->second.second();
          w.erase(it);
          return;
        }
      },
  };
}

}  // namespace

caf::actor spawn_catalogue_follower(caf::actor_system& sys, catalogue_follower_options options) {
  // On the scheduler, though applying a write waits for RocksDB's fsync (catalogue writes are
  // rare): a detached actor with a request or a delayed message pending when the actor system
  // stops keeps it from ending (CAF 0.17's clock holds the actor until it fires, and its
  // thread has stopped), as a detached worker link and peer connectors did.
  return sys.spawn(follower, std::move(options));
}

void when_catalogue_has(const caf::actor& follower, std::uint64_t seq, std::function<void()> then,
                        std::chrono::milliseconds at_most) {
  caf::anon_send(follower, await_catalogue{seq, std::move(then), at_most});
}

}  // namespace weft::actors
