# weft_target(NAME): the flags every target of ours gets: strict warnings as errors, the
# repository root as include root, and the sanitizers chosen with -DWEFT_SANITIZE=...
function(weft_target name)
  # -pthread everywhere: CAF and RE2 need it, and precompiled headers are shared only
  # between targets whose predefined macros (_REENTRANT) agree.
  target_compile_options(${name} PRIVATE -Wall -Wextra -Wpedantic -Werror -pthread)
  target_link_options(${name} PRIVATE -pthread)
  if(WEFT_CCACHE)
    target_compile_options(${name} PRIVATE -fpch-preprocess)
  endif()
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  if(WEFT_SANITIZE)
    target_compile_options(${name} PUBLIC -fsanitize=${WEFT_SANITIZE} -fno-omit-frame-pointer)
    target_link_options(${name} PUBLIC -fsanitize=${WEFT_SANITIZE})
  endif()
endfunction()
