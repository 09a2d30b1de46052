// A JSON Schema (draft 2020-12) validator for the keywords planlens's own
// schema uses (docs/planlens.schema.json): type, const, enum, minimum,
// properties, required, additionalProperties, unevaluatedProperties, items,
// allOf, anyOf, oneOf and local "$ref": "#/$defs/name". A keyword it does
// not implement is an error, so the schema cannot say more than is checked.
#pragma once

#include "diff/json_value.hpp"

#include <cmath>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace planlens::test {

class JsonSchema {
public:
    explicit JsonSchema(Json root) : root_(std::move(root)) {}

    /// The problems of `value` against the definition `#/$defs/<name>` (or the
    /// root when `name` is empty), each "path: what"; empty when it is valid.
    std::vector<std::string> validate(const Json& value, std::string_view name = {}) const {
        std::vector<std::string> problems;
        std::set<std::string> evaluated;
        const Json* schema = name.empty() ? &root_ : definition(name);
        if (schema == nullptr) return {"no definition " + std::string(name)};
        check(*schema, value, "$", problems, evaluated);
        return problems;
    }

private:
    const Json* definition(std::string_view name) const {
        const Json* defs = root_.find("$defs");
        return defs == nullptr ? nullptr : defs->find(name);
    }

    static bool is_type(const Json& v, std::string_view type) {
        switch (v.type) {
            case Json::Type::null: return type == "null";
            case Json::Type::boolean: return type == "boolean";
            case Json::Type::number:
                return type == "number" || (type == "integer" && std::floor(v.number) == v.number);
            case Json::Type::string: return type == "string";
            case Json::Type::array: return type == "array";
            case Json::Type::object: return type == "object";
        }
        return false;
    }

    static bool equal(const Json& a, const Json& b) {
        if (a.type != b.type) return false;
        switch (a.type) {
            case Json::Type::null: return true;
            case Json::Type::boolean: return a.boolean == b.boolean;
            case Json::Type::number: return a.number == b.number;
            case Json::Type::string: return a.string == b.string;
            case Json::Type::array:
                if (a.array.size() != b.array.size()) return false;
                for (std::size_t i = 0; i < a.array.size(); ++i)
                    if (!equal(a.array[i], b.array[i])) return false;
                return true;
            case Json::Type::object:
                if (a.object.size() != b.object.size()) return false;
                for (const auto& [k, v] : a.object)
                    if (const Json* w = b.find(k); w == nullptr || !equal(v, *w)) return false;
                return true;
        }
        return false;
    }

    /// Checks `value` against `schema`; adds to `evaluated` the members of
    /// `value` that this schema or a subschema that held evaluated.
    void check(const Json& schema, const Json& value, const std::string& path, std::vector<std::string>& problems,
               std::set<std::string>& evaluated) const {
        const auto fail = [&](const std::string& what) { problems.push_back(path + ": " + what); };
        if (schema.type != Json::Type::object) return fail("schema is not an object");
        for (const auto& [keyword, argument] : schema.object) {
            if (keyword == "$schema" || keyword == "$id" || keyword == "$defs" || keyword == "title" ||
                keyword == "description" || keyword == "unevaluatedProperties" || keyword == "additionalProperties")
                continue;
            if (keyword == "$ref") {
                const std::string prefix = "#/$defs/";
                const Json* target = argument.string.rfind(prefix, 0) == 0
                                         ? definition(std::string_view(argument.string).substr(prefix.size()))
                                         : nullptr;
                if (target == nullptr) fail("unresolved $ref " + argument.string);
                else check_in(*target, value, path, problems, evaluated);
            } else if (keyword == "type") {
                bool any = false;
                if (argument.type == Json::Type::string) any = is_type(value, argument.string);
                for (const Json& t : argument.array) any = any || is_type(value, t.string);
                if (!any) fail("not of type " + describe(argument));
            } else if (keyword == "const") {
                if (!equal(argument, value)) fail("not the constant " + describe(argument));
            } else if (keyword == "enum") {
                bool any = false;
                for (const Json& option : argument.array) any = any || equal(option, value);
                if (!any) fail("not one of " + describe(argument));
            } else if (keyword == "minimum") {
                if (value.type == Json::Type::number && value.number < argument.number)
                    fail("below the minimum " + describe(argument));
            } else if (keyword == "required") {
                if (value.type != Json::Type::object) continue;
                for (const Json& key : argument.array)
                    if (value.find(key.string) == nullptr) fail("lacks the member \"" + key.string + "\"");
            } else if (keyword == "properties") {
                if (value.type != Json::Type::object) continue;
                for (const auto& [key, sub] : argument.object)
                    if (const Json* member = value.find(key)) {
                        std::set<std::string> inner;
                        check(sub, *member, path + "." + key, problems, inner);
                        evaluated.insert(key);
                    }
            } else if (keyword == "items") {
                if (value.type != Json::Type::array) continue;
                for (std::size_t i = 0; i < value.array.size(); ++i) {
                    std::set<std::string> inner;
                    check(argument, value.array[i], path + "[" + std::to_string(i) + "]", problems, inner);
                }
            } else if (keyword == "allOf") {
                for (const Json& sub : argument.array) check_in(sub, value, path, problems, evaluated);
            } else if (keyword == "anyOf" || keyword == "oneOf") {
                std::size_t held = 0;
                std::vector<std::string> why;
                for (const Json& sub : argument.array) {
                    std::vector<std::string> own;
                    std::set<std::string> inner;
                    check(sub, value, path, own, inner);
                    if (own.empty()) ++held, evaluated.insert(inner.begin(), inner.end());
                    else why.push_back(own.front());
                }
                if (held == 0) fail("matches none of " + keyword + " (first reasons: " + join(why) + ")");
                if (keyword == "oneOf" && held > 1) fail("matches more than one of oneOf");
            } else {
                fail("schema keyword \"" + keyword + "\" is not implemented by this validator");
            }
        }
        if (value.type != Json::Type::object) return;
        // additionalProperties sees only this schema's "properties";
        // unevaluatedProperties also what the subschemas that held evaluated.
        std::set<std::string> own;
        if (const Json* properties = schema.find("properties"))
            for (const auto& member : properties->object) own.insert(member.first);
        for (const auto& [keyword, seen] : {std::pair{"additionalProperties", &own}, std::pair{"unevaluatedProperties", &evaluated}}) {
            const Json* rule = schema.find(keyword);
            if (rule == nullptr || rule->type != Json::Type::boolean || rule->boolean) continue;
            for (const auto& member : value.object)
                if (seen->count(member.first) == 0)
                    fail("member \"" + member.first + "\" is not in the schema (add it to docs/planlens.schema.json)");
        }
    }

    /// A subschema in its own scope; what it evaluated counts for the caller.
    void check_in(const Json& schema, const Json& value, const std::string& path, std::vector<std::string>& problems,
                  std::set<std::string>& evaluated) const {
        std::set<std::string> inner;
        check(schema, value, path, problems, inner);
        evaluated.insert(inner.begin(), inner.end());
    }

    static std::string describe(const Json& v) {
        switch (v.type) {
            case Json::Type::string: return "\"" + v.string + "\"";
            case Json::Type::number: return std::to_string(v.number);
            case Json::Type::array: {
                std::vector<std::string> parts;
                for (const Json& e : v.array) parts.push_back(describe(e));
                return "[" + join(parts) + "]";
            }
            default: return "a value";
        }
    }

    static std::string join(const std::vector<std::string>& parts) {
        std::string out;
        for (const std::string& p : parts) out += (out.empty() ? "" : "; ") + p;
        return out;
    }

    Json root_;
};

}  // namespace planlens::test
