// Validation of workflow definitions (SPEC §2) and of single steps for editors
// (`validate-step`, seed 000). Reports every problem at once, each with a JSON pointer.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/problem.hpp"
#include "core/step_catalog.hpp"

namespace weft::core {

struct validation_report {
  std::vector<problem> errors;
  std::vector<problem> warnings;
  nlohmann::json canonical;  // the definition in canonical form (converted from React Flow if need be)

  [[nodiscard]] bool ok() const noexcept { return errors.empty(); }
};

/// Validates a definition in canonical or React Flow form. Pointers refer to the document
/// as submitted.
[[nodiscard]] validation_report validate_definition(const nlohmann::json& doc, const step_catalog& catalog);

/// Validates one step as an editor holds it: its type, config and expressions, with
/// references checked against `available_steps` (seed 000's `validate-step`).
[[nodiscard]] validation_report validate_step(const nlohmann::json& step, const std::vector<std::string>& available_steps,
                                              const step_catalog& catalog);

}  // namespace weft::core
