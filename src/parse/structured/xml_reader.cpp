// EXPLAIN (FORMAT XML) -> fields, with pugixml. explain.c writes each JSON
// key as an element named after it, with every character outside
// [A-Za-z0-9-_.] turned into '-' ("I/O Read Time" -> <I-O-Read-Time>); a
// list's strings as <Item>s; an array of groups as elements named after the
// group (<Plans><Plan>, <Workers><Worker>, <Triggers><Trigger>). The XML says
// nothing of types, so a value gets the one PostgreSQL's JSON gives its key.
#include "readers.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <array>

namespace planlens::detail {

namespace {

constexpr std::size_t npos = std::string_view::npos;

/// The keys whose XML name is not their name with spaces turned into '-'.
constexpr std::array<std::string_view, 9> dashed_keys = {
    "One-Time Filter",     "I/O Read Time",        "I/O Write Time",        "Shared I/O Read Time", "Shared I/O Write Time",
    "Local I/O Read Time", "Local I/O Write Time", "Temp I/O Read Time",    "Temp I/O Write Time"};

std::string xml_name(std::string_view key) {
    std::string out(key);
    for (char& c : out) {
        const bool valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '_' || c == '.';
        if (!valid) c = '-';
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

class XmlReader {
public:
    XmlReader(std::string_view text, const SourceMap& map, TextStore& store, std::size_t max_depth)
        : text_(text), map_(map), store_(store), max_depth_(max_depth) {}

    Result<Fields> read() {
        if (const std::size_t bad = invalid_utf8(text_); bad != npos) return error_at(bad, "a byte that is not UTF-8");
        pugi::xml_document doc;
        const unsigned options = pugi::parse_default | pugi::parse_ws_pcdata_single;
        const pugi::xml_parse_result parsed = doc.load_buffer(text_.data(), text_.size(), options, pugi::encoding_utf8);
        if (!parsed) return error_at(static_cast<std::size_t>(parsed.offset), parsed.description());
        const pugi::xml_node root = doc.document_element();
        if (std::string_view(root.name()) != "explain")
            return error_at(offset_of(root), "expected <explain> (EXPLAIN (FORMAT XML) output)");
        // EXPLAIN writes <Query> elements; auto_explain one element's members directly.
        const bool queries = static_cast<bool>(root.child("Query"));
        const bool ok = queries ? array(root, {}, 1) : object(root, {}, {}, 1);
        if (!ok) return error_at(error_offset_, message_);
        return std::move(fields_);
    }

private:
    std::size_t offset_of(pugi::xml_node node) const {
        const std::ptrdiff_t at = node.offset_debug();
        if (at <= 0) return 0;
        return static_cast<std::size_t>(at) - (node.type() == pugi::node_element ? 1 : 0);  // at '<'
    }

    /// The JSON key of an element named `tag` inside the group `parent`.
    std::string_view key_of(std::string_view tag, std::string_view parent) {
        if (parent == "Settings") return store_.keep(tag);  // GUC names, as they are
        for (const std::string_view key : dashed_keys)
            if (xml_name(key) == tag) return key;
        std::string key(tag);
        for (char& c : key)
            if (c == '-') c = ' ';
        return store_.keep(key);
    }

    static bool has_elements(pugi::xml_node node) {
        for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
            if (c.type() == pugi::node_element) return true;
        return false;
    }

    static bool only_items(pugi::xml_node node) {
        for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
            if (c.type() == pugi::node_element && std::string_view(c.name()) != "Item") return false;
        return true;
    }

    /// An element's members: one field per child element.
    bool object(pugi::xml_node node, std::string_view key, std::string_view parent, std::size_t depth) {
        const std::string_view scope = key.empty() ? parent : key;  // an array's <Plan> is a "Plan"
        const std::size_t self = open(key, FieldType::object, node, depth);
        if (self == npos) return false;
        // Two groups are named by their type, not their JSON key: an
        // incremental sort's full-sort groups come first, then its pre-sorted
        // ones; a group's memory space first, then its disk space (a lone
        // disk space cannot be told from memory in XML).
        int sort_groups = 0, sort_spaces = 0;
        for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            const std::string_view tag = c.name();
            std::string_view name;
            if (tag == "Incremental-Sort-Groups") name = sort_groups++ == 0 ? "Full-sort Groups" : "Pre-sorted Groups";
            else if (tag == "Sort-Space") name = sort_spaces++ == 0 ? "Sort Space Memory" : "Sort Space Disk";
            else name = key_of(tag, scope);
            if (!member(c, name, scope, depth + 1)) return false;
        }
        return close(self);
    }

    /// An element's children as array elements: <Item>s are strings, groups
    /// objects, and a list inside the list (ExplainPropertyListNested) an array.
    bool array(pugi::xml_node node, std::string_view key, std::size_t depth) {
        const std::size_t self = open(key, FieldType::array, node, depth);
        if (self == npos) return false;
        for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            const std::string_view tag = c.name();
            const std::string_view as_key = key_of(tag, {});
            bool ok = false;
            if (tag == "Item") ok = scalar({}, text_of(c), FieldType::string, c);
            else if (json_type_of({}, as_key) == FieldType::array || (has_elements(c) && only_items(c)))
                ok = array(c, {}, depth + 1);
            else if (has_elements(c) || json_type_of({}, as_key) == FieldType::object) ok = object(c, {}, as_key, depth + 1);
            else ok = scalar({}, text_of(c), FieldType::string, c);
            if (!ok) return false;
        }
        return close(self);
    }

    bool member(pugi::xml_node node, std::string_view key, std::string_view parent, std::size_t depth) {
        const FieldType type = json_type_of(parent, key);
        if (type == FieldType::array || (has_elements(node) && only_items(node) && type != FieldType::object))
            return array(node, key, depth);
        if (type == FieldType::object || has_elements(node)) return object(node, key, parent, depth);
        const std::string_view text = text_of(node);
        if (type == FieldType::number && is_json_number(trim(text)))
            return scalar(key, trim(text), FieldType::number, node);
        if (type == FieldType::boolean && (trim(text) == "true" || trim(text) == "false"))
            return scalar(key, trim(text) == "true" ? "true" : "false", FieldType::boolean, node);
        return scalar(key, text, FieldType::string, node);  // a mistyped value stays text: the plan check reports it
    }

    std::string_view text_of(pugi::xml_node node) { return store_.keep(node.text().get()); }

    std::size_t open(std::string_view key, FieldType type, pugi::xml_node node, std::size_t depth) {
        if (depth > max_depth_) {
            if (message_.empty()) {
                message_ = fmt::format("XML nested deeper than {} levels", max_depth_);
                error_offset_ = offset_of(node);
            }
            return npos;
        }
        fields_.push_back(Field{key, {}, type, 0, map_.at(offset_of(node))});
        return fields_.size() - 1;
    }

    bool close(std::size_t self) {
        fields_[self].end = static_cast<std::uint32_t>(fields_.size());
        return true;
    }

    bool scalar(std::string_view key, std::string_view value, FieldType type, pugi::xml_node node) {
        fields_.push_back(
            Field{key, value, type, static_cast<std::uint32_t>(fields_.size() + 1), map_.at(offset_of(node))});
        return true;
    }

    Error error_at(std::size_t offset, std::string_view what) const {
        offset = std::min(offset, text_.size());
        return Error{map_.at(offset), fmt::format("invalid XML: {}; found {}", what, found_at(text_, offset))};
    }

    std::string_view text_;
    const SourceMap& map_;
    TextStore& store_;
    std::size_t max_depth_;
    Fields fields_;
    std::string message_;
    std::size_t error_offset_ = 0;
};

}  // namespace

Result<Fields> read_xml(std::string_view text, const SourceMap& map, TextStore& store, const ParseLimits& limits) {
    return XmlReader(text, map, store, max_field_depth(limits)).read();
}

}  // namespace planlens::detail
