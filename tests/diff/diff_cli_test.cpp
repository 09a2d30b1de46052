// `planlens diff` through the built tool: inputs (files, -, FILE#N, one
// writeup), the --json contract, --markdown, the text layout, exit codes.
#include "diff_helpers.hpp"
#include "diff/json_value.hpp"
#include "diff/markdown_table.hpp"
#include "support/run_cli.hpp"

#ifdef PLANLENS_CLI

#include <algorithm>
#include <string>

using namespace planlens;
using namespace planlens::test;

namespace {

std::string seed_doc(const char* name) { return shell_quoted(fixtures_dir / "seeds" / name); }
std::string fixture(const std::string& name) { return shell_quoted(diff_fixture(name)); }
std::string pair_args(const std::string& name) {
    return fixture(name + ".before.txt") + " " + fixture(name + ".after.txt");
}

/// Columns of a line of UTF-8: code points (the output uses →, ×, … only, all one column wide).
void check_terminal_friendly(const std::string& text) {
    CHECK(text.find('\x1b') == std::string::npos);
    for (const std::string& line : lines_of(text)) {
        INFO(line);
        CHECK(planlens::test::columns(line) <= 100);
    }
}

/// `diff --json` prints one JSON array with one element per pair (docs/json.md).
std::vector<Json> json_pairs(const std::string& out) {
    auto value = JsonReader::parse(out);
    if (!value) FAIL("not JSON: " << out);
    if (value->type != Json::Type::array) FAIL("not a JSON array: " << out);
    for (const Json& pair : value->array) CHECK(pair.find("planlens") != nullptr);
    return std::move(value->array);
}

const Json& at(const Json& object, std::string_view key) {
    const Json* value = object.find(key);
    if (value == nullptr) FAIL("no key " << key);
    return *value;
}

}  // namespace

TEST_CASE("diff CLI: two plans of a writeup by FILE#N, the headline comes first") {
    const std::string doc = seed_doc("000.md");
    const CliRun r = run_cli("diff " + doc + "#1 " + doc + "#2");
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() > 4);
    CHECK(lines[0].find("000.md#1 → ") != std::string::npos);
    CHECK(lines[0].find("000.md#2") != std::string::npos);
    CHECK(lines[1] == "execution 112.928 → 0.347 ms: ×325 faster; planning 0.563 → 0.843 ms (+0.280 ms)");
    CHECK(r.out.find("newly used indexes: idx_to_user, idx_from_user") != std::string::npos);
    CHECK(r.out.find("! replaced  ~ changed  + added  - removed") != std::string::npos);
}

TEST_CASE("diff CLI: text fits 100 columns and has no escape codes in a pipe") {
    for (const char* name : {"seq-to-index", "seq-to-bitmap", "parallel-to-index-only", "sort-to-index-order",
                             "hash-to-nested-loop", "join-order", "alias-kind", "self-join"}) {
        INFO(name);
        const CliRun r = run_cli("diff " + pair_args(name));
        CHECK(r.status == 0);
        check_terminal_friendly(r.out);
    }
    for (const char* seed : {"000.md", "001.md", "002.md"}) {
        INFO(seed);
        const CliRun r = run_cli("diff " + seed_doc(seed));
        CHECK(r.status == 0);
        CHECK_FALSE(r.out.empty());
        check_terminal_friendly(r.out);
    }
}

TEST_CASE("diff CLI: every entry is one line with a mark, both sides, self times and the delta") {
    const CliRun r = run_cli("diff " + pair_args("sort-to-index-order"));
    REQUIRE(r.status == 0);
    const std::vector<std::string> lines = lines_of(r.out);
    auto line_starting = [&lines](std::string_view prefix) -> std::string {
        for (const std::string& l : lines)
            if (l.rfind(prefix, 0) == 0) return l;
        FAIL("no line starts with " << prefix);
        return {};
    };
    const std::string sort = line_starting("-   Sort");
    CHECK(sort.find("41.461") != std::string::npos);
    CHECK(sort.find("-41.461") != std::string::npos);
    const std::string scan = line_starting("!     Seq Scan on posts");
    CHECK(scan.find("21.644 |") != std::string::npos);
    CHECK(scan.find("Index Scan B") != std::string::npos);
    CHECK(scan.find("-21.616") != std::string::npos);
}

TEST_CASE("diff CLI: --json follows the contract") {
    const CliRun r = run_cli("diff --json " + pair_args("seq-to-bitmap"));
    REQUIRE(r.status == 0);
    const std::vector<Json> values = json_pairs(r.out);
    REQUIRE(values.size() == 1);
    const Json& j = values[0];
    CHECK(at(at(j, "before"), "execution_ms").number == 41.902);
    CHECK(at(at(j, "before"), "planning_ms").number == 0.095);
    CHECK(at(at(j, "after"), "execution_ms").number == 0.406);
    CHECK(at(at(j, "after"), "planning_ms").number == 0.142);
    CHECK(at(j, "speedup").number == Approx(41.902 / 0.406).epsilon(0.0001));
    const std::vector<Json>& changes = at(j, "changes").array;
    REQUIRE(changes.size() == 4);
    const Json& replaced = changes[0];
    CHECK(at(replaced, "change").string == "replaced");
    CHECK(at(at(replaced, "before"), "node_type").string == "Seq Scan");
    CHECK(at(at(replaced, "before"), "relation").string == "events");
    CHECK(at(at(replaced, "before"), "index").is_null());
    CHECK(at(at(replaced, "after"), "node_type").string == "Bitmap Heap Scan");
    CHECK(at(at(replaced, "after"), "relation").string == "events");
    CHECK(at(replaced, "self_ms_before").number == 41.83);
    CHECK(at(replaced, "self_ms_after").number == 0.097);
    std::vector<std::string> new_indexes;
    for (const Json& name : at(replaced, "new_indexes").array) new_indexes.push_back(name.string);
    CHECK(new_indexes == std::vector<std::string>{"events_user_id_idx", "events_kind_idx"});
    for (std::size_t i = 1; i < changes.size(); ++i) {
        CHECK(at(changes[i], "change").string == "added");
        CHECK(at(changes[i], "before").is_null());
        CHECK(at(changes[i], "self_ms_before").is_null());
        CHECK(at(changes[i], "self_ms_after").type == Json::Type::number);
    }
    CHECK(at(at(changes[1], "after"), "node_type").string == "BitmapAnd");
    CHECK(at(at(changes[2], "after"), "node_type").string == "Bitmap Index Scan");
    CHECK(at(at(changes[2], "after"), "index").string == "events_user_id_idx");
    CHECK(at(at(changes[2], "after"), "relation").is_null());
}

TEST_CASE("diff CLI: --json on a writeup: one element per before/after pair") {
    const CliRun r = run_cli("diff --json " + seed_doc("000.md"));
    REQUIRE(r.status == 0);
    const std::vector<Json> values = json_pairs(r.out);
    REQUIRE(values.size() == 2);
    CHECK(at(values[0], "heading").string == "Balance between two users");
    CHECK(at(values[0], "speedup").number == Approx(325.44).margin(0.01));
    CHECK(at(at(values[0], "before"), "source").string.find("000.md#1") != std::string::npos);
    bool transactions = false;
    for (const Json& c : at(values[0], "changes").array) {
        if (at(c, "change").string != "replaced") continue;
        CHECK(at(at(c, "before"), "node_type").string == "Seq Scan");  // printed "Parallel Seq Scan"
        CHECK(at(at(c, "after"), "node_type").string == "Bitmap Heap Scan");
        transactions = at(at(c, "after"), "relation").string == "transactions";
    }
    CHECK(transactions);
}

TEST_CASE("diff CLI: --markdown is a table to paste") {
    const CliRun r = run_cli("diff --markdown " + pair_args("hash-to-nested-loop"));
    REQUIRE(r.status == 0);
    CHECK(r.out.find('\x1b') == std::string::npos);
    const auto rows = table_rows(r.out);
    REQUIRE(rows.size() == 3);
    CHECK(trim(rows[0][0]) == "replaced");
    CHECK(trim(rows[0][1]) == "Hash Join");
    CHECK(trim(rows[0][3]) == "Nested Loop");
    CHECK(trim(rows[1][0]) == "removed");
    CHECK(trim(rows[1][1]) == "Hash");
    CHECK(trim(rows[2][3]) == "Index Scan using orders_customer_id_idx on orders o");

    const CliRun doc = run_cli("diff --markdown " + fixture("writeup.md"));
    REQUIRE(doc.status == 0);
    CHECK(doc.out.find("\n---\n") != std::string::npos);  // pairs apart
    CHECK(table_rows(doc.out).size() == 2);              // the first pair: Aggregate and the orders scan
}

TEST_CASE("diff CLI: - reads standard input, also as -#N") {
    const CliRun r = run_cli("diff - " + fixture("self-join.after.txt"), "", diff_fixture("self-join.before.txt"));
    CHECK(r.status == 0);
    CHECK(r.out.find("<stdin> → ") != std::string::npos);
    CHECK(r.out.find("×2.19 faster") != std::string::npos);

    const CliRun numbered = run_cli("diff --json -#3 -#4", "", diff_fixture("writeup.md"));
    CHECK(numbered.status == 0);
    const std::vector<Json> values = json_pairs(numbered.out);
    REQUIRE(values.size() == 1);
    CHECK(at(at(values[0], "before"), "execution_ms").number == 63.131);
    CHECK(at(at(values[0], "after"), "execution_ms").number == 0.047);

    const CliRun mixed = run_cli("diff -#1 " + fixture("seq-to-index.after.txt"), "", diff_fixture("writeup.md"));
    CHECK(mixed.status == 0);
    CHECK(mixed.out.find("×341 faster") != std::string::npos);
}

TEST_CASE("diff CLI: one FILE diffs consecutive plans that share a heading") {
    const CliRun r = run_cli("diff " + fixture("writeup.md"));
    CHECK(r.status == 0);
    CHECK(r.out.find("writeup.md#1 → ") != std::string::npos);
    CHECK(r.out.find("writeup.md#3 → ") != std::string::npos);
    std::string flat = r.out;  // long paths wrap the title line
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    CHECK(flat.find("\"Orders of one customer\"") != std::string::npos);
    CHECK(flat.find("\"Latest posts\"") != std::string::npos);
    CHECK(r.out.find("writeup.md#5") == std::string::npos);  // alone under its heading
    CHECK(r.out.find("×341 faster") != std::string::npos);
    CHECK(r.out.find("×1343 faster") != std::string::npos);

    const CliRun lone = run_cli("diff " + fixture("self-join.after.txt"));
    CHECK(lone.status == 1);
    CHECK(lone.out.empty());
    CHECK(lone.err.find("no before/after pair") != std::string::npos);
}

TEST_CASE("diff CLI: FILE#N is 1-based, out of range is an input problem with a clear message") {
    const std::string doc = fixture("writeup.md");
    const CliRun ok = run_cli("diff " + doc + "#5 " + doc + "#5");
    CHECK(ok.status == 0);
    CHECK(ok.out.find("same plan") != std::string::npos);

    const CliRun beyond = run_cli("diff " + doc + "#1 " + doc + "#6");
    CHECK(beyond.status == 1);
    CHECK(beyond.out.empty());
    CHECK(beyond.err.find("writeup.md: no plan 6 (found 5)") != std::string::npos);

    const CliRun zero = run_cli("diff " + doc + "#0 " + doc + "#1");
    CHECK(zero.status == 2);
    CHECK(zero.err.find("numbered from 1") != std::string::npos);

    const CliRun ambiguous = run_cli("diff " + doc + " " + doc + "#2");
    CHECK(ambiguous.status == 2);
    CHECK(ambiguous.err.find("has 5 plans: choose one with") != std::string::npos);
}

TEST_CASE("diff CLI: a plan with a broken line is reported as FILE:LINE:COL: warning and exits 1") {
    const std::string broken = fixture("broken.md");
    const CliRun r = run_cli("diff " + broken + " " + fixture("seq-to-index.after.txt"));
    CHECK(r.status == 1);  // the diff still comes out: the broken line kept its node
    CHECK(r.err.find(diff_fixture("broken.md").string() + ":6:71: warning: expected ' rows=' after the cost range") !=
          std::string::npos);
    // The same on the after side, and by number.
    const CliRun after = run_cli("diff " + fixture("seq-to-index.before.txt") + " " + broken + "#1");
    CHECK(after.status == 1);
    CHECK(after.err.find("broken.md:6:71:") != std::string::npos);

    const CliRun missing = run_cli("diff " + fixture("no-such-file.txt") + " " + fixture("seq-to-index.after.txt"));
    CHECK(missing.status == 1);
    CHECK(missing.err.find("no-such-file.txt") != std::string::npos);
}

TEST_CASE("diff CLI: usage errors exit 2, --help exits 0") {
    const std::string two = pair_args("seq-to-index");
    for (const std::string& args : {std::string("diff"), "diff --bogus " + two, "diff --json --markdown " + two,
                                    "diff " + two + " " + fixture("join-order.after.txt")}) {
        INFO(args);
        const CliRun r = run_cli(args);
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("Try 'planlens diff --help'") != std::string::npos);
    }
    const CliRun help = run_cli("diff --help");
    CHECK(help.status == 0);
    CHECK(help.out.rfind("usage: planlens diff [--json|--markdown] BEFORE AFTER", 0) == 0);
    CHECK(help.out.find("FILE#N") != std::string::npos);
    check_terminal_friendly(help.out);
}

TEST_CASE("diff CLI: seed 001's writeup credits what changed, and calls only unchanged work variation") {
    // The writeup itself (../shared/seeds), when this checkout has it.
    std::filesystem::path doc;
    if (std::filesystem::is_directory(PLANLENS_SEEDS_DIR))
        for (const auto& entry : std::filesystem::directory_iterator(PLANLENS_SEEDS_DIR))
            if (entry.path().filename().string().rfind("001", 0) == 0) doc = entry.path();
    if (doc.empty()) {
        WARN("skipped: no seed 001 under " << PLANLENS_SEEDS_DIR);
        SUCCEED("seed writeups not available");
        return;
    }
    const CliRun r = run_cli("diff --json " + shell_quoted(doc));
    REQUIRE(r.status == 0);
    const std::vector<Json> pairs = json_pairs(r.out);
    REQUIRE(pairs.size() == 3);
    // Plan 3 -> 4: the Hash Join over c, e, m (line 6 before) runs under the new Gather Merge: credited.
    const auto lines_of_nodes = [](const Json& shifts) {
        std::vector<double> lines;
        for (const Json& s : shifts.array)
            if (const Json* before = s.find("before"); before && before->type == Json::Type::object)
                lines.push_back(at(*before, "line").number);
        return lines;
    };
    const std::vector<double> moved = lines_of_nodes(at(pairs[1], "time_moved"));
    const std::vector<double> varied = lines_of_nodes(at(pairs[1], "run_to_run_variation"));
    const double join_line = 127;  // of the writeup: plan 3's sixth line (its root is line 122)
    CHECK(std::find(moved.begin(), moved.end(), join_line) != moved.end());
    CHECK(std::find(varied.begin(), varied.end(), join_line) == varied.end());
    // Plan 1 -> 2: the Seq Scan on meal did the same work, 230 -> 205 ms: variation, not credit.
    const std::vector<double> varied_1 = lines_of_nodes(at(pairs[0], "run_to_run_variation"));
    CHECK(std::find(varied_1.begin(), varied_1.end(), 74.0) != varied_1.end());  // plan 1's root is line 58
}

#endif  // PLANLENS_CLI
