#include "http/ws_registry.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace weft::http {

ws_registry::presence::presence(presence&& other) noexcept
    : registry_(std::exchange(other.registry_, nullptr)), id_(other.id_) {}

ws_registry::presence& ws_registry::presence::operator=(presence&& other) noexcept {
  if (this != &other) {
    if (registry_) registry_->leave_all(id_);
    registry_ = std::exchange(other.registry_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

ws_registry::presence::~presence() {
  if (registry_) registry_->leave_all(id_);
}

void ws_registry::presence::join(const std::string& room) {
  if (!registry_) return;
  std::lock_guard lock(registry_->mutex_);
  if (auto it = registry_->connections_.find(id_); it != registry_->connections_.end()) it->second.rooms.insert(room);
}

void ws_registry::presence::leave(const std::string& room) {
  if (!registry_) return;
  std::lock_guard lock(registry_->mutex_);
  if (auto it = registry_->connections_.find(id_); it != registry_->connections_.end()) it->second.rooms.erase(room);
}

ws_registry::presence ws_registry::enter(const std::string& tenant, const std::string& user) {
  std::lock_guard lock(mutex_);
  connections_.emplace(++last_id_, connection{tenant, user, {}});
  return presence(this, last_id_);
}

void ws_registry::leave_all(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  connections_.erase(id);
}

ws_registry::stats ws_registry::stats_of(const std::string& tenant, const std::string& user) const {
  std::lock_guard lock(mutex_);
  stats s;
  std::set<std::string> rooms;
  for (const auto& [id, c] : connections_) {
    if (c.tenant != tenant) continue;
    ++s.total_connections;
    if (c.user == user) ++s.user_connections;
    rooms.insert(c.rooms.begin(), c.rooms.end());
  }
  s.active_rooms = rooms.size();
  return s;
}

std::vector<std::string> ws_registry::rooms_of(const std::string& tenant, const std::string& user, bool admin) const {
  std::lock_guard lock(mutex_);
  std::set<std::string> rooms;
  const std::string own = "user:" + user;
  for (const auto& [id, c] : connections_) {
    if (c.tenant != tenant) continue;
    for (const auto& room : c.rooms) {
      if (admin || room.rfind("user:", 0) != 0 || room == own) rooms.insert(room);
    }
  }
  return {rooms.begin(), rooms.end()};
}

void add_ws_monitoring_routes(router& r, const ws_registry& registry) {
  r.add("GET", "/api/v1/ws/stats", [&registry](request& req) {
    const auto s = registry.stats_of(req.tenant, req.user);
    return response::json(200, {{"total_connections", s.total_connections},
                                {"user_connections", s.user_connections},
                                {"active_rooms", s.active_rooms}});
  });
  r.add("GET", "/api/v1/ws/rooms", [&registry](request& req) {
    const bool admin = std::find(req.roles.begin(), req.roles.end(), "admin") != req.roles.end();
    auto rooms = registry.rooms_of(req.tenant, req.user, admin);
    const auto total = rooms.size();
    return response::json(200, {{"active_rooms", std::move(rooms)}, {"total_rooms", total}});
  });
}

}  // namespace weft::http
