// Which coordinator owns which execution (SPEC §9, docs/cluster.md): the cluster file names
// every coordinator — its cluster (middleman) and HTTP addresses and the range of shards it
// owns — and an execution belongs to the shard its id hashes to. Every node reads the same file,
// so any node tells the owner of any execution without asking anyone. The first coordinator
// listed is the home of the catalogue (workflows, tenants, components, secrets).
//
//   { "shards": 64,
//     "coordinators": [
//       { "name": "a", "cluster": "10.0.0.1:7000", "http": "10.0.0.1:8000", "shards": [0, 31] },
//       { "name": "b", "cluster": "10.0.0.2:7000", "http": "10.0.0.2:8000", "shards": [32, 63] } ] }
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace weft::core {

struct coordinator {
  std::string name;
  std::string cluster;  // HOST:PORT of its door (weft serve --cluster-listen)
  std::string http;     // HOST:PORT of its HTTP front, where requests for its executions go
  std::uint32_t first_shard = 0;
  std::uint32_t last_shard = 0;  // inclusive
};

class cluster_map {
 public:
  /// One node owning every shard: what `weft serve` without --cluster is.
  cluster_map() = default;

  /// Reads a cluster file's JSON for the coordinator named `self`. False with `why` when it is
  /// not one: shards 1..4096, names unique and non-empty, addresses HOST:PORT, ranges covering
  /// every shard exactly once, `self` among them.
  [[nodiscard]] static bool parse(const nlohmann::json& doc, const std::string& self, cluster_map& out, std::string& why);

  /// The shard of an execution id: FNV-1a (64 bits) of its bytes, modulo the shard count. Part
  /// of the stored data's meaning: never change it.
  [[nodiscard]] std::uint32_t shard_of(std::string_view execution_id) const noexcept;
  [[nodiscard]] const coordinator& owner_of(std::string_view execution_id) const noexcept;
  [[nodiscard]] bool owns(std::string_view execution_id) const noexcept;
  /// A fresh execution id ("ex_" and 16 hex digits) in one of this node's shards.
  [[nodiscard]] std::string new_execution_id() const;
  /// The id this node gives an execution whose id is made from its cause (a schedule's run:
  /// "sch_…"): `base` itself when this node owns it, else `base` + ".1", ".2", … — the first
  /// this node owns. The same base always gives the same id (its start stays deduplicated).
  [[nodiscard]] std::string owned_id(const std::string& base) const;

  [[nodiscard]] bool clustered() const noexcept { return coordinators_.size() > 1; }
  [[nodiscard]] const std::vector<coordinator>& coordinators() const noexcept { return coordinators_; }
  [[nodiscard]] const coordinator& self() const noexcept { return coordinators_[self_]; }
  [[nodiscard]] const coordinator& home() const noexcept { return coordinators_.front(); }
  [[nodiscard]] bool is_home() const noexcept { return self_ == 0; }
  [[nodiscard]] std::uint32_t shards() const noexcept { return shards_; }

 private:
  std::uint32_t shards_ = 1;
  std::vector<coordinator> coordinators_ = {coordinator{"self", "", "", 0, 0}};
  std::size_t self_ = 0;
};

}  // namespace weft::core
