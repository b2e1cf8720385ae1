// What a node gives its step runs beyond their context (nodes::step_environment): tenant
// secrets and tenant record collections. One place builds it, for `weft serve` and tests.
#pragma once

#include <memory>

#include "nodes/step_handler.hpp"

namespace weft::storage {
class record_store;
class workflow_store;
}

namespace weft::services {

class secret_service;
class component_service;

/// Every argument must outlive every step run (the actor system).
[[nodiscard]] std::shared_ptr<const nodes::step_environment> make_step_environment(
    const secret_service& secrets, storage::record_store& records, const storage::workflow_store& workflows,
    const component_service& components);

}  // namespace weft::services
