// The heap as the allocator sees it, whichever allocator the binary has: jemalloc in the
// product (measured: a quarter more executions a second than glibc's malloc on the hot
// path, docs/architecture.md), glibc's malloc in the sanitized builds, whose runtimes bring
// their own.
#pragma once

#include <cstddef>
#include <cstdint>

namespace weft::app {

struct heap_use {
  std::size_t in_use = 0;     // bytes the program holds
  std::size_t held_free = 0;  // bytes resident in the allocator but free (RSS it keeps)
  std::uint64_t allocations = 0;  // allocations made since the start (jemalloc; 0 = not known)
};

[[nodiscard]] heap_use heap();

/// Gives the pages the allocator holds free back to the system, so that what a burst of load
/// freed does not stay resident.
void release_free_heap();

}  // namespace weft::app
