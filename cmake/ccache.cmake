# Uses ccache when it is installed. The sloppiness settings let precompiled headers hit
# the cache (measured when they were tried, docs/building.md); BASEDIR/NOHASHDIR share hits across build dirs.
# CI keeps four builds warm (plain, ASan+UBSan, TSan, the clang fuzzers): about 6 GB of
# objects, more than ccache's default 5 GB, so the limit is raised for our builds.
find_program(WEFT_CCACHE ccache)
if(WEFT_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env
      CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      CCACHE_BASEDIR=${CMAKE_SOURCE_DIR} CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=16G
      ${WEFT_CCACHE})
endif()
