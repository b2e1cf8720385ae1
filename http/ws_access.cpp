#include "http/ws_access.hpp"

#include "http/auth.hpp"
#include "services/execution_reader.hpp"
#include "services/workflow_service.hpp"

namespace weft::http {

std::optional<principal> upgrade_caller(const request& upgrade, const authenticator& auth, std::string& why) {
  std::string token = upgrade.query.count("token") ? upgrade.query.at("token") : "";
  const std::string& authorization = upgrade.header("authorization");
  if (token.empty() && authorization.rfind("Bearer ", 0) == 0) token = authorization.substr(7);
  if (token.empty()) {
    why = "a token is required (?token= or an Authorization: Bearer header)";
    return std::nullopt;
  }
  return auth.verify(token, why);
}

bool is_topic(const std::string& topic) {
  if (topic == "all_executions" || topic == "all_workflows") return true;
  for (const std::string prefix : {"execution:", "workflow:"}) {
    if (topic.size() > prefix.size() && topic.size() <= prefix.size() + 256 && topic.compare(0, prefix.size(), prefix) == 0) return true;
  }
  return false;
}

bool may_follow(const topic_access& access, const principal& who, const std::string& topic) {
  if (topic == "all_executions" || topic == "all_workflows") return who.is_admin();
  const services::caller caller{who.tenant, who.user};
  const std::string execution = "execution:", workflow = "workflow:";
  if (topic.size() > execution.size() && topic.compare(0, execution.size(), execution) == 0) {
    const std::string id = topic.substr(execution.size());
    if (access.held_elsewhere) {
      if (auto held = access.held_elsewhere(who.tenant, id)) return *held;
    }
    return access.executions && access.executions->events(caller, id, 0, 1).ok();
  }
  if (topic.size() > workflow.size() && topic.compare(0, workflow.size(), workflow) == 0) {
    return access.workflows && access.workflows->get(caller, topic.substr(workflow.size())).ok();
  }
  return false;
}

}  // namespace weft::http
