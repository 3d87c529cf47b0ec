# Project-wide compiler settings: strict warnings and optional sanitizers.
add_compile_options(-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
if(IPMIPROV_WERROR)
  add_compile_options(-Werror)
endif()
if(IPMIPROV_SANITIZE)
  # GCC's "undefined" leaves out float-cast-overflow (a float out of an integer's range), which clang's includes.
  add_compile_options(-fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined,float-cast-overflow)
endif()
if(IPMIPROV_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "IPMIPROV_FUZZ needs clang (libFuzzer): configure with CXX=clang++ CC=clang")
  endif()
  # Coverage feedback for libFuzzer in every library; the fuzz targets add -fsanitize=fuzzer at link.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
if(IPMIPROV_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
