// The component routes (SPEC §3, §7): the step types an editor can place, with the
// metadata to draw them and generate their forms (nodes/component.hpp). Canonical
// `GET /api/components[/{type}]`; seed 001's `GET /api/workflow/components[/{type}]` in its
// `{ success, data }` shape. An alias finds its canonical type.
#pragma once

#include "http/router.hpp"

namespace weft::nodes {
class registry;
}

namespace weft::http {

/// `registry` must outlive the routers. Canonical routes go in `tenant`, seed 001's in
/// `token` (its clients send only the bearer token).
void add_component_routes(router& tenant, router& token, const nodes::registry& registry);

}  // namespace weft::http
