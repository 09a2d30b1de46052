// JSON strings as the renderers write them: plain runs as they are, the
// rest escaped as JSON wants, bytes that are not UTF-8 replaced.
#include "render/json_writer.hpp"

#include <catch2/catch.hpp>

#include <string>

using planlens::detail::JsonWriter;

namespace {

std::string escaped(std::string_view text) {
    std::string out;
    JsonWriter::escape(out, text);
    return out;
}

}  // namespace

TEST_CASE("JSON strings: plain runs between the bytes that need escaping") {
    using namespace std::string_literals;
    CHECK(escaped("") == "\"\"");
    CHECK(escaped("Seq Scan on t") == "\"Seq Scan on t\"");
    CHECK(escaped("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(escaped("\"\\") == "\"\\\"\\\\\"");
    CHECK(escaped("x\ny\tz\r") == "\"x\\ny\\tz\\r\"");
    CHECK(escaped("\x01""a\0b\x7f"s) == "\"\\u0001a\\u0000b\x7f\"");
    CHECK(escaped("caf\xC3\xA9 ok") == "\"caf\xC3\xA9 ok\"");  // UTF-8 stays
    CHECK(escaped("a\xFF" "b\xC3") == "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\"");  // not UTF-8: U+FFFD
}
