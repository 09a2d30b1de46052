// EXPLAIN (FORMAT JSON) -> fields, with simdjson's On-Demand API: one pass
// over the document, numbers kept as printed ("0.00" stays "0.00"), strings
// decoded into the TextStore, every value's position taken from where its
// token starts in the buffer.
#include "readers.hpp"

#include <fmt/format.h>
#include <simdjson.h>

namespace planlens::detail {

namespace {

namespace od = simdjson::ondemand;

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

/// Where a string starts that never closes, or npos.
std::size_t unclosed_string(std::string_view s) {
    std::size_t open = std::string_view::npos;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (open == std::string_view::npos) {
            if (s[i] == '"') open = i;
        } else if (s[i] == '\\') {
            ++i;
        } else if (s[i] == '"') {
            open = std::string_view::npos;
        } else if (s[i] == '\n') {
            return open;  // a raw newline cannot be inside a JSON string
        }
    }
    return open;
}

/// Where the first value of `s` ends (one past its closing bracket), found
/// by brackets outside strings; npos when it never closes.
std::size_t end_of_first_value(std::string_view s) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if ((c == ']' || c == '}') && --depth == 0) {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

class JsonReader {
public:
    JsonReader(const SourceMap& map, TextStore& store, std::size_t max_depth)
        : map_(map), store_(store), max_depth_(max_depth) {}

    Result<Fields> read(std::string_view text) {
        const simdjson::padded_string padded(text);
        base_ = padded.data();
        size_ = text.size();
        od::parser parser;
        if (const auto e = parser.allocate(std::max<std::size_t>(padded.size(), 64), max_depth_))
            return error_at(0, simdjson::error_message(e));
        od::document doc;
        if (const auto e = parser.iterate(padded).get(doc)) return stage_one_error(text, e);
        od::json_type type;
        if (const auto e = doc.type().get(type)) return located(doc, e);
        bool ok = false;
        if (type == od::json_type::array) {
            od::array a;
            ok = !doc.get_array().get(a) && array(a, {}, 0, 1);
        } else if (type == od::json_type::object) {
            od::object o;
            ok = !doc.get_object().get(o) && object(o, {}, 0, 1);
        } else {
            return error_at(0, "expected a JSON array or object (EXPLAIN (FORMAT JSON) output)");
        }
        if (const std::size_t rest = trailing(text); rest != npos && (ok || error_offset_ == npos || error_offset_ >= rest))
            return error_at(rest, "unexpected text after the end of the JSON document");
        if (!ok) return failure(doc);
        return std::move(fields_);
    }

private:
    bool object(od::object o, std::string_view key, std::size_t at, std::size_t depth) {
        const std::size_t self = open(key, FieldType::object, at, depth);
        if (self == npos) return false;
        for (auto member : o) {
            od::field f;
            if (const auto e = std::move(member).get(f)) return fail(e);
            const char* key_at = f.key().raw() - 1;
            std::string_view name;
            if (f.unescaped_key().get(name)) return fail(simdjson::STRING_ERROR, key_at);
            if (!value(f.value(), store_.keep(name), static_cast<std::size_t>(key_at - base_), depth)) return false;
        }
        return close(self);
    }

    bool array(od::array a, std::string_view key, std::size_t at, std::size_t depth) {
        const std::size_t self = open(key, FieldType::array, at, depth);
        if (self == npos) return false;
        for (auto element : a) {
            od::value v;
            if (const auto e = std::move(element).get(v)) return fail(e);
            const char* where = nullptr;
            if (v.current_location().get(where)) return fail(simdjson::TAPE_ERROR);
            if (!value(v, {}, static_cast<std::size_t>(where - base_), depth)) return false;
        }
        return close(self);
    }

    bool value(od::value v, std::string_view key, std::size_t at, std::size_t depth) {
        od::json_type type;
        if (const auto e = v.type().get(type)) return fail(e);
        switch (type) {
            case od::json_type::object: {
                od::object o;
                if (const auto e = v.get_object().get(o)) return fail(e);
                return object(o, key, at, depth + 1);
            }
            case od::json_type::array: {
                od::array a;
                if (const auto e = v.get_array().get(a)) return fail(e);
                return array(a, key, at, depth + 1);
            }
            case od::json_type::string: {
                std::string_view s;
                if (const auto e = v.get_string().get(s)) return fail(e);
                return scalar(key, store_.keep(s), FieldType::string, at);
            }
            case od::json_type::number: {
                const std::string_view token = v.raw_json_token();
                double checked = 0;
                if (const auto e = v.get_double().get(checked)) return fail(e, token.data());
                return scalar(key, store_.keep(trim_right(token)), FieldType::number, at);
            }
            case od::json_type::boolean: {
                bool b = false;
                if (const auto e = v.get_bool().get(b)) return fail(e);
                return scalar(key, b ? "true" : "false", FieldType::boolean, at);
            }
            case od::json_type::null: {
                bool is_null = false;  // is_null() reports a broken atom as an error, never by throwing
                if (const auto e = v.is_null().get(is_null)) return fail(e);
                if (!is_null) return fail(simdjson::N_ATOM_ERROR);
                return scalar(key, "null", FieldType::null, at);
            }
        }
        return fail(simdjson::TAPE_ERROR);
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    /// Where text starts after the root value, or npos.
    static std::size_t trailing(std::string_view text) {
        const std::size_t end = end_of_first_value(text);
        if (end == std::string_view::npos) return npos;
        const std::size_t rest = text.find_first_not_of(" \t\r\n", end);
        return rest == std::string_view::npos ? npos : rest;
    }

    std::size_t open(std::string_view key, FieldType type, std::size_t at, std::size_t depth) {
        if (depth > max_depth_) {
            message_ = fmt::format("JSON nested deeper than {} levels", max_depth_);
            error_offset_ = at;
            return npos;
        }
        fields_.push_back(Field{key, {}, type, 0, map_.at(at)});
        return fields_.size() - 1;
    }

    bool close(std::size_t self) {
        fields_[self].end = static_cast<std::uint32_t>(fields_.size());
        return true;
    }

    bool scalar(std::string_view key, std::string_view value, FieldType type, std::size_t at) {
        fields_.push_back(Field{key, value, type, static_cast<std::uint32_t>(fields_.size() + 1), map_.at(at)});
        return true;
    }

    bool fail(simdjson::error_code e, const char* at = nullptr) {
        if (message_.empty()) message_ = simdjson::error_message(e);
        if (at != nullptr) error_offset_ = static_cast<std::size_t>(at - base_);
        return false;
    }

    Error failure(od::document& doc) {
        if (message_.empty()) message_ = "malformed document";
        if (error_offset_ == npos) {
            const char* at = nullptr;
            error_offset_ = doc.current_location().get(at) ? size_ : static_cast<std::size_t>(at - base_);
        }
        return error_at(error_offset_, message_);
    }

    Error located(od::document& doc, simdjson::error_code e) {
        message_ = simdjson::error_message(e);
        return failure(doc);
    }

    Error stage_one_error(std::string_view text, simdjson::error_code e) {
        std::size_t at = 0;
        if (e == simdjson::UTF8_ERROR && invalid_utf8(text) != std::string_view::npos) at = invalid_utf8(text);
        if (e == simdjson::UNCLOSED_STRING && unclosed_string(text) != std::string_view::npos) at = unclosed_string(text);
        return error_at(at, simdjson::error_message(e));
    }

    Error error_at(std::size_t offset, std::string_view what) const {
        return Error{map_.at(std::min(offset, size_)), fmt::format("invalid JSON: {}; found {}", what, found_at(offset))};
    }

    /// What stands at `offset`, quoted, control bytes escaped, for the message.
    std::string found_at(std::size_t offset) const {
        if (base_ == nullptr || offset >= size_) return "end of input";
        std::string out = "'";
        for (std::size_t i = offset; i < size_ && i < offset + 20; ++i) {
            const auto c = static_cast<unsigned char>(base_[i]);
            if (c < 0x20 || c >= 0x7f) out += fmt::format("\\x{:02x}", c);
            else out += static_cast<char>(c);
        }
        return out + "'";
    }

    const SourceMap& map_;
    TextStore& store_;
    std::size_t max_depth_;
    const char* base_ = nullptr;
    std::size_t size_ = 0;
    Fields fields_;
    std::string message_;
    std::size_t error_offset_ = npos;
};

}  // namespace

Result<Fields> read_json(std::string_view text, const SourceMap& map, TextStore& store, const ParseLimits& limits) {
    return JsonReader(map, store, max_field_depth(limits)).read(text);
}

}  // namespace planlens::detail
