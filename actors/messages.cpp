// Event <-> wire form. Pure.
#include "actors/messages.hpp"

#include <atomic>

#include <nlohmann/json.hpp>

#include "storage/cbor_writer.hpp"

namespace weft::actors {

struct shared_json::box {
  std::atomic<std::size_t> refs{1};
  nlohmann::json value;
};

shared_json::shared_json(nlohmann::json v) : box_(new box{1, std::move(v)}) {}

shared_json::shared_json(const shared_json& other) noexcept : box_(other.box_) {
  if (box_) box_->refs.fetch_add(1, std::memory_order_relaxed);  // a new handle comes from one already held
}

shared_json::~shared_json() {
  if (box_ && box_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete box_;
}

const nlohmann::json& shared_json::get() const {
  static const nlohmann::json null_value;
  return box_ ? box_->value : null_value;
}

nlohmann::json& shared_json::edit() {
  // Only this handle can copy itself: a count of 1 cannot grow meanwhile, and its acquire
  // pairs with the release of the handles given up before it.
  if (!box_ || box_->refs.load(std::memory_order_acquire) != 1) *this = shared_json(nlohmann::json(get()));
  return box_->value;
}

std::string cbor_of(const nlohmann::json& value) {
  std::string bytes;
  storage::cbor::append(bytes, value);
  return bytes;
}

std::string to_cbor_bytes(const shared_json& x) { return cbor_of(x.get()); }

bool from_cbor_bytes(const std::string& bytes, shared_json& x) {
  auto value = nlohmann::json::from_cbor(bytes.begin(), bytes.end(), true, false);
  if (value.is_discarded()) {
    x = shared_json{};
    return false;
  }
  x = shared_json{std::move(value)};
  return true;
}

wire_event to_wire(core::event e) {
  wire_event w;
  w.seq = e.seq;
  w.type = static_cast<std::uint8_t>(e.type);
  w.at_ms = e.at_ms;
  w.step_id = std::move(e.step_id);
  w.attempt = e.attempt;
  w.data = shared_json{std::move(e.data)};
  return w;
}

bool known_type(const wire_event& w) noexcept {
  return w.type <= static_cast<std::uint8_t>(core::event_type::execution_timed_out);
}

core::event_ref ref_of(const wire_event& w) {
  return {w.seq, static_cast<core::event_type>(w.type), w.at_ms, w.step_id, w.attempt, &w.data.get()};
}

bool from_wire(const wire_event& w, core::event& out) {
  if (!known_type(w)) return false;
  out.seq = w.seq;
  out.type = static_cast<core::event_type>(w.type);
  out.at_ms = w.at_ms;
  out.step_id = w.step_id;
  out.attempt = w.attempt;
  out.data = w.data.get();
  return true;
}

}  // namespace weft::actors
