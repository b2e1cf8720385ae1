#include "app/heap.hpp"

#if defined(WEFT_JEMALLOC)
#include <jemalloc/jemalloc.h>

#include <cstdint>
#include <string>

// Two arenas for two cores: jemalloc's default of four per core kept ~1 MiB more resident
// for the same speed (weft_bench_http_execute). Read by jemalloc when it starts.
extern "C" {
const char* malloc_conf = "narenas:2";
}
#else
#include <malloc.h>
#endif

namespace weft::app {

#if defined(WEFT_JEMALLOC)

namespace {

// A statistic of the type jemalloc gives it (size_t for bytes, uint64_t for counts); 0 when
// it cannot be read.
template <class T>
T stat(const char* name) {
  T value = 0;
  std::size_t size = sizeof value;
  return mallctl(name, &value, &size, nullptr, 0) == 0 ? value : 0;
}

}  // namespace

heap_use heap() {
  std::uint64_t epoch = 1;  // statistics are a snapshot, refreshed by advancing the epoch
  std::size_t size = sizeof epoch;
  mallctl("epoch", &epoch, &size, &epoch, size);
  const std::size_t allocated = stat<std::size_t>("stats.allocated");
  const std::size_t resident = stat<std::size_t>("stats.resident");
  const std::string all = "stats.arenas." + std::to_string(MALLCTL_ARENAS_ALL);
  const std::uint64_t allocations = stat<std::uint64_t>((all + ".small.nrequests").c_str()) +
                                      stat<std::uint64_t>((all + ".large.nrequests").c_str());
  return {allocated, resident > allocated ? resident - allocated : 0, allocations};
}

void release_free_heap() {
  const std::string purge_all = "arena." + std::to_string(MALLCTL_ARENAS_ALL) + ".purge";
  mallctl(purge_all.c_str(), nullptr, nullptr, nullptr, 0);
}

#else

heap_use heap() {
  const struct mallinfo2 h = ::mallinfo2();
  return {h.uordblks + h.hblkhd, h.fordblks};
}

// glibc returns only the top of each arena by itself.
void release_free_heap() { ::malloc_trim(0); }

#endif

}  // namespace weft::app
