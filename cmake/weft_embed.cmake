# weft_embed(OUT_VAR SUFFIX NAMESPACE HEADER): generates a C++ file holding every
# *SUFFIX file below the calling folder (cmake/embed_files.cmake writes it at build time,
# again whenever one changes) and sets OUT_VAR to its path, to add to a library's sources.
function(weft_embed out_var suffix namespace header)
  file(GLOB_RECURSE files RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*${suffix})
  list(SORT files)
  list(JOIN files "|" file_list)
  list(TRANSFORM files PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/ OUTPUT_VARIABLE paths)
  get_filename_component(folder ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  set(output ${CMAKE_CURRENT_BINARY_DIR}/embedded_${folder}.cpp)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR} "-DFILES=${file_list}" -DOUTPUT=${output}
            -DSUFFIX=${suffix} -DNAMESPACE=${namespace} -DHEADER=${header} -P ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    DEPENDS ${paths} ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    COMMENT "Embedding ${folder}/*${suffix}"
    VERBATIM)
  set(${out_var} ${output} PARENT_SCOPE)
endfunction()
