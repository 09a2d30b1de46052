// The structured readers: each turns one document in PostgreSQL's JSON, YAML
// or XML EXPLAIN format into the same flat list of fields, with
// JSON's key names and value types whatever the format. Decoded text goes to
// the TextStore; positions come from the SourceMap. Errors are located at the
// byte where the input stops making sense.
#pragma once

#include "source_map.hpp"
#include "text_store.hpp"

#include <planlens/fields.hpp>
#include <planlens/parse.hpp>
#include <planlens/result.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace planlens::detail {

/// The most nested objects and arrays a structured reader accepts: a plan
/// node takes two levels ("Plans" array and the node object).
/// Capped, as the readers recurse: 2000 levels hold plans 990 nodes deep.
inline std::size_t max_field_depth(const ParseLimits& limits) { return std::min<std::size_t>(2 * limits.max_depth + 16, 2000); }

using Fields = std::vector<Field>;

Result<Fields> read_json(std::string_view text, const SourceMap& map, TextStore& store, const ParseLimits& limits);
Result<Fields> read_yaml(std::string_view text, const SourceMap& map, TextStore& store, const ParseLimits& limits);
Result<Fields> read_xml(std::string_view text, const SourceMap& map, TextStore& store, const ParseLimits& limits);

/// The first byte of `s` that is not well-formed UTF-8, or npos.
std::size_t invalid_utf8(std::string_view s) noexcept;
/// Whether `s` is a number as JSON (and PostgreSQL) spells one, within the
/// range of a double: what the JSON reader reads as a number.
bool is_json_number(std::string_view s) noexcept;
/// What stands at `offset` of `text` (up to the line's end), quoted with
/// control bytes escaped, for an error message; "end of input" past the end.
std::string found_at(std::string_view text, std::size_t offset);

/// The JSON type PostgreSQL gives a key's value inside the group `parent`
/// (YAML and XML do not say): number, boolean, string, or array/object for
/// the keys that group others. Keys it does not know are strings.
FieldType json_type_of(std::string_view parent, std::string_view key) noexcept;
/// Whether json_type_of knows `key` (else its type is a guess).
bool known_key(std::string_view key) noexcept;

}  // namespace planlens::detail
