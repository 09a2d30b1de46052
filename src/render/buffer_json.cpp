#include "buffer_json.hpp"

#include <cstdint>
#include <string_view>

namespace planlens::detail {

namespace {

struct Counter {
    std::string_view postgres, planlens;
    std::int64_t BufferCounters::*value;
};

constexpr Counter counters[] = {
    {"Shared Hit Blocks", "shared_hit", &BufferCounters::shared_hit},
    {"Shared Read Blocks", "shared_read", &BufferCounters::shared_read},
    {"Shared Dirtied Blocks", "shared_dirtied", &BufferCounters::shared_dirtied},
    {"Shared Written Blocks", "shared_written", &BufferCounters::shared_written},
    {"Local Hit Blocks", "local_hit", &BufferCounters::local_hit},
    {"Local Read Blocks", "local_read", &BufferCounters::local_read},
    {"Local Dirtied Blocks", "local_dirtied", &BufferCounters::local_dirtied},
    {"Local Written Blocks", "local_written", &BufferCounters::local_written},
    {"Temp Read Blocks", "temp_read", &BufferCounters::temp_read},
    {"Temp Written Blocks", "temp_written", &BufferCounters::temp_written},
};

}  // namespace

void buffer_members(JsonWriter& w, const BufferCounters& b, BufferKeys keys, ZeroCounters zeros) {
    for (const Counter& c : counters) {
        const std::int64_t value = b.*c.value;
        if (value == 0 && zeros == ZeroCounters::omit) continue;
        w.member_integer(keys == BufferKeys::postgres ? c.postgres : c.planlens, value);
    }
}

}  // namespace planlens::detail
