// A change to a saved workflow (SPEC §6: every change publishes `workflow_updated`): what
// the workflow service announces, the hub fans out to `workflow:ID` and `all_workflows`,
// and the real-time gateway turns into each dialect's message. A workflow's `revision` grows
// with every change (a publish writes no version, but is a revision), so it orders them: it is
// the `seq` of workflow events.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace weft::core {

struct workflow_change {
  std::string tenant;
  std::string workflow_id;
  std::string name;
  std::uint64_t version = 0;
  std::string change;           // created | replaced | patched | published | reverted | deleted
  std::string previous_status;  // "" when created
  std::string status;           // draft | active | deleted
  std::string updated_by;
  std::int64_t updated_at = 0;  // unix ms
  std::uint64_t revision = 0;   // the workflow's count of changes, this one included
};

/// Hears each change once it is stored; called on the thread that made it.
using workflow_change_listener = std::function<void(const workflow_change&)>;

}  // namespace weft::core
