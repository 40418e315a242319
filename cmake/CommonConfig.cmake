# Project-wide compile options, applied to every target through one INTERFACE library.
add_library(roster_common INTERFACE)
target_compile_features(roster_common INTERFACE cxx_std_17)
target_compile_definitions(roster_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_UP_TO=0x060000
)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(roster_common INTERFACE -Wall -Wextra -Wpedantic)
endif()
