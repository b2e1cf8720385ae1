// Who is connected to the real-time gateway and which rooms they are in, for seed 004's
// monitoring routes (`GET /api/v1/ws/stats`, `GET /api/v1/ws/rooms`). Every dialect's
// connections count once authenticated. Per tenant: nobody sees another tenant's
// connections or rooms. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "http/router.hpp"

namespace weft::http {

class ws_registry {
 public:
  struct stats {
    std::size_t total_connections = 0;  // of the tenant
    std::size_t user_connections = 0;   // of the caller
    std::size_t active_rooms = 0;       // rooms of the tenant with a connection in them
  };

  /// One connection's place in the registry: joins and leaves rooms; gone when destroyed.
  class presence {
   public:
    presence() = default;
    presence(presence&& other) noexcept;
    presence& operator=(presence&& other) noexcept;
    presence(const presence&) = delete;
    presence& operator=(const presence&) = delete;
    ~presence();

    void join(const std::string& room);
    void leave(const std::string& room);

   private:
    friend class ws_registry;
    presence(ws_registry* registry, std::uint64_t id) : registry_(registry), id_(id) {}
    ws_registry* registry_ = nullptr;
    std::uint64_t id_ = 0;
  };

  [[nodiscard]] presence enter(const std::string& tenant, const std::string& user);

  [[nodiscard]] stats stats_of(const std::string& tenant, const std::string& user) const;
  /// The tenant's rooms with a connection in them, sorted; other users' `user:` rooms only
  /// for tenant admins.
  [[nodiscard]] std::vector<std::string> rooms_of(const std::string& tenant, const std::string& user, bool admin) const;

 private:
  struct connection {
    std::string tenant;
    std::string user;
    std::set<std::string> rooms;
  };
  void leave_all(std::uint64_t id);

  mutable std::mutex mutex_;
  std::map<std::uint64_t, connection> connections_;
  std::uint64_t last_id_ = 0;
};

/// `GET /api/v1/ws/stats` and `GET /api/v1/ws/rooms` in seed 004's shapes. `registry`
/// must outlive the router.
void add_ws_monitoring_routes(router& r, const ws_registry& registry);

}  // namespace weft::http
