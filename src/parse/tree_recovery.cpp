// The search behind rebuild_tree: every node after the root hangs under one
// of the nodes still open above it (the chain from the root to the previous
// node). The node kinds' numbers of children rule most choices out; among the
// trees that remain, the one whose figures nest best wins, and when another
// tree fits too the warning names the nodes that could move.
#include "tree_recovery.hpp"

#include "line_parser.hpp"
#include "lines.hpp"
#include "node_names.hpp"

#include <planlens/parse.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

namespace planlens::detail {

Arity arity_of(NodeKind kind) noexcept {
    constexpr std::uint32_t many = std::numeric_limits<std::uint32_t>::max();
    switch (kind) {
        case NodeKind::seq_scan:
        case NodeKind::sample_scan:
        case NodeKind::index_scan:
        case NodeKind::index_only_scan:
        case NodeKind::bitmap_index_scan:
        case NodeKind::tid_scan:
        case NodeKind::tid_range_scan:
        case NodeKind::function_scan:
        case NodeKind::table_function_scan:
        case NodeKind::values_scan:
        case NodeKind::cte_scan:
        case NodeKind::named_tuplestore_scan:
        case NodeKind::worktable_scan: return {0, 0};
        case NodeKind::result:        // a projection or One-Time Filter over a child, or none
        case NodeKind::foreign_scan:  // a join pushed down keeps its local plan for rechecks
            return {0, 1};
        case NodeKind::bitmap_heap_scan:
        case NodeKind::subquery_scan:
        case NodeKind::project_set:
        case NodeKind::gather:
        case NodeKind::gather_merge:
        case NodeKind::materialize:
        case NodeKind::memoize:
        case NodeKind::sort:
        case NodeKind::incremental_sort:
        case NodeKind::group:
        case NodeKind::aggregate:
        case NodeKind::window_agg:
        case NodeKind::unique:
        case NodeKind::lock_rows:
        case NodeKind::limit:
        case NodeKind::hash: return {1, 1};
        case NodeKind::set_op: return {1, 2};  // two inputs from PostgreSQL 18 on
        case NodeKind::nested_loop:
        case NodeKind::merge_join:
        case NodeKind::hash_join:
        case NodeKind::recursive_union: return {2, 2};
        case NodeKind::bitmap_and:
        case NodeKind::bitmap_or: return {1, many};
        case NodeKind::append:        // run-time pruning can remove every member
        case NodeKind::merge_append:
        case NodeKind::modify_table:  // one member per target up to PostgreSQL 13
        case NodeKind::custom_scan:
        case NodeKind::unknown: return {0, many};
    }
    return {0, many};
}

bool tree_fits_kinds(const Plan& plan) noexcept {
    for (const Node& n : plan.nodes) {
        std::uint32_t children = 0;
        for (NodeId c = n.first_child; c != no_node; c = plan.nodes[c].next_sibling)
            children += plan.nodes[c].subplan_name.empty() ? 1 : 0;
        const Arity a = arity_of(n.kind);
        if (children < a.min || children > a.max) return false;
    }
    return true;
}

namespace {

enum class Label : std::uint8_t { none, init, sub };

/// A node line, with what the search needs of it.
struct Item {
    std::uint32_t line = 0;  ///< index in the plan's lines
    NodeKind kind = NodeKind::unknown;
    Arity arity;
    Label label = Label::none;
    std::uint32_t label_line = 0;
    std::optional<Estimates> estimates;
    std::optional<Actuals> actuals;
    int hint = -1;  ///< parent the indentation suggests, where it says anything
};

/// What each line is, so its column follows from the tree once it is known.
enum class Role : std::uint8_t { node, label, property, worker, worker_detail, summary, section_line };

struct LineRole {
    Role role = Role::property;
    std::uint32_t item = 0;  ///< the node it belongs to (the next node for a label)
};

Item item_of(const SourceLine& line, std::uint32_t index) {
    HeaderFields h;
    LineError error;
    const bool arrow = after_indentation(line.text).starts_with("->");
    const HeaderResult r = arrow ? parse_child_header(line.text, h, error) : parse_root_header(line.text, h, error);
    Item item;
    item.line = index;
    if (r == HeaderResult::parsed) {
        Node n;
        decode_node_name(h.name, n);
        item.kind = n.kind;
        item.estimates = h.estimates;
        item.actuals = h.actuals;
    }
    item.arity = arity_of(item.kind);
    return item;
}

/// Reads the lines of the plan, stopping where it ends: a blank line,
/// another plan, or a line that cannot be part of one.
class Classifier {
public:
    explicit Classifier(std::span<const SourceLine> lines) : lines_(lines) {}

    void run(std::vector<Item>& items, std::vector<LineRole>& roles) {
        items.push_back(item_of(lines_[0], 0));
        roles.push_back({Role::node, 0});
        bool in_summary = false, in_section = false, in_worker = false;
        std::optional<std::uint32_t> pending_label;
        for (std::size_t i = 1; i < lines_.size(); ++i) {
            const std::string_view body = after_indentation(lines_[i].text);
            if (body.empty()) break;
            std::string_view label, value;
            const bool labelled = split_label(body, label, value);
            const bool summary = labelled && is_summary_kind(property_kind(label));
            if (in_summary || summary) {
                if (!summary_line(body, labelled, summary, label, value, in_section)) break;
                in_summary = true;
                roles.push_back({in_section && !summary && !opens_section(label, value) ? Role::section_line
                                                                                         : Role::summary,
                                 0});
                if (summary || opens_section(label, value)) in_section = opens_section(label, value);
                continue;
            }
            const auto current = static_cast<std::uint32_t>(items.size() - 1);
            if (body.starts_with("->")) {
                Item item = item_of(lines_[i], static_cast<std::uint32_t>(i));
                if (pending_label) {
                    item.label = after_indentation(lines_[*pending_label].text).starts_with("SubPlan") ? Label::sub
                                                                                                        : Label::init;
                    item.label_line = *pending_label;
                    roles[*pending_label] = {Role::label, current + 1};
                    pending_label.reset();
                }
                items.push_back(item);
                roles.push_back({Role::node, current + 1});
                in_worker = false;
                continue;
            }
            if (has_plan_numbers(body)) break;  // another plan's root
            int worker = 0;
            std::string_view rest;
            if (pending_label) roles[*pending_label] = {Role::property, current};  // no subplan followed
            pending_label.reset();
            if (!parse_subplan_label(body).empty()) {
                pending_label = static_cast<std::uint32_t>(i);
                roles.push_back({Role::label, current});
            } else if (parse_worker_prefix(body, worker, rest)) {
                in_worker = true;
                roles.push_back({Role::worker, current});
            } else {
                roles.push_back({in_worker ? Role::worker_detail : Role::property, current});
            }
        }
        if (pending_label) roles[*pending_label] = {Role::property, static_cast<std::uint32_t>(items.size() - 1)};
        owner_hints(items, roles);
    }

    /// The node whose lines refer to a subplan ("(SubPlan 2)", "(InitPlan 1).col1",
    /// "$3" for "InitPlan 1 (returns $3)") is the one that runs it.
    void owner_hints(std::vector<Item>& items, const std::vector<LineRole>& roles) const {
        for (Item& item : items) {
            if (item.label == Label::none) continue;
            const std::string_view label = after_indentation(lines_[item.label_line].text);
            std::string_view reference = label.substr(0, label.find(" ("));
            if (const std::size_t dollar = label.find("(returns $"); dollar != std::string_view::npos)
                reference = label.substr(dollar + 9, label.find_first_of(",)", dollar + 9) - dollar - 9);
            for (std::size_t i = 0; i < roles.size(); ++i) {
                if (roles[i].role != Role::property && roles[i].role != Role::worker) continue;
                if (!mentions(lines_[i].text, reference)) continue;
                item.hint = static_cast<int>(roles[i].item);
                break;
            }
        }
    }

    static bool mentions(std::string_view text, std::string_view word) {
        for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
            const std::size_t end = at + word.size();
            const bool bounded = end == text.size() || !(std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_');
            if (bounded) return true;
        }
        return false;
    }

private:
    static bool opens_section(std::string_view label, std::string_view value) {
        const PropertyKind kind = property_kind(label);
        if (kind == PropertyKind::jit || kind == PropertyKind::planning || kind == PropertyKind::serialization)
            return true;
        return !is_summary_kind(kind) && value.empty() && !label.empty();
    }

    static bool summary_line(std::string_view body, bool labelled, bool summary, std::string_view label,
                             std::string_view value, bool in_section) {
        if (summary) return true;
        if (!labelled) return in_section && !body.starts_with("->");
        if (label == "Time" || (label.size() > 1 && std::all_of(label.begin(), label.end(), [](char c) {
                                    return c >= 'A' && c <= 'Z';
                                })))
            return false;  // psql's "Time:", the server's "ERROR:", "HINT:" ...
        return in_section || !value.empty() || opens_section(label, value);
    }

    std::span<const SourceLine> lines_;
};

/// Parents the indentation suggests, for the nodes indented right of the root.
void indentation_hints(std::span<const SourceLine> lines, std::vector<Item>& items) {
    const int root = static_cast<int>(indentation_width(lines[0].text));
    std::vector<int> arrow(items.size());
    arrow[0] = root - 4;
    for (std::size_t k = 1; k < items.size(); ++k) {
        arrow[k] = static_cast<int>(indentation_width(lines[items[k].line].text));
        if (arrow[k] <= root || items[k].hint >= 0) continue;  // a subplan's owner named itself
        for (std::size_t j = k; j-- > 0;)
            if (arrow[j] < arrow[k]) {
                items[k].hint = static_cast<int>(j);
                break;
            }
    }
}

/// Penalties for figures that do not nest, and for leaving the indentation.
constexpr double misfit = 1.0;
constexpr double off_indentation = 0.3;

double edge_penalty(const Item& parent, const Item& child, int parent_index) {
    double penalty = child.hint >= 0 && child.hint != parent_index ? off_indentation : 0.0;
    // A Limit stops its child early, so the child can cost more; elsewhere a
    // parent's total covers its child's, and its InitPlans' and SubPlans'.
    if (parent.estimates && child.estimates && parent.kind != NodeKind::limit &&
        child.estimates->total_cost > parent.estimates->total_cost * 1.0001 + 0.01)
        penalty += misfit;
    if (parent.actuals && child.actuals && parent.actuals->total_time && child.actuals->total_time &&
        child.actuals->loops <= parent.actuals->loops &&
        *child.actuals->total_time > *parent.actuals->total_time * 1.01 + 0.01)
        penalty += misfit;
    return penalty;
}

/// An Append's rows are the sum of its members' (estimated, and measured when
/// every member ran as often as the Append).
double close_penalty(const Item& node, double estimated_rows, double actual_rows, bool actuals_comparable) {
    if (node.kind != NodeKind::append) return 0;
    const auto off = [](double total, double sum) {
        return std::min(1.0, std::fabs(total - sum) / std::max(1.0, total)) * 2 * misfit;
    };
    double penalty = node.estimates ? off(node.estimates->rows, estimated_rows) : 0.0;
    if (node.actuals && actuals_comparable) penalty += off(node.actuals->rows, actual_rows);
    return penalty;
}

/// Depth-first search over the parent of each node, with branch and bound
/// against the second best tree found so far (so the best and the runner-up
/// are both exact), and a cap on the steps for plans where too many fit.
class Search {
public:
    explicit Search(const std::vector<Item>& items) : items_(items), n_(items.size()) {
        parent_.assign(n_, -1);
        count_.assign(n_, 0);
        phase_.assign(n_, 0);
        rows_.assign(n_, 0);
        actual_rows_.assign(n_, 0);
        comparable_.assign(n_, true);
        regular_after_.assign(n_ + 1, 0);
        for (std::size_t k = n_; k-- > 1;)
            regular_after_[k] = regular_after_[k + 1] + (items_[k].label == Label::none ? 1 : 0);
    }

    static constexpr std::size_t step_limit = 200'000;

    /// What placing one node changed, to take it back.
    struct Choice {
        std::size_t position = 0;      ///< spine position of the parent
        std::size_t popped_begin = 0;  ///< where the nodes it closed are saved in `popped_`
        double penalty_before = 0;
        std::uint32_t deficit_before = 0;
        std::uint8_t phase_before = 0;
        bool comparable_before = true;
    };

    void run() {
        std::vector<Choice> choices;  // choices[j] placed node j + 1
        choices.reserve(n_);
        spine_ = {0};
        deficit_ = items_[0].arity.min;
        std::size_t k = 1;
        std::size_t start = spine_.size();  // positions below `start` are still to try
        while (true) {
            if (k < n_ && place(k, start, choices)) {
                ++k;
                start = spine_.size();
                continue;
            }
            if (k == n_) finish_solution();
            if (choices.empty() || steps_ > step_limit) return;
            --k;  // take back the last choice and try the positions below it
            const Choice c = choices.back();
            choices.pop_back();
            undo(k, c);
            start = c.position;
        }
    }

    bool found() const { return !best_.empty(); }
    bool exhausted() const { return steps_ <= step_limit; }
    const std::vector<int>& best() const { return best_; }
    const std::vector<int>& runner_up() const { return runner_up_; }

private:
    bool closable_above(std::size_t position) const {
        for (std::size_t p = spine_.size(); p-- > position + 1;) {
            const auto q = static_cast<std::size_t>(spine_[p]);
            if (count_[q] < items_[q].arity.min) return false;
        }
        return true;
    }

    /// Hangs node k under the highest open node below `start` that can take it.
    bool place(std::size_t k, std::size_t start, std::vector<Choice>& choices) {
        for (std::size_t position = start; position-- > 0;) {
            if (++steps_ > step_limit) return false;
            if (!closable_above(position)) return false;  // lower positions close even more
            const auto p = static_cast<std::size_t>(spine_[position]);
            const Choice c{position, popped_.size(), penalty_, deficit_, phase_[p], comparable_[p]};
            if (!try_attach(k, position)) continue;
            if (penalty_ >= runner_up_penalty_ || deficit_ > regular_after_[k + 1]) {
                undo(k, c);
                continue;
            }
            choices.push_back(c);
            return true;
        }
        return false;
    }

    bool try_attach(std::size_t k, std::size_t position) {
        const auto p = static_cast<std::size_t>(spine_[position]);
        const Item& parent = items_[p];
        const Item& child = items_[k];
        switch (child.label) {
            case Label::none:
                if (phase_[p] == 2 || count_[p] >= parent.arity.max) return false;
                break;
            case Label::init:
                if (phase_[p] != 0) return false;
                break;
            case Label::sub:
                if (count_[p] < parent.arity.min) return false;
                break;
        }
        // Close the nodes above the parent.
        while (spine_.size() > position + 1) {
            const auto q = static_cast<std::size_t>(spine_.back());
            penalty_ += close_penalty(items_[q], rows_[q], actual_rows_[q], comparable_[q]);
            popped_.push_back(spine_.back());
            spine_.pop_back();
        }
        parent_[k] = static_cast<int>(p);
        if (child.label == Label::none) {
            if (count_[p] < parent.arity.min) --deficit_;
            ++count_[p];
            phase_[p] = 1;
            if (child.estimates) rows_[p] += child.estimates->rows;
            if (child.actuals && parent.actuals && child.actuals->loops == parent.actuals->loops)
                actual_rows_[p] += child.actuals->rows;
            else
                comparable_[p] = false;
        } else if (child.label == Label::sub) {
            phase_[p] = 2;
        }
        penalty_ += edge_penalty(parent, child, static_cast<int>(p));
        spine_.push_back(static_cast<int>(k));
        deficit_ += child.arity.min;
        return true;
    }

    void undo(std::size_t k, const Choice& c) {
        spine_.pop_back();  // k itself
        const auto p = static_cast<std::size_t>(parent_[k]);
        const Item& child = items_[k];
        if (child.label == Label::none) {
            --count_[p];
            if (child.estimates) rows_[p] -= child.estimates->rows;
            if (child.actuals && items_[p].actuals && child.actuals->loops == items_[p].actuals->loops)
                actual_rows_[p] -= child.actuals->rows;
        }
        phase_[p] = c.phase_before;
        comparable_[p] = c.comparable_before;
        parent_[k] = -1;
        while (popped_.size() > c.popped_begin) {
            spine_.push_back(popped_.back());
            popped_.pop_back();
        }
        penalty_ = c.penalty_before;
        deficit_ = c.deficit_before;
    }

    void finish_solution() {
        double penalty = penalty_;
        for (int q : spine_) {
            const auto i = static_cast<std::size_t>(q);
            if (count_[i] < items_[i].arity.min) return;
            penalty += close_penalty(items_[i], rows_[i], actual_rows_[i], comparable_[i]);
        }
        if (penalty < best_penalty_) {
            runner_up_ = std::move(best_);
            runner_up_penalty_ = best_penalty_;
            best_ = parent_;
            best_penalty_ = penalty;
        } else if (penalty < runner_up_penalty_) {
            runner_up_ = parent_;
            runner_up_penalty_ = penalty;
        }
    }

    const std::vector<Item>& items_;
    std::size_t n_;
    std::vector<int> parent_, spine_, popped_;
    std::vector<std::uint32_t> count_;
    std::vector<std::uint8_t> phase_;  ///< 0: InitPlans may come, 1: children came, 2: SubPlans came
    std::vector<double> rows_, actual_rows_;
    std::vector<bool> comparable_;
    std::vector<std::uint32_t> regular_after_;  ///< children (not subplans) from node k on
    double penalty_ = 0;
    std::uint32_t deficit_ = 0;  ///< children the open nodes still need
    std::size_t steps_ = 0;
    std::vector<int> best_, runner_up_;
    double best_penalty_ = HUGE_VAL, runner_up_penalty_ = HUGE_VAL;
};

/// Where no tree fits every kind (an unknown count, a corrupted line): each
/// node hangs under the nearest open node that can still take a child.
std::vector<int> nearest_fit(const std::vector<Item>& items) {
    std::vector<int> parent(items.size(), -1);
    std::vector<std::uint32_t> count(items.size(), 0);
    std::vector<int> spine = {0};
    for (std::size_t k = 1; k < items.size(); ++k) {
        std::size_t position = spine.size() - 1;
        if (items[k].label == Label::none)
            while (position > 0 && count[static_cast<std::size_t>(spine[position])] >=
                                       items[static_cast<std::size_t>(spine[position])].arity.max)
                --position;
        spine.resize(position + 1);
        parent[k] = spine.back();
        if (items[k].label == Label::none) ++count[static_cast<std::size_t>(spine.back())];
        spine.push_back(static_cast<int>(k));
    }
    return parent;
}

std::string line_list(const std::vector<std::uint32_t>& numbers) {
    std::string out;
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        if (i > 0) out += i + 1 == numbers.size() ? " and " : ", ";
        out += fmt::format("{}", numbers[i]);
    }
    return out;
}

/// "the node at line 12 could also belong to the Append at line 9"
std::string alternatives(std::span<const SourceLine> lines, const std::vector<Item>& items,
                         const std::vector<int>& best, const std::vector<int>& other) {
    std::vector<std::uint32_t> moved;
    std::vector<std::uint32_t> hosts;
    for (std::size_t k = 1; k < items.size(); ++k) {
        if (best[k] == other[k]) continue;
        moved.push_back(lines[items[k].line].line);
        const std::uint32_t host = lines[items[static_cast<std::size_t>(other[k])].line].line;
        if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) hosts.push_back(host);
    }
    constexpr std::size_t shown = 6;
    const std::size_t more = moved.size() > shown ? moved.size() - shown : 0;
    if (more > 0) moved.resize(shown);
    if (hosts.size() > shown) hosts.resize(shown);
    return fmt::format("; {} at line{} {}{} could also hang under the node{} at line{} {} (chose the tree whose costs, "
                       "times and row counts agree best)",
                       moved.size() + more == 1 ? "the node" : "the nodes", moved.size() + more == 1 ? "" : "s",
                       line_list(moved), more > 0 ? fmt::format(" and {} more", more) : "",
                       hosts.size() == 1 ? "" : "s", hosts.size() == 1 ? "" : "s", line_list(hosts));
}

/// PostgreSQL's indentation for the rebuilt tree (explain.c).
std::vector<int> standard_columns(const std::vector<Item>& items, const std::vector<LineRole>& roles,
                                  const std::vector<int>& parent) {
    std::vector<int> arrow(items.size());
    arrow[0] = -4;  // the root has no arrow; its properties sit at column 2
    for (std::size_t k = 1; k < items.size(); ++k)
        arrow[k] = arrow[static_cast<std::size_t>(parent[k])] + (items[k].label == Label::none ? 6 : 8);
    std::vector<int> columns(roles.size());
    for (std::size_t i = 0; i < roles.size(); ++i) {
        const std::size_t k = roles[i].item;
        switch (roles[i].role) {
            case Role::node: columns[i] = k == 0 ? 0 : arrow[k]; break;
            case Role::label: columns[i] = arrow[k] - 2; break;
            case Role::property:
            case Role::worker: columns[i] = arrow[k] + 6; break;
            case Role::worker_detail: columns[i] = arrow[k] + 8; break;
            case Role::summary: columns[i] = 0; break;
            case Role::section_line: columns[i] = 2; break;
        }
    }
    return columns;
}

}  // namespace

std::optional<RebuiltTree> rebuild_tree(std::span<const SourceLine> lines, std::size_t unreliable) {
    std::vector<Item> items;
    std::vector<LineRole> roles;
    Classifier(lines).run(items, roles);
    if (items.size() < 2) return std::nullopt;
    indentation_hints(lines, items);

    Search search(items);
    search.run();
    const SourceLine& at = lines[std::min(unreliable, roles.size() - 1)];
    RebuiltTree rebuilt;
    rebuilt.warning.position = {at.line, at.column + static_cast<std::uint32_t>(blank_prefix(at.text))};
    std::string& message = rebuilt.warning.message;
    message = "the indentation is unreliable, so the tree was rebuilt from the '->' arrows and what each node kind "
              "holds";
    std::vector<int> parent;
    if (search.found()) {
        parent = search.best();
        if (!search.runner_up().empty()) message += alternatives(lines, items, search.best(), search.runner_up());
        else if (!search.exhausted()) message += "; too many trees fit to try them all";
    } else {
        parent = nearest_fit(items);
        message += "; no tree gives every node kind its number of children, so each node hangs under the nearest "
                   "node above that can take it";
    }
    rebuilt.columns = standard_columns(items, roles, parent);
    return rebuilt;
}

}  // namespace planlens::detail
