// Builds a Plan from its lines. The tree comes from indentation, as
// ExplainNode() lays it out: a node's properties and its children's arrows sit
// six columns right of its own arrow ("->  " plus one indent step), a subplan
// label sits at its parent's property column, and the summary (Planning Time,
// Triggers, JIT, ...) sits at the root's column after the tree.
#include <planlens/parse.hpp>

#include "line_parser.hpp"
#include "lines.hpp"
#include "node_names.hpp"
#include "plan_if_root.hpp"
#include "tree_recovery.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace planlens {

namespace {

using detail::HeaderFields;
using detail::is_blank;
using detail::is_summary_kind;
using detail::HeaderResult;
using detail::LineError;

/// A root header starts with a capital: a Node Type.
bool starts_upper(std::string_view line) noexcept {
    const std::string_view body = detail::after_indentation(line);
    return !body.empty() && body.front() >= 'A' && body.front() <= 'Z';
}

/// Whether a line parsed as a root header is one: it has figures or names a
/// node PostgreSQL prints. Figures that started but are malformed still make
/// a plan: a broken one, which the parser then reports instead of silently
/// skipping.
bool makes_root(HeaderResult result, const HeaderFields& header) noexcept {
    if (result == HeaderResult::error) return true;
    if (result != HeaderResult::parsed) return false;
    return header.estimates || header.actuals || header.never_executed || detail::is_known_node_name(header.name);
}

/// Column of a node's arrow. A root printed without an arrow behaves as if
/// its arrow stood four columns left of its name.
constexpr int root_arrow_offset = -4;

struct OpenNode {
    NodeId id;
    int arrow_column;
};

struct PendingLabel {
    std::string_view name;
    Relationship relationship = Relationship::none;
    int column = 0;
    std::uint32_t line = 0;
    bool active = false;
};

/// The vectors a builder grows while it reads a plan, kept for the next plan
/// parsed on the same thread: a document holds thousands of small plans, and
/// growing fresh vectors for each was most of its allocations. A Plan gets
/// copies of exactly its size; vectors grown past `keep_limit` elements (a
/// plan that big is its own cost) go to the Plan as they are.
struct Scratch {
    std::vector<SourceLine> lines;
    std::vector<Node> nodes;
    std::vector<Property> properties, summary;
    std::vector<OpenNode> stack;
    std::vector<NodeId> last_child, owners;
};
constexpr std::size_t keep_limit = 1 << 12;
thread_local Scratch scratch;

/// Takes the scratch vector `slot` for a new plan.
template <typename T>
std::vector<T> borrow(std::vector<T>& slot) {
    std::vector<T> v = std::move(slot);
    v.clear();
    return v;
}

/// Gives `v` back to `slot` unless it grew too big to keep.
template <typename T>
void give_back(std::vector<T>& v, std::vector<T>& slot) {
    if (v.capacity() <= keep_limit && v.capacity() > slot.capacity()) slot = std::move(v);
}

/// `v` at exactly its size, giving its storage back to `slot`.
template <typename T>
void settle(std::vector<T>& v, std::vector<T>& slot) {
    if (v.capacity() > keep_limit) return;
    std::vector<T> exact(v.begin(), v.end());
    give_back(v, slot);
    v = std::move(exact);
}

struct WorkerGroup {
    int number = -1;
    int column = 0;
    NodeId owner = no_node;
    bool in_jit = false;  ///< inside this worker's "JIT:" block
};

Relationship label_relationship(std::string_view label) {
    return label.substr(0, 7) == "SubPlan" ? Relationship::sub_plan : Relationship::init_plan;
}

/// Kind of a line inside a summary section ("JIT:" has its own labels).
PropertyKind section_kind(Section section, std::string_view label) {
    if (section == Section::jit) {
        if (label == "Functions") return PropertyKind::jit_functions;
        if (label == "Options") return PropertyKind::jit_options;
        if (label == "Timing") return PropertyKind::jit_timing;
    }
    return property_kind(label);
}

/// What the parser found at `offset`, quoted, with control bytes escaped so
/// that messages stay printable.
std::string found_text(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return "end of line";
    std::string out = "'";
    for (char c : text.substr(offset, 24)) {
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else out += c;
    }
    return out + (text.size() - offset > 24 ? "...'" : "'");
}

class PlanBuilder {
public:
    /// `columns`, when given, replaces the lines' own indentation: one column
    /// per line, as PostgreSQL would have indented it (see tree_recovery.hpp).
    PlanBuilder(std::span<const SourceLine> lines, const ParseLimits& limits, std::span<const int> columns = {})
        : lines_(columns.empty() ? lines : lines.first(columns.size())), limits_(limits), columns_(columns),
          stack_(borrow(scratch.stack)), last_child_(borrow(scratch.last_child)), owners_(borrow(scratch.owners)) {
        plan_.lines = borrow(scratch.lines);
        plan_.nodes = borrow(scratch.nodes);
        plan_.properties = borrow(scratch.properties);
        plan_.summary = borrow(scratch.summary);
    }
    PlanBuilder(const PlanBuilder&) = delete;
    PlanBuilder& operator=(const PlanBuilder&) = delete;
    ~PlanBuilder() {
        give_back(stack_, scratch.stack);
        give_back(last_child_, scratch.last_child);
        give_back(owners_, scratch.owners);
    }

    Result<Plan> build(std::size_t& consumed) {
        consumed = 0;
        if (lines_.empty()) return Error{{}, "expected a plan, found no lines"};
        if (auto error = start(lines_[0])) return std::move(*error);
        std::size_t i = 1;
        for (; i < lines_.size(); ++i) {
            const SourceLine& line = lines_[i];
            if (line.text.size() > limits_.max_line_length) return too_long(line);
            if (open_literal_) {
                continuation(line);
                continue;
            }
            if (is_blank(line.text)) break;
            const int column = column_of(i);
            if (column < root_column_) break;
            index_ = i;
            bool belongs = true;
            auto error = in_summary_ ? summary_line(line, column, belongs) : tree_line(line, column, belongs);
            if (error) return std::move(*error);
            if (!belongs) break;
        }
        consumed = i;
        finish();
        settle(plan_.lines, scratch.lines);
        settle(plan_.nodes, scratch.nodes);
        settle(plan_.properties, scratch.properties);
        settle(plan_.summary, scratch.summary);
        return std::move(plan_);
    }

    /// Whether build() failed because its first line is no node header.
    bool first_line_not_a_node() const noexcept { return first_line_not_a_node_; }

    /// Whether the plan ended where its tree goes on: a "->" child follows,
    /// before a blank line or another plan, at or left of the root's column.
    /// Then the indentation cannot be trusted (stripped, re-indented).
    bool ended_inside_tree(std::size_t consumed) const {
        if (!columns_.empty() || in_summary_) return false;
        constexpr std::size_t window = 64;  // a node's properties before its first child
        for (std::size_t i = consumed; i < lines_.size() && i < consumed + window; ++i) {
            const std::string_view body = detail::after_indentation(lines_[i].text);
            if (body.empty()) return false;
            if (body.starts_with("->")) return true;
            if (has_plan_numbers(body) || (body.front() == '(' && body.back() == ')')) return false;
        }
        return false;
    }

private:
    // ---- the first line ----------------------------------------------------

    std::optional<Error> start(const SourceLine& line) {
        if (line.text.size() > limits_.max_line_length) return too_long(line);
        HeaderFields header;
        LineError error;
        const bool arrow = detail::after_indentation(line.text).substr(0, 2) == "->";
        const HeaderResult result = arrow ? detail::parse_child_header(line.text, header, error)
                                          : detail::parse_root_header(line.text, header, error);
        if (result == HeaderResult::not_a_header || (!arrow && !(starts_upper(line.text) && makes_root(result, header)))) {
            first_line_not_a_node_ = true;
            return Error{{line.line, line.column},
                         fmt::format("expected a plan node line such as 'Seq Scan on t  (cost=...)', found {}",
                                     found_text(line.text, detail::indentation_width(line.text)))};
        }
        root_column_ = column_of(0);
        add_line(line);
        if (result == HeaderResult::error) salvage(line, header, error);
        add_node(header, arrow ? root_column_ : root_column_ + root_arrow_offset, no_node);
        return std::nullopt;
    }

    int column_of(std::size_t i) const {
        return columns_.empty() ? static_cast<int>(detail::indentation_width(lines_[i].text)) : columns_[i];
    }

    /// A node line that breaks off or goes wrong after its name still makes a
    /// node: the figures that were read whole are kept, the line stays as
    /// printed, and a warning says what was expected where.
    void salvage(const SourceLine& line, HeaderFields& header, const LineError& error) {
        const std::string_view text = line.text;
        const auto complete = [&](std::string_view opening) {
            const std::size_t open = text.find(opening);
            const std::size_t close = open == std::string_view::npos ? open : text.find(')', open);
            return close != std::string_view::npos && close < error.offset;
        };
        if (!complete("(cost=")) header.estimates.reset();
        if (!complete("(actual ")) header.actuals.reset();
        if (header.never_executed && !complete("(never executed")) header.never_executed = false;
        if (header.name.empty()) {
            std::string_view body = detail::after_indentation(text);
            if (body.starts_with("->")) body = detail::after_indentation(body.substr(2));
            header.name = body.substr(0, body.find("  ("));
        }
        const Error at = located(line, error);
        plan_.warnings.push_back({at.position, at.message + "; the node is kept with the figures that could be read"});
    }

    // ---- lines of the tree ---------------------------------------------------

    std::optional<Error> tree_line(const SourceLine& line, int column, bool& belongs) {
        if (column == root_column_) return first_summary_line(line, belongs);
        add_line(line);
        const std::string_view body = detail::after_indentation(line.text);  // the scans below skip nothing then
        if (body.starts_with("->")) return child(line, column);
        if (const std::string_view label = detail::parse_subplan_label(body); !label.empty()) {
            subplan_label(label, column);
            return std::nullopt;
        }
        keep_unused_label();  // PostgreSQL prints a label's node right after it
        int worker = -1;
        std::string_view rest;
        if (detail::parse_worker_prefix(body, worker, rest)) {
            close_deeper_than(column);
            workers_ = {worker, column, stack_.back().id, false};
            worker_property(rest, worker);
            return std::nullopt;
        }
        close_deeper_than(column);
        const bool in_worker = workers_.owner == stack_.back().id && column > workers_.column;
        if (!in_worker) workers_ = {};
        node_property(body, in_worker ? workers_.number : -1);
        return std::nullopt;
    }

    std::optional<Error> child(const SourceLine& line, int column) {
        HeaderFields header;
        LineError error;
        if (detail::parse_child_header(line.text, header, error) != HeaderResult::parsed) salvage(line, header, error);
        close_deeper_than(column);
        workers_ = {};
        // The new node's depth is stack_.size(): max_depth levels are allowed.
        if (stack_.size() > limits_.max_depth)  // located at the "->"
            return Error{{line.line, line.column + static_cast<std::uint32_t>(detail::blank_prefix(line.text))},
                         fmt::format("plan is nested deeper than {} levels", limits_.max_depth)};
        if (label_.active && label_.column >= column) keep_unused_label();  // not this node's label
        const NodeId parent = stack_.back().id;
        const NodeId id = add_node(header, column, parent);
        if (label_.active && label_.column < column) {
            plan_.nodes[id].subplan_name = label_.name;
            plan_.nodes[id].relationship = label_.relationship;
            label_.active = false;
        }
        return std::nullopt;
    }

    void subplan_label(std::string_view label, int column) {
        close_deeper_than(column);
        workers_ = {};
        keep_unused_label();
        const bool cte = label.substr(0, 4) == "CTE ";
        label_ = {label, cte ? Relationship::init_plan : label_relationship(label), column,
                  static_cast<std::uint32_t>(plan_.lines.size() - 1), true};
    }

    /// A label no child claimed is not dropped: it stays on its node as an unknown line.
    void keep_unused_label() {
        if (!label_.active) return;
        add_property({PropertyKind::unknown, -1, Section::node, label_.line, {}, label_.name}, stack_.back().id);
        label_.active = false;
    }

    void worker_property(std::string_view rest, int worker) {
        if (rest.substr(0, 7) == "actual ") {
            add_property({PropertyKind::worker_actuals, static_cast<std::int16_t>(worker), Section::node,
                          current_line(), rest.substr(0, 6), rest.substr(7)},
                         stack_.back().id);
            return;
        }
        node_property(rest, worker);
    }

    void node_property(std::string_view text, int worker) {
        Property p{PropertyKind::unknown, static_cast<std::int16_t>(worker), Section::node, current_line(), {}, text};
        std::string_view label, value;
        if (detail::split_label(text, label, value)) {
            p.kind = property_kind(label);
            p.label = label;
            p.value = value;
            // Under VERBOSE each worker prints its own "JIT:" block.
            const bool worker_jit = worker >= 0 && p.kind == PropertyKind::jit;
            if (worker >= 0 && workers_.in_jit) p.kind = section_kind(Section::jit, label);
            workers_.in_jit = worker_jit || (workers_.in_jit && p.kind != property_kind(label));
            if (!worker_jit && (is_summary_kind(p.kind) || p.kind == PropertyKind::memory)) p.kind = PropertyKind::other;
            if (p.kind == PropertyKind::other && is_modify_target(text)) p.kind = PropertyKind::modify_target;
        } else if (is_modify_target(text)) {
            p.kind = PropertyKind::modify_target;
        }
        add_property(p, stack_.back().id);
    }

    /// "Update on t_1 t" under a ModifyTable that writes several relations.
    bool is_modify_target(std::string_view text) const {
        const Node& owner = plan_.nodes[stack_.back().id];
        if (owner.kind != NodeKind::modify_table) return false;
        for (std::string_view op : {"Insert on ", "Update on ", "Delete on ", "Merge on ", "Foreign Insert on ",
                                    "Foreign Update on ", "Foreign Delete on "})
            if (text.substr(0, op.size()) == op) return true;
        return false;
    }

    /// Closes the nodes whose subtree ends before a line at `column`.
    void close_deeper_than(int column) {
        while (stack_.size() > 1 && stack_.back().arrow_column >= column) stack_.pop_back();
    }

    // ---- the summary after the tree ---------------------------------------

    std::optional<Error> first_summary_line(const SourceLine& line, bool& belongs) {
        std::string_view label, value;
        const std::string_view text = detail::after_indentation(line.text);
        if (!detail::split_label(text, label, value) ||
            (!is_summary_kind(property_kind(label)) && !opens_unknown_section(label, value))) {
            belongs = false;  // a second plan, a psql footer, prose: the plan ended
            return std::nullopt;
        }
        in_summary_ = true;
        return summary_line(line, root_column_, belongs);
    }

    /// "PlannedStmt:", "Supplied Plan Advice:", "RTI 1 (relation):" at the
    /// root's column with indented lines under it: a section of an extension
    /// or a newer PostgreSQL, kept verbatim.
    bool opens_unknown_section(std::string_view label, std::string_view value) const {
        if (!value.empty() || index_ + 1 >= lines_.size() || is_blank(lines_[index_ + 1].text)) return false;
        if (is_message_label(label)) return false;
        return column_of(index_ + 1) > root_column_;
    }

    /// "Unprunable RTIs: 1 3 4" among the top-level lines: kept verbatim. Not
    /// the messages psql and the server print around a plan.
    static bool is_message_label(std::string_view label) {
        for (std::string_view message : {"Time", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG", "LOG", "DETAIL", "HINT",
                                         "CONTEXT", "STATEMENT", "LINE", "QUERY"})
            if (label == message) return true;
        return false;
    }

    std::optional<Error> summary_line(const SourceLine& line, int column, bool& belongs) {
        std::string_view label, value;
        const std::string_view text = detail::after_indentation(line.text);
        const bool labelled = detail::split_label(text, label, value);
        if (column > root_column_) {
            if (section_ == Section::node) return belongs = false, std::nullopt;  // not inside JIT:/Planning:
            add_line(line);
            Property p{PropertyKind::unknown, -1, section_, current_line(), {}, text};
            if (labelled) p = {section_kind(section_, label), -1, section_, current_line(), label, value};
            if (labelled && section_ == Section::other) p.kind = PropertyKind::other;
            plan_.summary.push_back(p);
            return std::nullopt;
        }
        if (!labelled) return belongs = false, std::nullopt;
        const PropertyKind kind = property_kind(label);
        const bool unknown_section = !is_summary_kind(kind) && opens_unknown_section(label, value);
        if (!is_summary_kind(kind) && !unknown_section && (value.empty() || is_message_label(label)))
            return belongs = false, std::nullopt;
        add_line(line);
        // "Unprunable RTIs: 1 3 4": kept as text
        Property p{is_summary_kind(kind) ? kind : PropertyKind::other, -1, Section::node, current_line(), label, value};
        // A section header ("JIT:", "Planning:") opens the section it belongs to.
        section_ = p.kind == PropertyKind::jit             ? Section::jit
                   : p.kind == PropertyKind::planning      ? Section::planning
                   : p.kind == PropertyKind::serialization ? Section::serialization
                   : unknown_section                       ? Section::other
                                                           : Section::node;
        p.section = section_;
        plan_.summary.push_back(p);
        remember_summary(p);
        return std::nullopt;
    }

    void remember_summary(const Property& p) {
        if (p.kind == PropertyKind::planning_time) plan_.planning_time = decode_milliseconds(p.value);
        if (p.kind == PropertyKind::execution_time || p.kind == PropertyKind::total_runtime)
            plan_.execution_time = decode_milliseconds(p.value);
        if (p.kind == PropertyKind::trigger)
            if (auto trigger = decode_trigger(p.label, p.value)) plan_.triggers.push_back(*trigger);
    }

    // ---- building blocks -----------------------------------------------------

    void add_line(const SourceLine& line) {
        if (plan_.lines.size() == plan_.lines.capacity() && plan_.lines.size() >= keep_limit) grow_large_plan();
        plan_.lines.push_back(line);
    }

    /// A large plan's lines and properties grow at most twofold, and only as
    /// far as the blank line that ends the plan when it is that near: a
    /// million property lines otherwise kept up to half their vectors unused.
    /// (plan_.lines holds lines_[0, size) when lines_[size] is added.)
    void grow_large_plan() {
        const std::size_t size = plan_.lines.size(), limit = std::min(lines_.size(), 2 * size);
        std::size_t end = size + 1;
        while (end < limit && !is_blank(lines_[end].text)) ++end;
        plan_.lines.reserve(end);
        plan_.properties.reserve(end);
    }
    std::uint32_t current_line() const { return static_cast<std::uint32_t>(plan_.lines.size() - 1); }

    NodeId add_node(const HeaderFields& h, int arrow_column, NodeId parent) {
        const NodeId id = static_cast<NodeId>(plan_.nodes.size());
        Node& n = plan_.nodes.emplace_back();
        fill_node(n, h);
        n.line = current_line();
        n.source_line = plan_.lines.back().line;
        n.parent = parent;
        n.depth = static_cast<std::uint32_t>(stack_.size());
        if (parent != no_node) {
            NodeId& last = last_child_[parent];
            (last == no_node ? plan_.nodes[parent].first_child : plan_.nodes[last].next_sibling) = id;
            last = id;
        }
        last_child_.push_back(no_node);
        stack_.push_back({id, arrow_column});
        plan_.options.rows_with_decimals |= h.rows_with_decimals;
        return id;
    }

    static void fill_node(Node& n, const HeaderFields& h) {
        detail::decode_node_name(h.name, n);
        n.name = h.name;
        n.estimates = h.estimates;
        n.actuals = h.actuals;
        n.never_executed = h.never_executed;
        fill_target(n, h);
    }

    /// Which printed name is what depends on the node: ExplainTargetRel prints
    /// " on [schema.]object [alias]", but Subquery and Values scans have only an
    /// alias and a Bitmap Index Scan names its index after " on".
    static void fill_target(Node& n, const HeaderFields& h) {
        n.target.index = h.index;
        if (h.first.empty()) return;
        if (n.kind == NodeKind::bitmap_index_scan) {
            n.target.index = h.first;
            return;
        }
        if (n.kind == NodeKind::subquery_scan || n.kind == NodeKind::values_scan) {
            n.target.alias = h.first;
            return;
        }
        if (!h.second.empty()) {
            n.target.schema = h.first;
            n.target.object = h.second;
        } else {
            n.target.object = h.first;
        }
        n.target.alias = h.alias;
    }

    void add_property(const Property& p, NodeId owner) {
        plan_.properties.push_back(p);
        owners_.push_back(owner);
        open_literal_ = may_continue(p.kind) && odd_quotes(p.value);
    }

    /// A string literal with a newline inside is printed raw, so its rest
    /// starts a new line at any column. Deparsed SQL has balanced single
    /// quotes ('' inside a literal), so an odd count means the value goes on.
    void continuation(const SourceLine& line) {
        add_line(line);
        const Property& last = plan_.properties.back();
        plan_.properties.push_back({PropertyKind::continuation, last.worker, last.section, current_line(), {}, line.text});
        owners_.push_back(owners_.back());
        if (odd_quotes(line.text)) open_literal_ = false;
    }

    static bool odd_quotes(std::string_view text) {
        return std::count(text.begin(), text.end(), '\'') % 2 == 1;
    }

    /// Values that are SQL expressions, where a literal can hold a newline.
    static bool may_continue(PropertyKind kind) {
        switch (kind) {
            case PropertyKind::filter:
            case PropertyKind::join_filter:
            case PropertyKind::index_cond:
            case PropertyKind::recheck_cond:
            case PropertyKind::hash_cond:
            case PropertyKind::merge_cond:
            case PropertyKind::order_by:
            case PropertyKind::tid_cond:
            case PropertyKind::one_time_filter:
            case PropertyKind::run_condition:
            case PropertyKind::conflict_filter:
            case PropertyKind::cache_key:
            case PropertyKind::function_call:
            case PropertyKind::table_function_call:
            case PropertyKind::remote_sql:
            case PropertyKind::output:
            case PropertyKind::sort_key:
            case PropertyKind::presorted_key:
            case PropertyKind::group_key:
            case PropertyKind::hash_key: return true;
            default: return false;
        }
    }

    Error located(const SourceLine& line, const LineError& error) const {
        const std::uint32_t column = line.column + static_cast<std::uint32_t>(error.offset);
        return Error{{line.line, column}, fmt::format("{}, found {}", error.message, found_text(line.text, error.offset))};
    }

    Error too_long(const SourceLine& line) const {
        return Error{{line.line, line.column},
                     fmt::format("line is {} bytes long, more than the limit of {}", line.text.size(),
                                 limits_.max_line_length)};
    }

    // ---- after the last line -----------------------------------------------

    void finish() {
        keep_unused_label();
        group_properties();
        assign_relationships();
        infer_options();
        resolve_ambiguous_targets();
        infer_trigger_relations();
    }

    /// "Function Scan on r" names either a function or, for ROWS FROM with
    /// several functions, only an alias. VERBOSE qualifies a real function
    /// with its schema, so there an unqualified name is an alias.
    void resolve_ambiguous_targets() {
        if (!plan_.options.verbose) return;
        for (Node& n : plan_.nodes) {
            if (n.kind != NodeKind::function_scan || !n.target.schema.empty() || n.target.object.empty()) continue;
            if (n.target.alias.empty()) n.target.alias = n.target.object;
            n.target.object = {};
        }
    }

    /// PostgreSQL names the relation on a trigger line only when the
    /// statement touched several; otherwise it is the statement's target.
    void infer_trigger_relations() {
        const auto modify = std::find_if(plan_.nodes.begin(), plan_.nodes.end(),
                                         [](const Node& n) { return n.kind == NodeKind::modify_table; });
        if (modify == plan_.nodes.end()) return;
        for (TriggerTime& t : plan_.triggers)
            if (t.relation.empty()) t.relation = modify->target.object;
    }

    /// Properties are contiguous per node. Only odd input (a property after a
    /// child at its parent's column) needs the stable sort.
    void group_properties() {
        if (!std::is_sorted(owners_.begin(), owners_.end())) {
            std::vector<std::uint32_t> order(owners_.size());
            for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
            std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return owners_[a] < owners_[b]; });
            std::vector<Property> sorted;
            sorted.reserve(order.size());
            for (auto i : order) sorted.push_back(plan_.properties[i]);
            plan_.properties = std::move(sorted);
            std::stable_sort(owners_.begin(), owners_.end());
        }
        for (std::uint32_t i = 0; i < owners_.size(); ++i) {
            Node& n = plan_.nodes[owners_[i]];
            if (n.property_count == 0) n.first_property = i;
            ++n.property_count;
        }
    }

    /// "Parent Relationship" as ExplainNode passes it: labelled children are
    /// InitPlans/SubPlans; the others depend on what the parent is.
    void assign_relationships() {
        for (Node& parent : plan_.nodes) {
            int unlabelled = 0;
            for (NodeId c = parent.first_child; c != no_node; c = plan_.nodes[c].next_sibling)
                if (plan_.nodes[c].relationship == Relationship::none) ++unlabelled;
            int position = 0;
            for (NodeId c = parent.first_child; c != no_node; c = plan_.nodes[c].next_sibling) {
                Node& child = plan_.nodes[c];
                if (child.relationship != Relationship::none) continue;
                child.relationship = relationship_for(parent.kind, position++, unlabelled);
            }
        }
    }

    static Relationship relationship_for(NodeKind parent, int position, int siblings) {
        switch (parent) {
            case NodeKind::append:
            case NodeKind::merge_append:
            case NodeKind::bitmap_and:
            case NodeKind::bitmap_or: return Relationship::member;
            case NodeKind::subquery_scan: return Relationship::subquery;
            case NodeKind::custom_scan: return siblings == 1 ? Relationship::child : Relationship::children;
            case NodeKind::modify_table:  // PostgreSQL 13 and older: one member per target
                if (siblings > 1) return Relationship::member;
                [[fallthrough]];
            default: return position == 0 ? Relationship::outer : Relationship::inner;
        }
    }

    void infer_options() {
        ExplainOptions& o = plan_.options;
        for (const Node& n : plan_.nodes) {
            o.analyze |= n.actuals.has_value() || n.never_executed;
            o.timing |= n.actuals && n.actuals->total_time.has_value();
            o.costs |= n.estimates.has_value();
            o.verbose |= !n.target.schema.empty();
        }
        for (const Property& p : plan_.properties) {
            o.verbose |= p.kind == PropertyKind::output;
            o.buffers |= p.kind == PropertyKind::buffers;
            o.wal |= p.kind == PropertyKind::wal;
        }
        for (const Property& p : plan_.summary) {
            o.buffers |= p.kind == PropertyKind::buffers;
            o.summary |= p.kind == PropertyKind::planning_time;
            o.timing |= p.kind == PropertyKind::trigger && decode_trigger(p.label, p.value) &&
                        decode_trigger(p.label, p.value)->time_ms.has_value();
        }
    }

    std::span<const SourceLine> lines_;
    const ParseLimits& limits_;
    std::span<const int> columns_;
    std::size_t index_ = 0;  ///< index in lines_ of the line being read
    Plan plan_;
    std::vector<OpenNode> stack_;
    std::vector<NodeId> last_child_;
    std::vector<NodeId> owners_;
    PendingLabel label_;
    WorkerGroup workers_;
    int root_column_ = 0;
    bool in_summary_ = false;
    bool open_literal_ = false;  ///< the last property ended inside a 'string literal'
    bool first_line_not_a_node_ = false;  ///< build() failed: the first line is no node header
    Section section_ = Section::node;
};

/// When the indentation cannot be trusted (the plan ended where its arrows go
/// on, or the tree gives some node more or fewer children than its kind can
/// have), the tree is rebuilt from the arrows and the node kinds, and the plan
/// says so. The rebuilt tree replaces the first only when it fits better.
Result<Plan> build_plan(std::span<const SourceLine> lines, std::size_t& consumed, const ParseLimits& limits,
                        bool* not_a_node = nullptr) {
    PlanBuilder builder(lines, limits);
    Result<Plan> plan = builder.build(consumed);
    if (not_a_node != nullptr) *not_a_node = builder.first_line_not_a_node();
    if (!plan) return plan;
    const bool cut_short = builder.ended_inside_tree(consumed);
    if (!cut_short && detail::tree_fits_kinds(*plan)) return plan;
    // A plan that ended where it should (no arrows going on) is rebuilt from
    // its own lines only: reading on past them made every one-node plan of a
    // long document rescan the rest of it.
    const auto rebuilt = detail::rebuild_tree(cut_short ? lines : lines.first(consumed), consumed);
    if (!rebuilt) return plan;
    std::size_t rebuilt_consumed = 0;
    Result<Plan> second = PlanBuilder(lines, limits, rebuilt->columns).build(rebuilt_consumed);
    if (!second || rebuilt_consumed < consumed || (!cut_short && !detail::tree_fits_kinds(*second))) return plan;
    second->tree_rebuilt = true;
    second->warnings.insert(second->warnings.begin(), rebuilt->warning);
    consumed = rebuilt_consumed;
    return second;
}

/// build_plan, running out of memory an error at the plan's first line.
Result<Plan> build_plan_or_error(std::span<const SourceLine> lines, std::size_t& consumed, const ParseLimits& limits,
                                 bool* not_a_node = nullptr) {
    try {
        return build_plan(lines, consumed, limits, not_a_node);
    } catch (const std::bad_alloc&) {
        consumed = 0;
        return Error{lines.empty() ? Position{} : Position{lines[0].line, lines[0].column}, "out of memory"};
    }
}

}  // namespace

Result<Plan> parse_plan(std::span<const SourceLine> lines, std::size_t& consumed, const ParseLimits& limits) {
    return build_plan_or_error(lines, consumed, limits);
}

std::optional<Result<Plan>> detail::parse_plan_if_root(std::span<const SourceLine> lines, std::size_t& consumed,
                                                       const ParseLimits& limits) {
    consumed = 0;
    if (lines.empty() || !starts_upper(lines[0].text)) return std::nullopt;
    // a line too long to parse is still reported when it is a root
    if (lines[0].text.size() > limits.max_line_length)
        return is_plan_root(lines[0].text) ? std::optional(parse_plan(lines, consumed, limits)) : std::nullopt;
    bool not_a_node = false;
    Result<Plan> plan = build_plan_or_error(lines, consumed, limits, &not_a_node);
    if (not_a_node) return std::nullopt;
    return plan;
}

Result<Plan> parse_plan(std::string_view text, const ParseLimits& limits) {
    if (const PlanFormat format = detect_format(text); format != PlanFormat::text)
        return parse_structured_plan(text, format, limits);
    std::vector<SourceLine> lines;
    try {
        lines = detail::split_lines(text);
    } catch (const std::bad_alloc&) {
        return Error{{}, "out of memory"};
    }
    std::size_t first = 0;
    while (first < lines.size() && is_blank(lines[first].text)) ++first;
    if (first == lines.size()) return Error{{1, 1}, "expected a plan, found only blank lines"};
    std::size_t consumed = 0;
    auto plan = parse_plan(std::span(lines).subspan(first), consumed, limits);
    if (!plan) return plan;
    for (std::size_t i = first + consumed; i < lines.size(); ++i) {
        if (is_blank(lines[i].text)) continue;
        const SourceLine& extra = lines[i];
        return Error{{extra.line, static_cast<std::uint32_t>(1 + detail::indentation_width(extra.text))},
                     fmt::format("expected the end of the plan, found {}",
                                 found_text(extra.text, detail::indentation_width(extra.text)))};
    }
    // The lines vector goes away; the plan's lines must point into `text` only.
    return plan;
}

bool is_plan_root(std::string_view line) noexcept {
    if (!starts_upper(line)) return false;
    HeaderFields header;
    LineError error;
    HeaderResult result = HeaderResult::not_a_header;
    try {
        result = detail::parse_root_header(line, header, error);
    } catch (...) {
        return false;
    }
    return makes_root(result, header);
}

bool has_plan_numbers(std::string_view line) noexcept {
    return line.find("(cost=") != std::string_view::npos || line.find("(actual ") != std::string_view::npos ||
           line.find("(never executed)") != std::string_view::npos;
}

}  // namespace planlens
