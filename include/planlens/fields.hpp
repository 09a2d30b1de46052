// The keys and values of a plan read from EXPLAIN (FORMAT JSON), YAML or XML.
// PostgreSQL's structured formats say more than its text (zero counters,
// "Parallel Aware": false, keys an extension added): a plan read from them
// keeps every field, in document order, so nothing the server wrote is lost.
#pragma once

#include <planlens/result.hpp>

#include <cstdint>
#include <string_view>

namespace planlens {

/// The format PostgreSQL printed the plan in (EXPLAIN's FORMAT option).
enum class PlanFormat : std::uint8_t { text, json, yaml, xml };

constexpr std::string_view to_string(PlanFormat format) noexcept {
    switch (format) {
        case PlanFormat::text: return "text";
        case PlanFormat::json: return "json";
        case PlanFormat::yaml: return "yaml";
        case PlanFormat::xml: return "xml";
    }
    return "text";
}

/// JSON's value types. YAML and XML values get the type PostgreSQL's JSON
/// gives the same key.
enum class FieldType : std::uint8_t { object, array, string, number, boolean, null };

/// One key and value, in a flat pre-order list: an object's or array's
/// members follow it, up to `end`.
struct Field {
    std::string_view key;    ///< "Node Type", "Plans", ...; empty for array elements
    std::string_view value;  ///< a string decoded, a number as printed, "true"/"false"; empty for containers
    FieldType type = FieldType::null;
    std::uint32_t end = 0;   ///< index one past this field's last descendant
    Position position;       ///< where the key (or the element) starts in the original document
};

}  // namespace planlens
