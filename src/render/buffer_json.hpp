// The counters of a "Buffers:" line as JSON members, in PostgreSQL's order:
// under PostgreSQL's own keys ("Shared Hit Blocks", for convert --to pg-json)
// or planlens's ("shared_hit", for the --json verbs). One list, so every
// output carries the same counters.
#pragma once

#include "json_writer.hpp"

#include <planlens/property.hpp>

namespace planlens::detail {

enum class BufferKeys { postgres, planlens };

/// Whether counters that are 0 are written (PostgreSQL's JSON has them all) or left out.
enum class ZeroCounters { write, omit };

/// Writes the counters as members of the object the caller has open.
void buffer_members(JsonWriter& w, const BufferCounters& b, BufferKeys keys, ZeroCounters zeros = ZeroCounters::write);

}  // namespace planlens::detail
