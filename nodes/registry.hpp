// The registry of step types, the one place that knows each type: its facts (canonical
// name, aliases, tier class, kind, expression fields), its config JSON Schema, and how an
// attempt of it runs. Implements core::step_catalog for the validator; the engine asks it
// how to run a step. Built once at start-up; read-only and thread-safe afterwards.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/step_catalog.hpp"
#include "nodes/http_client.hpp"

namespace weft::nodes {

/// What an editor shows for a type (nodes/component.hpp makes seed 001's
/// WorkflowComponentMetadata of it, with parameters from the config schema).
struct step_type_metadata {
  std::string name;
  std::string description;
  std::string category;  // triggers | flow | data | integrations | ai | utility
  std::string icon;      // a Heroicons name, as in seed 001
};

/// Checks a config beyond its JSON Schema (a cron expression's syntax, say), reporting at
/// `pointer` (the config's) + the field's path.
using config_check = void (*)(const nlohmann::json& config, const std::string& pointer, std::vector<core::problem>& out);

/// How an attempt of a type runs (actors/step_run.cpp). The types the execution runs itself
/// — kinds timer, signal and child_runs — and the canvas comment have no `start`.
struct step_runner {
  /// Begins one attempt: its result at once, or the call out whose answer finishes it. May
  /// throw on data of a shape it does not expect: start_step() makes that a failed attempt.
  step_start (*start)(const step_context& ctx, const std::string& idempotency_key) = nullptr;
  /// It holds its thread while it waits (on SMTP, on storage): the engine gives it a thread of
  /// its own, never a scheduler's. Calls out over HTTP wait for a message instead.
  bool blocks_its_thread = false;
};

struct step_type {
  core::step_type_info info;
  step_type_metadata metadata;
  config_check check = nullptr;
  step_runner runner;

  /// In a cluster, its attempts may run on a worker: it calls out over HTTP and holds no thread
  /// (docs/cluster.md: pure steps are cheaper here than a message away; records and child runs
  /// need the coordinator's storage and engine).
  [[nodiscard]] bool may_run_on_a_worker() const noexcept {
    return info.kind == core::step_kind::outside && !runner.blocks_its_thread;
  }
};

class registry final : public core::step_catalog {
 public:
  /// The registry of every built-in step type (nodes/builtin_types.cpp), with its schemas
  /// compiled. Built on first use.
  [[nodiscard]] static const registry& builtin();

  /// Adds a type; its config schema is the embedded `steps/<type>` schema, or none.
  void add(step_type type);

  [[nodiscard]] const core::step_type_info* find(std::string_view type_or_alias) const override;
  void check_config(const core::step_type_info& type, const nlohmann::json& config, const std::string& pointer,
                    std::vector<core::problem>& out) const override;
  void check_definition(const nlohmann::json& doc, std::vector<core::problem>& out) const override;

  [[nodiscard]] const std::vector<step_type>& types() const noexcept;
  /// The type named `type_or_alias` with its metadata, or nullptr.
  [[nodiscard]] const step_type* find_type(std::string_view type_or_alias) const;

  registry();
  ~registry() override;
  registry(registry&&) noexcept;
  registry& operator=(registry&&) noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Every built-in type, in the order editors list them.
[[nodiscard]] std::vector<step_type> builtin_types();

/// The type a step of canonical type `type` runs as: its built-in type, else a tenant's custom
/// component (kind outside: a call to the tenant's endpoint, nodes/custom_component.hpp).
[[nodiscard]] const step_type& type_to_run(std::string_view type);

/// Begins one attempt of ctx.step by its type's runner. Never throws: a type with no runner
/// fails the attempt with `unsupported_step`, a runner that throws with `internal_error`.
[[nodiscard]] step_start start_step(const step_context& ctx, const std::string& idempotency_key);

}  // namespace weft::nodes
