# SPDX-License-Identifier: MIT
# The fuzz targets, shared by the libFuzzer build (tests/fuzz/CMakeLists.txt,
# MW_FUZZ=ON, clang) and the replay build (tests/CMakeLists.txt: the same
# harnesses with replay.c as main, run by CTest over the regression inputs).
#
#   fuzz-input           src/input.c: sniffing, zstd, limits, lines
#   fuzz-probe           one line through kmsg prefixes, capture markers, every probe()
#   fuzz-parse           the demultiplexer: formats detected line by line
#   fuzz-parse-<kind>    one per parser in parsers.def (generated), as --kind <kind>
#   fuzz-import          input -> parsers -> in-memory store -> every report -> every format
#
# The per-parser targets are generated from include/memwaste/parsers.def,
# so a parser added there is fuzzed at the next cmake run.

set(MW_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${PROJECT_SOURCE_DIR}/include/memwaste/parsers.def)

# The parser names of parsers.def, in order.
function(mw_fuzz_kinds out)
  file(STRINGS ${PROJECT_SOURCE_DIR}/include/memwaste/parsers.def lines REGEX "^MW_PARSER\\(")
  set(kinds "")
  foreach(l ${lines})
    string(REGEX REPLACE "^MW_PARSER\\(([A-Za-z0-9_]+)\\).*" "\\1" k "${l}")
    list(APPEND kinds ${k})
  endforeach()
  set(${out} ${kinds} PARENT_SCOPE)
endfunction()

# mw_fuzz_list(<out>): one "name|source|kind" entry per target (kind empty when none).
function(mw_fuzz_list out)
  set(l "fuzz-input|${MW_FUZZ_DIR}/fuzz-input.c|"
        "fuzz-probe|${MW_FUZZ_DIR}/fuzz-probe.c|"
        "fuzz-parse|${MW_FUZZ_DIR}/fuzz-parse.c|")
  mw_fuzz_kinds(kinds)
  foreach(k ${kinds})
    list(APPEND l "fuzz-parse-${k}|${MW_FUZZ_DIR}/fuzz-parse.c|${k}")
  endforeach()
  list(APPEND l "fuzz-import|${MW_FUZZ_DIR}/fuzz-import.c|")
  set(${out} ${l} PARENT_SCOPE)
endfunction()

# mw_fuzz_target(<entry> <var-name> <var-source> <var-kind>): splits an entry.
macro(mw_fuzz_split entry name src kind)
  string(REPLACE "|" ";" _mw_parts "${entry}")
  list(GET _mw_parts 0 ${name})
  list(GET _mw_parts 1 ${src})
  list(LENGTH _mw_parts _mw_n)
  if(_mw_n GREATER 2)
    list(GET _mw_parts 2 ${kind})
  else()
    set(${kind} "")
  endif()
endmacro()
