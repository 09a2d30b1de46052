#include "generate.hpp"

#include <array>
#include <cstdio>
#include <string_view>
#include <vector>

namespace planlens::bench {

namespace {

/// splitmix64: small, fast, and the same on every platform.
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    double real(double lo, double hi) { return lo + (hi - lo) * static_cast<double>(next() >> 11) / 9007199254740992.0; }
    template <typename T, std::size_t N>
    const T& pick(const std::array<T, N>& items) { return items[below(N)]; }

private:
    std::uint64_t state_;
};

constexpr std::array<std::string_view, 12> tables{"orders", "customers", "order_items", "products", "pgbench_accounts",
                                                  "events", "users", "sessions", "invoices", "line_items",
                                                  "\"Order Items\"", "payments"};
constexpr std::array<std::string_view, 8> columns{"id", "customer_id", "created_at", "status", "total", "user_id",
                                                  "product_id", "amount"};

std::string figures(Random& r, double rows) {
    const double startup = r.real(0, 50), total = startup + r.real(1, 5000);
    const double t0 = r.real(0, 5), t1 = t0 + r.real(0.001, 300);
    char buf[200];
    std::snprintf(buf, sizeof buf, "  (cost=%.2f..%.2f rows=%.0f width=%zu) (actual time=%.3f..%.3f rows=%.0f loops=%zu)",
                  startup, total, rows, 4 + r.below(120), t0, t1, rows * r.real(0.2, 3), 1 + r.below(3) * r.below(4));
    return buf;
}

/// Writes plan lines into `out`: a node at `depth` (0 = root) and its subtree.
class PlanWriter {
public:
    PlanWriter(Random& r, std::string& out) : r_(r), out_(out) {}

    /// Writes a plan of about `nodes` nodes (at least `nodes` when `exact`:
    /// then the root is an Append over as many subtrees as it takes).
    std::size_t plan(std::size_t nodes, bool exact = false) {
        written_ = 0;
        budget_ = nodes;
        if (!exact) {
            node(0, 0);
        } else {
            header(0, 0, "Append" + figures(r_, 1000) + "\n");
            while (written_ < nodes) node(1, 2);
        }
        char buf[100];
        std::snprintf(buf, sizeof buf, "Planning Time: %.3f ms\nExecution Time: %.3f ms\n", r_.real(0.05, 3),
                      r_.real(1, 9000));
        out_ += buf;
        return written_;
    }

private:
    void header(int depth, int column, std::string_view name) {
        indent(column);
        if (depth > 0) out_ += "->  ";
        out_.append(name);
        ++written_;
    }
    void indent(int column) { out_.append(static_cast<std::size_t>(column), ' '); }
    void property(int column, std::string_view text) {
        indent(column);
        out_.append(text);
        out_ += '\n';
    }
    std::string condition() {
        char buf[64];
        const std::string_view column = r_.pick(columns);
        std::snprintf(buf, sizeof buf, "(%.*s %c %zu)", static_cast<int>(column.size()), column.data(),
                      r_.below(2) ? '=' : '>', r_.below(100000));
        return buf;
    }

    /// `column` is where the arrow (or the root's name) starts.
    void node(int depth, int column) {
        const int props = depth == 0 ? column + 2 : column + 6;
        const bool leaf = depth >= 40 || written_ + 1 >= budget_ || (depth > 2 && r_.below(4) == 0);
        if (leaf) {
            scan(depth, column, props);
            return;
        }
        switch (r_.below(8)) {
            case 0:
                header(depth, column, "Hash Join" + figures(r_, 500) + "\n");
                property(props, "Hash Cond: (o.customer_id = c.id)");
                node(depth + 1, props);
                header(depth + 1, props, "Hash" + figures(r_, 500) + "\n");
                property(props + 6, "Buckets: 1024  Batches: 1  Memory Usage: 41kB");
                node(depth + 2, props + 6);
                break;
            case 1:
                header(depth, column, "Nested Loop" + figures(r_, 20) + "\n");
                node(depth + 1, props);
                node(depth + 1, props);
                break;
            case 2:
                header(depth, column, "Sort" + figures(r_, 300) + "\n");
                property(props, "Sort Key: " + std::string(r_.pick(columns)) + " DESC");
                property(props, "Sort Method: quicksort  Memory: 25kB");
                property(props, "Buffers: shared hit=12 read=3");
                node(depth + 1, props);
                break;
            case 3:
                header(depth, column, "HashAggregate" + figures(r_, 50) + "\n");
                property(props, "Group Key: " + std::string(r_.pick(columns)));
                property(props, "Batches: 1  Memory Usage: 793kB");
                node(depth + 1, props);
                break;
            case 4:
                header(depth, column, "Gather" + figures(r_, 1000) + "\n");
                property(props, "Workers Planned: 2");
                property(props, "Workers Launched: 2");
                node(depth + 1, props);
                break;
            case 5:
                header(depth, column, "Merge Join" + figures(r_, 100) + "\n");
                property(props, "Merge Cond: (a.id = b.a_id)");
                node(depth + 1, props);
                node(depth + 1, props);
                break;
            case 6:
                header(depth, column, "Limit" + figures(r_, 10) + "\n");
                property(props, "InitPlan 1 (returns $0)");
                node(depth + 1, props + 2);
                node(depth + 1, props);
                break;
            default:
                header(depth, column, "Append" + figures(r_, 100) + "\n");
                node(depth + 1, props);
                node(depth + 1, props);
                node(depth + 1, props);
                break;
        }
    }

    void scan(int depth, int column, int props) {
        const std::string_view table = r_.pick(tables);
        switch (r_.below(4)) {
            case 0:
                header(depth, column, "Index Scan using " + std::string(table.front() == '"' ? "oi_pkey" : table) +
                                          "_pkey on " + std::string(table) + " t" + figures(r_, 1) + "\n");
                property(props, "Index Cond: (id = $0)");
                property(props, "Buffers: shared hit=4");
                break;
            case 1:
                header(depth, column, "Bitmap Heap Scan on " + std::string(table) + figures(r_, 40) + "\n");
                property(props, "Recheck Cond: " + condition());
                property(props, "Heap Blocks: exact=" + std::to_string(r_.below(500)));
                header(depth + 1, props, "Bitmap Index Scan on idx_" + std::string(r_.pick(columns)) + figures(r_, 40) + "\n");
                property(props + 6, "Index Cond: " + condition());
                break;
            default:
                header(depth, column, "Seq Scan on " + std::string(table) + figures(r_, 1000) + "\n");
                property(props, "Filter: " + condition());
                property(props, "Rows Removed by Filter: " + std::to_string(r_.below(100000)));
                break;
        }
    }

    Random& r_;
    std::string& out_;
    std::size_t written_ = 0;
    std::size_t budget_ = 0;
};

constexpr std::array<std::string_view, 16> words{
    "the", "query", "planner", "chose", "a", "sequential", "scan", "because", "statistics", "were", "stale",
    "after", "index", "made", "it", "faster"};

void paragraph(Random& r, std::string& out) {
    const std::size_t lines = 1 + r.below(5);
    for (std::size_t l = 0; l < lines; ++l) {
        std::size_t width = 0;
        bool first = true;
        while (width < 70) {
            std::string_view w = r.pick(words);
            if (!first) out += ' ', ++width;
            if (first && l == 0) {
                out += static_cast<char>(w.front() - 'a' + 'A');
                out.append(w.substr(1));
            } else {
                out.append(w);
            }
            width += w.size();
            first = false;
        }
        out += l + 1 == lines ? ".\n" : "\n";
    }
    out += '\n';
}

/// One line of prose and a blank line.
void paragraph_line(Random& r, std::string& out) {
    out += "Here the ";
    for (std::size_t i = 0, n = 4 + r.below(8); i < n; ++i) (out += r.pick(words)) += ' ';
    out += "(see below):\n\n";
}

void prose_piece(Random& r, std::string& out) {
    switch (r.below(6)) {
        case 0: out += "## Why is this query slow\n\n"; break;
        case 1:
            out += "```sql\nSELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id\nWHERE o.total > 100 ORDER BY c.name;\n```\n\n";
            break;
        case 2: out += "- first we ran ANALYZE on the table\n- then we added an index on created_at\n- and tried again\n\n"; break;
        case 3: out += "| run | ms |\n| --- | --- |\n| 1 | 12.5 |\n| 2 | 11.9 |\n\n"; break;
        default: paragraph(r, out); break;
    }
}

/// Appends `plan` (plain text lines) to `out` in paste style `style`.
void paste(Random& r, std::string& out, std::string_view plan, std::size_t style) {
    std::vector<std::string_view> lines;
    for (std::size_t at = 0; at < plan.size();) {
        const std::size_t nl = plan.find('\n', at);
        lines.push_back(plan.substr(at, nl - at));
        at = nl + 1;
    }
    std::size_t widest = 10;
    for (auto l : lines) widest = std::max(widest, l.size());
    auto padded = [&](std::string_view l) { return std::string(l) + std::string(widest - l.size(), ' '); };
    switch (style) {
        case 0:  // bare
            out.append(plan);
            break;
        case 1:  // fenced
            out += "```\n";
            out.append(plan);
            out += "```\n";
            break;
        case 2:  // psql aligned
            out += std::string(widest / 2 - 4, ' ') + "QUERY PLAN\n" + std::string(widest + 2, '-') + "\n";
            for (auto l : lines) out += " " + padded(l) + "\n";
            out += "(" + std::to_string(lines.size()) + " rows)\n";
            break;
        case 3:  // psql unaligned
            out += "QUERY PLAN\n";
            out.append(plan);
            out += "(" + std::to_string(lines.size()) + " rows)\n";
            break;
        case 4:  // markdown table
            out += "| QUERY PLAN |\n| --- |\n";
            for (auto l : lines) {  // a "|" inside a cell is written "\|", as markdown needs
                out += "| ";
                for (char c : l) {
                    if (c == '|') out += '\\';
                    out += c;
                }
                out += " |\n";
            }
            break;
        case 5:  // DBeaver
            out += "QUERY PLAN" + std::string(widest - 10, ' ') + "|\n" + std::string(widest, '-') + "|\n";
            for (auto l : lines) out += padded(l) + "|\n";
            break;
        case 6:  // CSV
            out += "\"QUERY PLAN\"\n";
            for (auto l : lines) {
                std::string row = "\"";
                for (char c : l) row += c == '"' ? std::string("\"\"") : std::string(1, c);
                out += row + "\"\n";
            }
            break;
        case 7:  // server log
            out += "2024-05-01 12:00:00.000 UTC [4242] LOG:  duration: 12.345 ms  plan:\n";
            out += "\tQuery Text: SELECT * FROM orders WHERE id = 1;\n";
            for (auto l : lines) out += "\t" + std::string(l) + "\n";
            break;
        default:  // psql expanded
            out += "-[ RECORD 1 ]" + std::string(widest, '-') + "\n";
            for (auto l : lines) out += "QUERY PLAN | " + std::string(l) + "\n";
            break;
    }
    (void)r;
    out += '\n';
}

}  // namespace

std::string large_plan(std::size_t nodes, std::uint64_t seed) {
    Random r(seed);
    std::string out;
    out.reserve(nodes * 260);
    PlanWriter(r, out).plan(nodes, true);
    return out;
}

std::string mixed_document(std::size_t bytes, std::size_t& plans, std::uint64_t seed) {
    Random r(seed);
    std::string out;
    out.reserve(bytes + (1 << 20));
    std::string plan;
    plans = 0;
    while (out.size() < bytes) {
        const std::size_t pieces = 1 + r.below(3);
        for (std::size_t i = 0; i < pieces; ++i) prose_piece(r, out);
        plan.clear();
        PlanWriter(r, plan).plan(5 + r.below(r.below(8) == 0 ? 200 : 40));
        paste(r, out, plan, r.below(9));
        ++plans;
    }
    return out;
}

std::string realistic_document(std::size_t bytes, std::span<const std::string> plans, std::size_t& count,
                               std::uint64_t seed) {
    Random r(seed);
    std::string out;
    out.reserve(bytes + (1 << 16));
    count = 0;
    if (plans.empty()) return out;
    constexpr std::array<std::size_t, 4> styles{4, 0, 1, 5};  // markdown, bare, fenced, DBeaver
    while (out.size() < bytes) {
        if (r.below(8) == 0) out += "## Query " + std::to_string(count + 1) + "\n\n";
        paragraph_line(r, out);
        const std::string& plan = plans[r.below(plans.size())];
        paste(r, out, plan, r.pick(styles));
        ++count;
    }
    return out;
}

std::string prose_document(std::size_t bytes, std::uint64_t seed) {
    Random r(seed);
    std::string out;
    out.reserve(bytes + 4096);
    while (out.size() < bytes) prose_piece(r, out);
    return out;
}

std::string many_arrows(std::size_t bytes) {
    std::string out(bytes / 2 - 1, '-');
    for (std::size_t i = 0; i + 1 < out.size(); i += 2) out[i + 1] = '>';
    out += '\n';
    while (out.size() < bytes) out += "->\n";
    return out;
}

std::string lone_pipes(std::size_t bytes) {
    std::string out;
    out.reserve(bytes);
    while (out.size() < bytes) out += "|\n";
    return out;
}

std::string single_long_line(std::size_t bytes) {
    std::string out = "Seq Scan on ";
    out.append(bytes - 40, 'x');
    out += "  (cost=0.00..1.00 rows=1 width=4)\n";
    return out;
}

std::string many_properties(std::size_t bytes) {
    std::string out = "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1)\n";
    out.reserve(bytes + 64);
    std::size_t i = 0;
    while (out.size() < bytes) out += "  Filter: (a = " + std::to_string(i++) + ")\n";
    return out;
}

std::string deep_markdown_plan(std::size_t levels) {
    std::string out = "# A deep plan\n\n| QUERY PLAN |\n| --- |\n";
    out += "| Limit  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1) |\n";
    for (std::size_t d = 1; d <= levels; ++d) {
        out += "| ";
        out.append(6 * d - 4, ' ');
        out += "->  Materialize  (cost=0.00..1.00 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1) |\n| ";
        out.append(6 * d + 2, ' ');
        out += "Filter: (a > 1) |\n";
    }
    return out;
}

}  // namespace planlens::bench
