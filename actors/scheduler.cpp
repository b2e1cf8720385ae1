#include "actors/scheduler.hpp"

#include <mutex>
#include <unordered_set>

#include <caf/actor_system_config.hpp>
#include <caf/policy/work_stealing.hpp>
#include <caf/scheduler/coordinator.hpp>
#include <caf/scheduler/worker.hpp>

namespace weft::actors {

// CAF's work-stealing policy under a name of our own, so that its workers can run the loop
// below instead of CAF's.
struct quiet_work_stealing : caf::policy::work_stealing {};

}  // namespace weft::actors

// CAF's worker loop without its logging hook. Debian's libcaf is built with its logger
// compiled in (even at level quiet), and CAF's loop does a dynamic_cast and a
// thread_local_aid — a spin lock and a hash map lookup — on every resume of an actor, for
// log lines that level quiet never writes (with the same hook in scheduled_actor::resume,
// inside libcaf and out of our reach, ~5 % of the engine's samples; this half measured
// +4-7 % in process, issue 19). Otherwise this is CAF 0.17's loop as it is. (The logger
// is one for the process, not per thread: unregistering a worker thread does not help.)
template <>
void caf::scheduler::worker<weft::actors::quiet_work_stealing>::run() {
  for (;;) {
    auto job = policy_.dequeue(this);
    policy_.before_resume(this, job);
    auto res = job->resume(this, max_throughput_);
    policy_.after_resume(this, job);
    switch (res) {
      case resumable::resume_later:
        policy_.resume_job_later(this, job);  // it stays in the loop
        break;
      case resumable::done:
        policy_.after_completion(this, job);
        intrusive_ptr_release(job);
        break;
      case resumable::awaiting_message:
        intrusive_ptr_release(job);  // enqueued again when a message arrives
        break;
      case resumable::shutdown_execution_unit:
        policy_.after_completion(this, job);
        policy_.before_shutdown(this);
        return;
    }
  }
}

namespace weft::actors {
namespace {

using caf::detail::thread_safe_actor_clock;

// CAF's clock, seen through a filter: an exiting actor's "cancel my timeouts" reaches the
// clock thread only if the actor ever set one. The coordinator's own clock (and its thread)
// still does all the work; this object's own queue is never used. It derives from CAF's
// clock type because the coordinator's clock() must return one.
class quiet_clock final : public thread_safe_actor_clock {
 public:
  explicit quiet_clock(thread_safe_actor_clock& next) : next_(next) {}

  void set_ordinary_timeout(time_point t, caf::abstract_actor* self, caf::atom_value type, uint64_t id) override {
    remember(self);
    next_.set_ordinary_timeout(t, self, type, id);
  }
  void set_request_timeout(time_point t, caf::abstract_actor* self, caf::message_id id) override {
    remember(self);
    next_.set_request_timeout(t, self, id);
  }
  void set_multi_timeout(time_point t, caf::abstract_actor* self, caf::atom_value type, uint64_t id) override {
    remember(self);
    next_.set_multi_timeout(t, self, type, id);
  }
  void cancel_ordinary_timeout(caf::abstract_actor* self, caf::atom_value type) override {
    next_.cancel_ordinary_timeout(self, type);
  }
  void cancel_request_timeout(caf::abstract_actor* self, caf::message_id id) override {
    next_.cancel_request_timeout(self, id);
  }
  // Called by every actor as it exits.
  void cancel_timeouts(caf::abstract_actor* self) override {
    {
      std::lock_guard lock(mutex_);
      if (with_timeouts_.erase(self->id()) == 0) return;  // it never set one: nothing to cancel
    }
    next_.cancel_timeouts(self);
  }
  void schedule_message(time_point t, caf::strong_actor_ptr receiver, caf::mailbox_element_ptr content) override {
    next_.schedule_message(t, std::move(receiver), std::move(content));
  }
  void schedule_message(time_point t, caf::group target, caf::strong_actor_ptr sender, caf::message content) override {
    next_.schedule_message(t, std::move(target), std::move(sender), std::move(content));
  }
  void cancel_all() override { next_.cancel_all(); }

 private:
  void remember(caf::abstract_actor* self) {
    std::lock_guard lock(mutex_);
    with_timeouts_.insert(self->id());
  }

  thread_safe_actor_clock& next_;
  std::mutex mutex_;
  std::unordered_set<caf::actor_id> with_timeouts_;  // actors that set a timeout and have not exited
};

// CAF's work-stealing coordinator, handing out the filtered clock.
class coordinator final : public caf::scheduler::coordinator<quiet_work_stealing> {
 public:
  using super = caf::scheduler::coordinator<quiet_work_stealing>;

  explicit coordinator(caf::actor_system& sys) : super(sys), clock_(super::clock()) {}

  thread_safe_actor_clock& clock() noexcept override { return clock_; }

  static caf::actor_system::module* make(caf::actor_system& sys, caf::detail::type_list<>) { return new coordinator(sys); }

 private:
  quiet_clock clock_;
};

}  // namespace

void load_scheduler(caf::actor_system_config& cfg) { cfg.load<coordinator>(); }

}  // namespace weft::actors
