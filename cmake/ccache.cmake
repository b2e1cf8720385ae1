# Uses ccache when it is installed. The sloppiness settings let precompiled headers hit
# the cache (measured when they were tried, docs/building.md); BASEDIR/NOHASHDIR share hits across build dirs.
find_program(WEFT_CCACHE ccache)
if(WEFT_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env
      CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      CCACHE_BASEDIR=${CMAKE_SOURCE_DIR} CCACHE_NOHASHDIR=1
      ${WEFT_CCACHE})
endif()
