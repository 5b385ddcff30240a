# One interface target carries the warning flags, sanitizers and fuzzing flags; every Parley
# library and executable links it, so the whole tree is built the same way.
add_library(parley_options INTERFACE)
add_library(parley::options ALIAS parley_options)

target_compile_options(parley_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wcast-align -Wunused
  -Woverloaded-virtual -Wimplicit-fallthrough)
if(PARLEY_WERROR)
  target_compile_options(parley_options INTERFACE -Werror)
endif()
# g++ 12 at -O2/-O3 reports false -Wrestrict inside libstdc++'s std::string (GCC bug 105329),
# false -Wmaybe-uninitialized on std::optional members, and (with the sanitizers) a false
# -Wmismatched-new-delete on Asio's coroutine frame allocator; none is about our code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(parley_options INTERFACE -Wno-restrict -Wno-maybe-uninitialized -Wno-mismatched-new-delete)
endif()
# Asio and Beast define their own handler-tracking; keep Boost quiet about deprecated headers.
target_compile_definitions(parley_options INTERFACE
  BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW BOOST_ALLOW_DEPRECATED_HEADERS)

if(PARLEY_SANITIZE)
  target_compile_options(parley_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(parley_options INTERFACE -fsanitize=address,undefined)
endif()
# The fuzz build instruments every library for coverage and the sanitizers, not only each target's
# own file: libFuzzer can only steer by the edges it sees, and those are in the decoders.
if(PARLEY_FUZZ)
  target_compile_options(parley_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined)
  target_link_options(parley_options INTERFACE -fsanitize=address,undefined)
endif()

# parley_add_tests(<target> SOURCES ... LIBS ... [LABELS ...])
# One GoogleTest executable per library; registered with CTest under the given labels
# (default: unit).
function(parley_add_tests name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  if(NOT PARLEY_TESTS)
    return()
  endif()
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  if(PARLEY_DEV_SKIP_MISSING)  # local builds while files are being written; never in CI
    foreach(src ${T_SOURCES})
      if(NOT EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${src})
        return()
      endif()
    endforeach()
  endif()
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main parley::options)
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1)
  set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}" TIMEOUT 300)
endfunction()

# parley_add_fuzz(<name> SOURCE <file> LIBS ... [CORPUS <dir>])
# The source defines LLVMFuzzerTestOneInput. In the fuzz build (clang, PARLEY_FUZZ) it becomes a
# libFuzzer binary run for a bounded time by CTest; in every other build it is linked with a
# replay driver that runs the seed corpus plus deterministic pseudo-random inputs, so the target
# always compiles and its seeds stay green under the sanitizers.
function(parley_add_fuzz name)
  cmake_parse_arguments(F "" "SOURCE;CORPUS" "LIBS" ${ARGN})
  if(NOT PARLEY_TESTS AND NOT PARLEY_FUZZ)
    return()
  endif()
  if(PARLEY_DEV_SKIP_MISSING AND NOT EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${F_SOURCE})
    return()
  endif()
  add_executable(${name} ${F_SOURCE})
  target_link_libraries(${name} PRIVATE ${F_LIBS} parley::options)
  set(corpus_args)
  if(F_CORPUS)
    set(corpus_args ${CMAKE_CURRENT_SOURCE_DIR}/${F_CORPUS})
  endif()
  if(PARLEY_FUZZ)
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    set(workdir ${CMAKE_CURRENT_BINARY_DIR}/${name}_corpus)
    file(MAKE_DIRECTORY ${workdir})
    add_test(NAME ${name} COMMAND ${name} -max_total_time=15 -rss_limit_mb=2048 -timeout=10
      ${workdir} ${corpus_args})
    set_tests_properties(${name} PROPERTIES LABELS fuzz TIMEOUT 120)
  else()
    target_sources(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/fuzz_replay_driver.cpp)
    add_test(NAME ${name} COMMAND ${name} ${corpus_args})
    set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 300)
  endif()
endfunction()
