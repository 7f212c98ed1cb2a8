# Writes a C++ source defining `extern const char SYMBOL[]` with the text of INPUT.
file(READ "${INPUT}" content)
set(delimiter "graphlint_embed")
string(FIND "${content}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${delimiter}\"")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/EmbedText.cmake; do not edit.\n"
  "namespace graphlint {\n"
  "extern const char ${SYMBOL}[];\n"
  "const char ${SYMBOL}[] = R\"${delimiter}(${content})${delimiter}\";\n"
  "}  // namespace graphlint\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
