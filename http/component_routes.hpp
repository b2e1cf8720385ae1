// The component routes (SPEC §3, §7): the step types an editor can place, with the
// metadata to draw them and generate their forms (nodes/component.hpp). Canonical
// `GET /api/components[/{type}]`; seed 001's `GET /api/workflow/components[/{type}]` in its
// `{ success, data }` shape. An alias finds its canonical type. Custom components
// (nodes/custom_component.hpp) are listed after the built-in types.
#pragma once

#include "http/router.hpp"

namespace weft::nodes {
class registry;
}
namespace weft::services {
class component_service;
}

namespace weft::http {

/// `registry` and `custom` must outlive the routers. Canonical routes go in `tenant`, seed
/// 001's in `token` (its clients send only the bearer token). The lists and lookups include
/// the tenant's custom components; tenant admins register them with
/// `PUT /api/components/{type}` and remove them with `DELETE /api/components/{type}`.
void add_component_routes(router& tenant, router& token, const nodes::registry& registry, services::component_service& custom);

}  // namespace weft::http
