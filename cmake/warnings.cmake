# Project-wide compiler settings: strict warnings and optional sanitizers.
add_compile_options(-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
if(IPMIPROV_WERROR)
  add_compile_options(-Werror)
endif()
if(IPMIPROV_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
