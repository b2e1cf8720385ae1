// The registry of step types: each type's facts (canonical name, aliases, tier class,
// expression fields) and its config JSON Schema. Implements core::step_catalog for the
// validator. Built once at start-up; read-only and thread-safe afterwards.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/step_catalog.hpp"

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

struct step_type {
  core::step_type_info info;
  step_type_metadata metadata;
  config_check check = nullptr;
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

}  // namespace weft::nodes
