// A file's bytes as a string, for tests that read fixtures and documents.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace planlens::test {

/// The whole file, byte for byte; empty when it cannot be read (tests that
/// need it check, so a missing fixture fails the test that uses it).
inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace planlens::test
