#include "context.hpp"

#include "sargable.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace planlens::advice {

namespace {

/// The node that reads the table an index node's conditions are about.
NodeId reader_of(const Plan& plan, NodeId id) {
    const Node& n = plan.nodes[id];
    if (n.kind != NodeKind::bitmap_index_scan) return id;
    for (NodeId up = n.parent; up != no_node; up = plan.nodes[up].parent) {
        if (plan.nodes[up].kind == NodeKind::bitmap_heap_scan) return up;
        if (plan.nodes[up].kind != NodeKind::bitmap_and && plan.nodes[up].kind != NodeKind::bitmap_or) break;
    }
    return no_node;
}

/// Key columns an Index Cond reveals, in printed (= index column) order.
std::vector<std::string> index_cond_columns(const Expression& e, NodeId reader) {
    std::vector<std::string> cols;
    for (ExprId term : conjuncts(e)) {
        for (ExprId side : e.children(term)) {
            const ExprId col = bare_column(e, side, reader);
            if (col == no_expr) continue;
            std::string sql = column_sql(e[col]);
            if (std::find(cols.begin(), cols.end(), sql) == cols.end()) cols.push_back(std::move(sql));
            break;
        }
    }
    return cols;
}

std::vector<std::string> name_tokens(std::string_view name) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : name) {
        if (c == '_') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

/// Whether an index name such as "idx_meal_user_id_time" or
/// "meal_user_id_time_idx" spells `columns` as its leading keys: once the
/// table name and words like idx/index/key are set aside, the column tokens
/// must come first.
bool name_spells(std::string_view index, std::string_view table, const std::vector<std::string>& columns) {
    std::vector<std::string> tokens = name_tokens(index);
    static constexpr std::string_view noise[] = {"idx", "index", "ix", "key", "pkey", "uniq", "unique", "uq", "i"};
    auto is_noise = [](const std::string& t) { return std::find(std::begin(noise), std::end(noise), t) != std::end(noise); };
    while (!tokens.empty() && is_noise(tokens.front())) tokens.erase(tokens.begin());
    while (!tokens.empty() && is_noise(tokens.back())) tokens.pop_back();
    const std::vector<std::string> t = name_tokens(table);
    if (!t.empty() && tokens.size() > t.size() && std::equal(t.begin(), t.end(), tokens.begin()))
        tokens.erase(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(t.size()));
    std::vector<std::string> wanted;
    for (const std::string& c : columns)
        for (std::string& tok : name_tokens(c.front() == '"' ? std::string_view(c).substr(1, c.size() - 2) : c))
            wanted.push_back(std::move(tok));
    return !wanted.empty() && wanted.size() <= tokens.size() && std::equal(wanted.begin(), wanted.end(), tokens.begin());
}

}  // namespace

Context::Context(const Plan& p, const TimeProfile& profile, const AdviceOptions& o)
    : plan(p), options(o), profile_(profile) {
    for (const Node& n : plan.nodes) analyzed_ = analyzed_ || n.actuals.has_value();
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        const Node& n = plan.nodes[id];
        if (n.target.index.empty()) continue;
        KnownIndex k{n.target.index, reader_of(plan, id), {}};
        if (k.reader == no_node) continue;
        if (const Expression* cond = condition(id, PropertyKind::index_cond)) k.columns = index_cond_columns(*cond, k.reader);
        indexes_.push_back(std::move(k));
    }
}

std::optional<double> Context::share(NodeId id) const {
    if (id >= profile_.nodes.size() || profile_.total <= 0) return std::nullopt;
    return std::min(1.0, profile_.nodes[id].total / profile_.total);
}

const KnownIndex* Context::existing_index(NodeId reader, const std::vector<std::string>& columns) const {
    const Node& table = plan.nodes[reader];
    // An index on a partition serves the same query on its siblings: on the
    // partitioned parent it exists on every partition.
    const std::string target = index_table_sql(plan, table);
    for (const KnownIndex& k : indexes_) {
        const Node& other = plan.nodes[k.reader];
        const bool same_table = other.target.object == table.target.object && other.target.schema == table.target.schema;
        if (!same_table && index_table_sql(plan, other) != target) continue;
        const bool prefix = columns.size() <= k.columns.size() &&
                            std::equal(columns.begin(), columns.end(), k.columns.begin());
        if (prefix || name_spells(k.name, table.target.object, columns)) return &k;
    }
    return nullptr;
}

const Expression* Context::condition(NodeId node, PropertyKind kind) const {
    const auto key = std::make_pair(node, kind);
    if (const auto it = conditions_.find(key); it != conditions_.end()) return it->second.get();
    const Property* p = plan.find(plan.nodes[node], kind);
    auto& slot = conditions_[key];  // a missing property caches as null
    if (p) slot = std::make_unique<Expression>(parse_condition(plan, plan.nodes[node], p->value));
    return slot.get();
}

// ---- nodes ----------------------------------------------------------------

bool is_table_scan(const Node& n) {
    switch (n.kind) {
        case NodeKind::seq_scan:
        case NodeKind::index_scan:
        case NodeKind::index_only_scan:
        case NodeKind::bitmap_heap_scan: return !n.target.object.empty();
        default: return false;
    }
}

bool has_ancestor(const Plan& plan, const Node& n, NodeKind kind) {
    for (NodeId up = n.parent; up != no_node; up = plan.nodes[up].parent)
        if (plan.nodes[up].kind == kind) return true;
    return false;
}

std::vector<NodeId> child_ids(const Plan& plan, const Node& n) {
    std::vector<NodeId> out;
    for (NodeId c = n.first_child; c != no_node; c = plan.nodes[c].next_sibling) out.push_back(c);
    return out;
}

NodeId unwrap(const Plan& plan, NodeId id) {
    while (id != no_node) {
        const Node& n = plan.nodes[id];
        if (n.kind != NodeKind::gather && n.kind != NodeKind::gather_merge && n.kind != NodeKind::memoize) break;
        id = n.first_child;
    }
    return id;
}

// ---- SQL spelling ---------------------------------------------------------

std::string quote_ident(std::string_view name) {
    // Keywords that cannot stand as a bare column or table name (reserved and
    // column-name keywords of PostgreSQL's grammar; the common ones).
    static constexpr std::string_view keywords[] = {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "between", "bigint", "bit",
        "boolean", "both", "case", "cast", "char", "character", "check", "coalesce", "collate", "column",
        "constraint", "create", "current_catalog", "current_date", "current_role", "current_time",
        "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc", "distinct", "do",
        "else", "end", "except", "exists", "extract", "false", "fetch", "float", "for", "foreign", "from", "grant",
        "greatest", "group", "having", "in", "initially", "inout", "int", "integer", "intersect", "interval", "into",
        "lateral", "leading", "least", "limit", "localtime", "localtimestamp", "national", "nchar", "none", "not",
        "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "overlay", "placing", "position",
        "precision", "primary", "real", "references", "returning", "row", "select", "session_user", "setof",
        "smallint", "some", "substring", "symmetric", "table", "then", "time", "timestamp", "to", "trailing", "treat",
        "trim", "true", "union", "unique", "user", "using", "values", "varchar", "variadic", "when", "where",
        "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlparse", "xmlpi",
        "xmlroot", "xmlserialize"};
    bool plain = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
    for (char c : name) plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$');
    if (plain && std::find(std::begin(keywords), std::end(keywords), name) == std::end(keywords)) return std::string(name);
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') out += '"';
    }
    return out + "\"";
}

std::string table_sql(const Node& n) {
    std::string out;
    if (!n.target.schema.empty()) out = quote_ident(n.target.schema) + ".";
    return out + quote_ident(n.target.object);
}

std::string_view partitioned_parent(const Plan& plan, const Node& n) {
    const std::string_view alias = n.target.alias;
    const std::size_t underscore = alias.rfind('_');
    if (alias.empty() || underscore == std::string_view::npos || underscore == 0 || underscore + 1 == alias.size())
        return {};
    for (std::size_t i = underscore + 1; i < alias.size(); ++i)
        if (alias[i] < '0' || alias[i] > '9') return {};
    // Partitions hang under an Append or MergeAppend (through a Gather's Parallel Append).
    const NodeId up = n.parent;
    if (up == no_node) return {};
    const NodeKind above = plan.nodes[up].kind;
    if (above != NodeKind::append && above != NodeKind::merge_append) return {};
    const std::string_view base = alias.substr(0, underscore);
    return base == n.target.object ? std::string_view{} : base;
}

std::string index_table_sql(const Plan& plan, const Node& n) {
    const std::string_view parent = partitioned_parent(plan, n);
    if (parent.empty()) return table_sql(n);
    std::string out;
    if (!n.target.schema.empty()) out = quote_ident(n.target.schema) + ".";
    return out + quote_ident(parent);
}

std::string column_sql(const ExprNode& column) {
    // A quoted name in the plan holds "" for each " already: keep it as printed.
    if (column.quoted) {
        std::string out;
        out.reserve(column.name.size() + 2);
        out.append(1, '"').append(column.name).append(1, '"');
        return out;
    }
    return quote_ident(column.name);
}

std::string column_list(const std::vector<std::string>& columns) {
    std::string out = "(";
    for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? ", " : "") + columns[i];
    return out + ")";
}


std::string percent_text(double share) {
    const double pct = share * 100;
    // Never round a "not quite all" up to 100%.
    if (pct >= 99 && pct < 100) return fmt::format("{:.2f}%", std::floor(pct * 100) / 100);
    if (pct > 0 && pct < 1) return fmt::format("{:.2f}%", pct);
    return fmt::format("{:.0f}%", pct);
}

std::string megabytes_text(double kb) {
    const double mb = std::max(1.0, std::ceil(kb / 1024));
    if (mb >= 1024 && std::fmod(mb, 1024) == 0) return fmt::format("{:.0f}GB", mb / 1024);
    return fmt::format("{:.0f}MB", mb);
}

}  // namespace planlens::advice
