# weft_target(NAME): the flags every target of ours gets: strict warnings as errors, the
# repository root as include root, and the sanitizers chosen with -DWEFT_SANITIZE=...
function(weft_target name)
  # -pthread everywhere: CAF and RE2 need it, and precompiled headers are shared only
  # between targets whose predefined macros (_REENTRANT) agree.
  target_compile_options(${name} PRIVATE -Wall -Wextra -Wpedantic -Werror -pthread)
  target_link_options(${name} PRIVATE -pthread)
  if(WEFT_CCACHE AND WEFT_PCH)
    target_compile_options(${name} PRIVATE -fpch-preprocess)
  endif()
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  if(WEFT_SANITIZE)
    target_compile_options(${name} PUBLIC -fsanitize=${WEFT_SANITIZE} -fno-omit-frame-pointer)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      # GCC 12's flow warnings misfire on libstdc++ code once ASan instruments it (-Wrestrict
      # on char_traits' memcpy, -Wmaybe-uninitialized in <regex>'s automaton at -O1); the
      # sanitizers themselves check those accesses.
      target_compile_options(${name} PRIVATE -Wno-restrict -Wno-stringop-overflow -Wno-array-bounds -Wno-maybe-uninitialized)
    endif()
    target_link_options(${name} PUBLIC -fsanitize=${WEFT_SANITIZE})
  endif()
endfunction()

# weft_precompile(NAME HEADERS...) / weft_precompile_reuse(NAME FROM): precompiled headers
# that can be switched off with -DWEFT_PCH=OFF to compare build times.
function(weft_precompile name)
  if(WEFT_PCH)
    target_precompile_headers(${name} PRIVATE ${ARGN})
  endif()
endfunction()
function(weft_precompile_reuse name from)
  if(WEFT_PCH)
    target_precompile_headers(${name} REUSE_FROM ${from})
  endif()
endfunction()
