#pragma once
// How many times slower than a plain build this test build runs. A test that paces itself by
// the clock (a kill every few hundred milliseconds, say) scales its pauses by it, so that the
// same test asks the same of the code under a sanitizer: ASan + UBSan run our code about 2-3
// times slower, TSan 5-15 times.

namespace weft::testing {

#if defined(__has_feature)
#define WEFT_HAS_FEATURE(x) __has_feature(x)
#else
#define WEFT_HAS_FEATURE(x) 0
#endif

constexpr int build_slowdown() {
#if defined(__SANITIZE_THREAD__) || WEFT_HAS_FEATURE(thread_sanitizer)
  return 8;
#elif defined(__SANITIZE_ADDRESS__) || WEFT_HAS_FEATURE(address_sanitizer)
  return 3;
#else
  return 1;
#endif
}

#undef WEFT_HAS_FEATURE

}  // namespace weft::testing
