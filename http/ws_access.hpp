// Who may subscribe to what (SPEC §7): own tenant only — an execution or workflow id must
// exist in the caller's tenant — and the all_* topics for tenant admins only.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "http/message.hpp"

namespace weft::services {
class workflow_service;
class execution_reader;
}  // namespace weft::services

namespace weft::http {

struct principal;
class authenticator;

/// The caller of an upgrade whose token sits in `?token=` (browsers cannot set headers on a
/// WebSocket) or an `Authorization: Bearer` header; nullopt with `why` when there is none
/// or it does not verify.
[[nodiscard]] std::optional<principal> upgrade_caller(const request& upgrade, const authenticator& auth,
                                                      std::string& why);

/// Reads a workflow or an execution of the caller's tenant; safe to share between threads.
struct topic_access {
  const services::workflow_service* workflows = nullptr;
  const services::execution_reader* executions = nullptr;
  /// In a sharded cluster, for an execution another coordinator owns: whether that owner holds
  /// it in `tenant` (asked of it: its log is there). True when the owner cannot be asked now —
  /// the subscription is then taken and ends at once with 1013, "subscribe again". Nullopt for
  /// an execution this node owns: read here. Unset: every execution is here.
  std::function<std::optional<bool>(const std::string& tenant, const std::string& execution_id)> held_elsewhere;
};

/// True for the shape of a topic: "execution:ID", "workflow:ID", "all_executions",
/// "all_workflows".
[[nodiscard]] bool is_topic(const std::string& topic);

/// True when `who` may follow `topic` ("execution:ID", "workflow:ID", "all_executions",
/// "all_workflows"); false for unknown topics too.
[[nodiscard]] bool may_follow(const topic_access& access, const principal& who, const std::string& topic);

}  // namespace weft::http
