// A small strict JSON reader for tests: enough to check that `diff --json`
// is valid JSON and to look inside it by key, without string matching.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planlens::test {

struct Json {
    enum class Type { null, boolean, number, string, array, object } type = Type::null;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::vector<Json> array;
    std::vector<std::pair<std::string, Json>> object;  ///< in document order

    bool is_null() const { return type == Type::null; }
    /// The member `key`, or nullptr when absent or this is not an object.
    const Json* find(std::string_view key) const {
        for (const auto& [k, v] : object)
            if (k == key) return &v;
        return nullptr;
    }
    std::vector<std::string> keys() const {
        std::vector<std::string> out;
        for (const auto& member : object) out.push_back(member.first);
        return out;
    }
};

/// Parses exactly one JSON value with optional surrounding whitespace;
/// nullopt on anything RFC 8259 rejects (except that it does not check UTF-8).
class JsonReader {
public:
    static std::optional<Json> parse(std::string_view text) {
        JsonReader r(text);
        Json value;
        if (!r.value(value, 0)) return std::nullopt;
        r.space();
        if (r.at_ != text.size()) return std::nullopt;
        return value;
    }

private:
    explicit JsonReader(std::string_view text) : text_(text) {}

    bool value(Json& out, int depth) {
        if (depth > 64) return false;
        space();
        if (at_ >= text_.size()) return false;
        switch (text_[at_]) {
            case '{': return object(out, depth);
            case '[': return array(out, depth);
            case '"': out.type = Json::Type::string; return string(out.string);
            case 't': out.type = Json::Type::boolean; out.boolean = true; return word("true");
            case 'f': out.type = Json::Type::boolean; return word("false");
            case 'n': out.type = Json::Type::null; return word("null");
            default: out.type = Json::Type::number; return number(out.number);
        }
    }

    bool object(Json& out, int depth) {
        out.type = Json::Type::object;
        ++at_;
        space();
        if (peek('}')) return ++at_, true;
        for (;;) {
            space();
            std::string key;
            if (!peek('"') || !string(key)) return false;
            space();
            if (!peek(':')) return false;
            ++at_;
            Json v;
            if (!value(v, depth + 1)) return false;
            out.object.emplace_back(std::move(key), std::move(v));
            space();
            if (peek('}')) return ++at_, true;
            if (!peek(',')) return false;
            ++at_;
        }
    }

    bool array(Json& out, int depth) {
        out.type = Json::Type::array;
        ++at_;
        space();
        if (peek(']')) return ++at_, true;
        for (;;) {
            Json v;
            if (!value(v, depth + 1)) return false;
            out.array.push_back(std::move(v));
            space();
            if (peek(']')) return ++at_, true;
            if (!peek(',')) return false;
            ++at_;
        }
    }

    bool string(std::string& out) {
        ++at_;  // opening quote
        while (at_ < text_.size()) {
            const char c = text_[at_++];
            if (c == '"') return true;
            if (static_cast<unsigned char>(c) < 0x20) return false;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (at_ >= text_.size()) return false;
            const char e = text_[at_++];
            switch (e) {
                case '"': case '\\': case '/': out += e; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    if (at_ + 4 > text_.size()) return false;
                    unsigned code = 0;
                    for (int i = 0; i < 4; ++i) {
                        const char h = text_[at_++];
                        code <<= 4;
                        if (h >= '0' && h <= '9') code |= unsigned(h - '0');
                        else if (h >= 'a' && h <= 'f') code |= unsigned(h - 'a' + 10);
                        else if (h >= 'A' && h <= 'F') code |= unsigned(h - 'A' + 10);
                        else return false;
                    }
                    append_utf8(out, code);  // surrogate pairs are not needed by these tests
                    break;
                }
                default: return false;
            }
        }
        return false;
    }

    bool number(double& out) {
        const std::size_t start = at_;
        if (peek('-')) ++at_;
        if (peek('0')) {
            ++at_;
        } else if (!digits()) {
            return false;
        }
        if (peek('.')) {
            ++at_;
            if (!digits()) return false;
        }
        if (peek('e') || peek('E')) {
            ++at_;
            if (peek('+') || peek('-')) ++at_;
            if (!digits()) return false;
        }
        out = std::strtod(std::string(text_.substr(start, at_ - start)).c_str(), nullptr);
        return true;
    }

    bool digits() {
        const std::size_t start = at_;
        while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
        return at_ > start;
    }

    bool word(std::string_view w) {
        if (text_.substr(at_, w.size()) != w) return false;
        at_ += w.size();
        return true;
    }

    static void append_utf8(std::string& out, unsigned code) {
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }

    bool peek(char c) const { return at_ < text_.size() && text_[at_] == c; }
    void space() {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t'))
            ++at_;
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

}  // namespace planlens::test
