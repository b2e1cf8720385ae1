// Graph analysis of a workflow (SPEC §2): links from `next`, `edges`, condition routes,
// `on_error` and loop bodies; entry steps, successors per handle, AND-joins, loop bodies,
// cycles and reachability. Built once per definition version; immutable afterwards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/workflow.hpp"

namespace weft::core {

enum class link_origin : std::uint8_t { next, edge, condition, condition_default, on_error, loop_body };

/// One declared successor relation. `pointer` is where the definition declares it.
struct link {
  std::string from;
  std::string to;
  std::string handle;
  link_origin origin = link_origin::next;
  std::string pointer;
  bool back = false;  // closes a loop: from a loop's body back into the loop step
};

/// Every link the definition declares, in declaration order, dangling ones included.
[[nodiscard]] std::vector<link> declared_links(const workflow& wf);

/// The handle a condition's i-th route leaves by: its `handle`, else "case_<i>".
[[nodiscard]] std::string condition_handle(const nlohmann::json& condition, std::size_t i);

class graph {
 public:
  using index = std::uint32_t;

  /// Builds from a (possibly invalid) workflow: links naming unknown steps and links that
  /// touch comment steps are left out; the validator reports them.
  explicit graph(const workflow& wf);

  [[nodiscard]] std::size_t size() const noexcept { return ids_.size(); }
  [[nodiscard]] const std::string& id(index i) const { return ids_[i]; }
  [[nodiscard]] const std::string& type(index i) const { return types_[i]; }
  [[nodiscard]] std::optional<index> index_of(std::string_view id) const;

  /// Resolved links (both ends exist, no comment involved).
  [[nodiscard]] const std::vector<link>& links() const noexcept { return links_; }
  [[nodiscard]] index link_from(std::size_t l) const { return link_ends_[l].first; }
  [[nodiscard]] index link_to(std::size_t l) const { return link_ends_[l].second; }
  /// Forward (non-back) links into / out of a step, as indices into links().
  [[nodiscard]] const std::vector<std::uint32_t>& incoming(index i) const { return incoming_[i]; }
  [[nodiscard]] const std::vector<std::uint32_t>& outgoing(index i) const { return outgoing_[i]; }

  /// Steps with no incoming forward link: where an execution starts. Comments and
  /// loop bodies excluded.
  [[nodiscard]] const std::vector<index>& entries() const noexcept { return entries_; }
  /// Targets of `i`'s links leaving by `handle`, in declaration order, without duplicates.
  [[nodiscard]] std::vector<index> successors(index i, std::string_view handle) const;
  /// A step that waits for several predecessors (AND-join).
  [[nodiscard]] bool is_and_join(index i) const;
  /// Comment steps are canvas notes, not part of the flow.
  [[nodiscard]] bool is_comment(index i) const { return types_[i] == "comment"; }
  /// The loop step whose body `i` belongs to, if any.
  [[nodiscard]] std::optional<index> loop_of(index i) const;
  /// Steps of loop `i`'s body (reached from its `body` handle before returning to it).
  [[nodiscard]] std::vector<index> loop_body(index i) const;
  /// Steps that count for progress: all but comments and loop bodies (a body runs in its
  /// loop's item executions, never in the loop's own).
  [[nodiscard]] std::size_t total_steps() const noexcept { return total_steps_; }
  /// Groups of steps that form a cycle over forward links (each group in a stable order).
  [[nodiscard]] std::vector<std::vector<index>> cycles() const;
  /// reachable()[i]: step i can be reached from an entry step over forward links.
  [[nodiscard]] std::vector<bool> reachable() const;

 private:
  std::vector<std::string> ids_;
  std::vector<std::string> types_;
  std::unordered_map<std::string, index> by_id_;
  std::vector<link> links_;
  std::vector<std::pair<index, index>> link_ends_;
  std::vector<std::vector<std::uint32_t>> incoming_;
  std::vector<std::vector<std::uint32_t>> outgoing_;
  std::vector<std::vector<std::uint32_t>> back_out_;  // back links, by source
  std::vector<index> entries_;
  std::vector<std::optional<index>> loop_of_;
  std::size_t total_steps_ = 0;
};

}  // namespace weft::core
