// A parsed plan: its lines, its nodes in pre-order, their properties, and
// the top-level summary (planning and execution time, triggers, JIT, ...).
// Plain data: string views point into the text the plan was parsed from.
#pragma once

#include <planlens/fields.hpp>
#include <planlens/node.hpp>
#include <planlens/property.hpp>
#include <planlens/result.hpp>
#include <planlens/source.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace planlens {

/// EXPLAIN options, as far as the printed text reveals them.
struct ExplainOptions {
    bool analyze = false;  ///< some node shows "(actual ...)" or "(never executed)"
    bool timing = false;   ///< some node shows "actual time="
    bool costs = false;    ///< some node shows "(cost=...)"
    bool verbose = false;  ///< some node shows "Output:" (or a schema-qualified target)
    bool buffers = false;  ///< some node or the planning section shows "Buffers:"
    bool wal = false;      ///< some node shows "WAL:"
    bool summary = false;  ///< "Planning Time:" is printed
    bool rows_with_decimals = false;  ///< PostgreSQL 18 prints "rows=1.00"
};

/// One parsed plan: its lines, nodes in pre-order, properties and summary.
/// Text fields are views into the input (or the Document that owns it).
struct Plan {
    std::vector<SourceLine> lines;       ///< every line of the plan, in order, as printed
    std::vector<Node> nodes;             ///< pre-order; nodes[0] is the root
    std::vector<Property> properties;    ///< node properties, contiguous per node
    std::vector<Property> summary;       ///< top-level lines, in order
    std::vector<TriggerTime> triggers;   ///< decoded "Trigger ..." lines
    std::optional<double> planning_time;   ///< ms
    std::optional<double> execution_time;  ///< ms ("Execution Time", or old "Total runtime")
    ExplainOptions options;
    /// What the parser recovered from (in document order): the plan is usable
    /// but not read exactly as printed. Empty for a plan read cleanly.
    std::vector<Warning> warnings;
    /// The indentation was unreliable (stripped, re-indented) and the tree was
    /// rebuilt from the "->" arrows and what each node kind can hold: the
    /// lines' own indentation says nothing, text output re-indents them.
    bool tree_rebuilt = false;

    /// The format the plan was read from. For JSON, YAML and XML, `lines`
    /// are the text PostgreSQL prints for the same plan (rendered from the
    /// fields, each positioned at its field in the document) and `fields`
    /// holds every key and value of the plan's element: fields[0] is the
    /// element object, {"Plan": {...}, "Planning Time": ..., ...}.
    PlanFormat format = PlanFormat::text;
    std::vector<Field> fields;
    /// Keeps alive the text that views point into when the plan holds it
    /// itself (decoded strings, rendered lines); shared by copies.
    std::shared_ptr<const void> owned_text;

    const Node& root() const noexcept { return nodes.front(); }
    const Node& node(NodeId id) const noexcept { return nodes[id]; }
    NodeId id_of(const Node& n) const noexcept { return static_cast<NodeId>(&n - nodes.data()); }

    std::span<const Property> properties_of(const Node& n) const noexcept {
        return {properties.data() + n.first_property, n.property_count};
    }
    /// The first property of `kind` printed for the node itself (not a worker), if any.
    const Property* find(const Node& n, PropertyKind kind) const noexcept {
        for (const Property& p : properties_of(n))
            if (p.kind == kind && p.worker < 0) return &p;
        return nullptr;
    }
    /// A single-number property of the node itself ("Rows Removed by Filter", "Workers Launched", ...).
    std::optional<double> number(const Node& n, PropertyKind kind) const noexcept {
        const Property* p = find(n, kind);
        return p ? decode_number(p->value) : std::nullopt;
    }

    /// The property's whole value: its own line plus the continuation lines
    /// that follow it when a string literal in it held a newline.
    std::string full_value(const Property& p) const {
        std::string value(p.value);
        const std::size_t index = static_cast<std::size_t>(&p - properties.data());
        for (std::size_t i = index + 1; i < properties.size() && properties[i].kind == PropertyKind::continuation; ++i)
            (value += '\n') += properties[i].value;
        return value;
    }

    /// The node's header as printed, without the arrow and the figures:
    /// "Parallel Seq Scan on transactions transactions_1".
    std::string_view header_text(const Node& n) const noexcept {
        if (n.line >= lines.size()) return n.name;
        std::string_view text = lines[n.line].text;
        const auto skip_spaces = [&text] {
            while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
        };
        skip_spaces();
        if (text.starts_with("->")) text.remove_prefix(2);
        skip_spaces();
        // The figures start at the first of these; node names never contain them.
        std::size_t end = text.size();
        for (std::string_view figures : {"  (cost=", "  (actual", "  (never executed)"})
            end = std::min(end, text.find(figures));
        return text.substr(0, end);
    }

    /// 1-based document lines: the root header and the plan's last line.
    std::uint32_t first_line() const noexcept { return lines[root().line].line; }
    std::uint32_t last_line() const noexcept { return lines.back().line; }
};

}  // namespace planlens
