// `GET /api/executions/{id}/stream` (SPEC §7): an execution's durable events as Server-Sent
// Events, for clients behind proxies that break WebSockets. Each event is
// `id: seq` / `event: type` / `data: the event as /events shows it`; the stream starts after
// `Last-Event-ID` (or `?since=`), else from the first event, and ends after the execution's
// last event. Reconnecting after that end answers 204, which tells EventSource to stop.
#pragma once

#include <memory>

#include "http/router.hpp"

namespace weft::actors {
class event_feed;
}
namespace weft::services {
class execution_reader;
}

namespace weft::http {

/// `reader` must outlive the router; streams that outlive `feed` stop hearing from it.
void add_execution_stream_route(router& r, const services::execution_reader& reader,
                                std::weak_ptr<actors::event_feed> feed);

}  // namespace weft::http
