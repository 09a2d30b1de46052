// The planlens version. The top-level CMakeLists.txt checks at configure time
// that these numbers equal project(planlens VERSION ...), so they cannot drift.
#pragma once

#include <string_view>

#define PLANLENS_VERSION_MAJOR 0
#define PLANLENS_VERSION_MINOR 1
#define PLANLENS_VERSION_PATCH 0
/// "MAJOR.MINOR.PATCH", for messages and `planlens --version`.
#define PLANLENS_VERSION_STRING "0.1.0"

namespace planlens {

/// The version of the headers being compiled against.
struct Version {
    int major;
    int minor;
    int patch;
};

inline constexpr Version version{PLANLENS_VERSION_MAJOR, PLANLENS_VERSION_MINOR, PLANLENS_VERSION_PATCH};
inline constexpr std::string_view version_string = PLANLENS_VERSION_STRING;

}  // namespace planlens
