// One translation unit owns Catch2's main so test files compile quickly.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
