// Property labels and the decoders of their values.
#include <planlens/parse.hpp>
#include <planlens/property.hpp>

#include "parse/numbers.hpp"

#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace planlens;

namespace {

std::vector<std::string> items(std::string_view list) {
    std::vector<std::string> out;
    split_list(list, [&](std::string_view item) { out.emplace_back(item); });
    return out;
}

}  // namespace

TEST_CASE("labels map to kinds, unknown labels are kept as 'other'") {
    CHECK(property_kind("Filter") == PropertyKind::filter);
    CHECK(property_kind("Rows Removed by Filter") == PropertyKind::rows_removed_by_filter);
    CHECK(property_kind("Rows Removed by Index Recheck") == PropertyKind::rows_removed_by_index_recheck);
    CHECK(property_kind("Sort Method") == PropertyKind::sort_method);
    CHECK(property_kind("Buckets") == PropertyKind::buckets);
    CHECK(property_kind("Batches") == PropertyKind::hashagg_batches);
    CHECK(property_kind("Hits") == PropertyKind::cache_hits);
    CHECK(property_kind("I/O Timings") == PropertyKind::io_timings);
    CHECK(property_kind("Full-sort Groups") == PropertyKind::full_sort_groups);
    CHECK(property_kind("Trigger RI_ConstraintTrigger_c_1 for constraint fk") == PropertyKind::trigger);
    CHECK(property_kind("Remote SQL") == PropertyKind::remote_sql);
    CHECK(property_kind("Some Future Label") == PropertyKind::other);
}

TEST_CASE("Sort Method") {
    auto s = decode_sort_method("external merge  Disk: 2416kB");
    REQUIRE(s);
    CHECK(s->method == "external merge");
    CHECK(s->space_type == "Disk");
    CHECK(s->kb == 2416);
    auto t = decode_sort_method("top-N heapsort  Memory: 25kB");
    REQUIRE(t);
    CHECK(t->method == "top-N heapsort");
    CHECK(t->space_type == "Memory");
    CHECK_FALSE(decode_sort_method("quicksort"));
    CHECK_FALSE(decode_sort_method("quicksort  Memory: 25MB"));
}

TEST_CASE("Incremental Sort group lines") {
    auto g = decode_sort_groups("3  Sort Methods: quicksort, top-N heapsort  Average Memory: 26kB  Peak Memory: 27kB");
    REQUIRE(g);
    CHECK(g->count == 3);
    CHECK(g->methods == "quicksort, top-N heapsort");
    CHECK(g->average_memory_kb == 26);
    CHECK(g->peak_memory_kb == 27);
    CHECK_FALSE(g->peak_disk_kb);
}

TEST_CASE("Hash buckets and batches, with and without 'originally'") {
    auto h = decode_buckets("1024  Batches: 1  Memory Usage: 9kB");
    REQUIRE(h);
    CHECK(h->buckets == 1024);
    CHECK(h->original_buckets == 1024);
    CHECK(h->batches == 1);
    CHECK(h->memory_kb == 9);
    auto o = decode_buckets("65536 (originally 32768)  Batches: 4 (originally 1)  Memory Usage: 3969kB");
    REQUIRE(o);
    CHECK(o->buckets == 65536);
    CHECK(o->original_buckets == 32768);
    CHECK(o->batches == 4);
    CHECK(o->original_batches == 1);
}

TEST_CASE("HashAggregate batches and planned partitions") {
    auto b = decode_hashagg(PropertyKind::hashagg_batches, "1  Memory Usage: 793kB");
    REQUIRE(b);
    CHECK(b->batches == 1);
    CHECK(b->memory_kb == 793);
    CHECK(b->disk_kb == 0);
    auto p = decode_hashagg(PropertyKind::planned_partitions, "4  Batches: 5  Memory Usage: 4145kB  Disk Usage: 20480kB");
    REQUIRE(p);
    CHECK(p->planned_partitions == 4);
    CHECK(p->batches == 5);
    CHECK(p->disk_kb == 20480);
    auto only = decode_hashagg(PropertyKind::planned_partitions, "4");
    REQUIRE(only);
    CHECK_FALSE(only->batches);
}

TEST_CASE("Memoize hits") {
    auto c = decode_cache_hits("9990  Misses: 10  Evictions: 0  Overflows: 0  Memory Usage: 2kB");
    REQUIRE(c);
    CHECK(c->hits == 9990);
    CHECK(c->misses == 10);
    CHECK(c->memory_kb == 2);
}

TEST_CASE("Heap blocks, buffers, I/O timings, WAL") {
    auto h = decode_heap_blocks("exact=12 lossy=3");
    REQUIRE(h);
    CHECK(h->exact == 12);
    CHECK(h->lossy == 3);
    CHECK(decode_heap_blocks("lossy=7")->exact == 0);

    auto b = decode_buffers("shared hit=10 read=2 dirtied=1 written=3, local hit=4, temp read=5 written=6");
    REQUIRE(b);
    CHECK(b->shared_hit == 10);
    CHECK(b->shared_read == 2);
    CHECK(b->shared_dirtied == 1);
    CHECK(b->shared_written == 3);
    CHECK(b->local_hit == 4);
    CHECK(b->temp_read == 5);
    CHECK(b->temp_written == 6);
    CHECK_FALSE(decode_buffers("shared hit=x"));
    CHECK_FALSE(decode_buffers("shared bogus=1"));

    auto old = decode_io_timings("shared/local read=1.234 write=0.100, temp read=0.5 write=0.6");
    REQUIRE(old);
    CHECK(old->shared_local);
    CHECK(old->shared_read == 1.234);
    CHECK(old->temp_write == 0.6);
    auto pg16 = decode_io_timings("shared read=1.000, local write=2.000");
    REQUIRE(pg16);
    CHECK_FALSE(pg16->shared_local);
    CHECK(pg16->local_write == 2.0);
    auto pg14 = decode_io_timings("read=3.000 write=1.000");
    REQUIRE(pg14);
    CHECK(pg14->shared_read == 3.0);

    auto w = decode_wal("records=10 fpi=1 bytes=1234 buffers full=2");
    REQUIRE(w);
    CHECK(w->records == 10);
    CHECK(w->fpi == 1);
    CHECK(w->bytes == 1234);
    CHECK(w->buffers_full == 2);
}

TEST_CASE("JIT options and timing, before and after PostgreSQL 17") {
    auto o = decode_jit_options("Inlining false, Optimization true, Expressions true, Deforming true");
    REQUIRE(o);
    CHECK_FALSE(o->inlining);
    CHECK(o->optimization);
    auto t15 = decode_jit_timing("Generation 1.234 ms, Inlining 0.000 ms, Optimization 0.456 ms, Emission 7.890 ms, Total 9.580 ms");
    REQUIRE(t15);
    CHECK(t15->generation == 1.234);
    CHECK(t15->total == 9.580);
    CHECK_FALSE(t15->deform);
    auto t17 = decode_jit_timing(
        "Generation 1.000 ms (Deform 0.250 ms), Inlining 0.000 ms, Optimization 0.1 ms, Emission 2.0 ms, Total 3.1 ms");
    REQUIRE(t17);
    CHECK(t17->deform == 0.25);
}

TEST_CASE("Trigger lines") {
    auto t = decode_trigger("Trigger RI_ConstraintTrigger_c_16466 for constraint orders_customer_fk", "time=0.456 calls=3");
    REQUIRE(t);
    CHECK(t->name == "RI_ConstraintTrigger_c_16466");
    CHECK(t->constraint == "orders_customer_fk");
    CHECK(t->time_ms == 0.456);
    CHECK(t->calls == 3);
    auto anonymous = decode_trigger("Trigger for constraint fk on orders", "calls=1");
    REQUIRE(anonymous);
    CHECK(anonymous->name.empty());
    CHECK(anonymous->relation == "orders");
    CHECK_FALSE(anonymous->time_ms);
    auto named = decode_trigger("Trigger audit_insert", "time=1.000 calls=2");
    REQUIRE(named);
    CHECK(named->name == "audit_insert");
}

TEST_CASE("lists split at top-level commas only") {
    CHECK(items("a, b") == std::vector<std::string>{"a", "b"});
    CHECK(items("(CASE WHEN (x = 1) THEN (y, z) ELSE w END) DESC, f(a, b)") ==
          std::vector<std::string>{"(CASE WHEN (x = 1) THEN (y, z) ELSE w END) DESC", "f(a, b)"});
    CHECK(items("'a, b'::text, \"c,d\"") == std::vector<std::string>{"'a, b'::text", "\"c,d\""});
    CHECK(items("ARRAY[1, 2], 'it''s, here'") == std::vector<std::string>{"ARRAY[1, 2]", "'it''s, here'"});
    CHECK(items("").empty());
}

TEST_CASE("simple values") {
    CHECK(decode_number("133229") == 133229);
    CHECK_FALSE(decode_number("12x"));
    CHECK(decode_milliseconds("0.563 ms") == 0.563);
    CHECK_FALSE(decode_milliseconds("0.563"));
    CHECK(decode_bool("true") == true);
    CHECK_FALSE(decode_bool("yes"));
    CHECK(decode_memory("used=12kB  allocated=16kB")->allocated_kb == 16);
    CHECK(decode_storage("Memory  Maximum Storage: 17kB")->max_kb == 17);
    CHECK(decode_serialization("time=0.123 ms  output=5kB  format=text")->output_kb == 5);
    CHECK(decode_merge_tuples("inserted=1 updated=2 skipped=3")->skipped == 3);
}

// to_double decodes short decimals itself (an integer over a power of ten);
// it must give exactly the double std::from_chars gives, for every shape.
TEST_CASE("numbers: the short-decimal path gives from_chars' double", "[properties]") {
    const auto reference = [](std::string_view text) -> std::optional<double> {
        double value = 0;
        const char* end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::fixed);
        if (ec != std::errc{} || ptr != end || !std::isfinite(value)) return std::nullopt;
        return value;
    };
    const auto same = [&](const std::string& text) {
        const auto got = planlens::detail::to_double(text);
        const auto want = reference(text);
        INFO(text);
        REQUIRE(got.has_value() == want.has_value());
        if (got) CHECK(std::memcmp(&*got, &*want, sizeof(double)) == 0);  // bit for bit, -0 included
    };
    for (const char* text : {"0", "-0", "0.0", "-0.000", "1", "1.", ".5", "-.5", "+1", "1e5", "0x10", "1.2.3", "--1",
                             "", "-", ".", "999999999999999", "9999999999999999", "0.000000000000001",
                             "123456789012345.6", "24241.02", "0.563", "453.986", "1.00", "00012.50", "1 ", " 1"})
        same(text);
    std::mt19937_64 random(19);
    for (int i = 0; i < 200000; ++i) {
        const std::size_t digits = 1 + random() % 17, point = random() % (digits + 1);  // fraction digits
        std::string whole, fraction;
        for (std::size_t d = 0; d < digits; ++d) (d + point < digits ? whole : fraction) += static_cast<char>('0' + random() % 10);
        const std::string sign = random() % 4 == 0 ? "-" : "";
        same(sign + whole + (fraction.empty() || whole.empty() ? fraction : "." + fraction));
    }
}

// The header grammar's numbers ("[0-9]+(.[0-9]+)?") are decoded without
// checking their shape again: the same doubles, bit for bit, for every length.
TEST_CASE("numbers: the header grammar's decimals give from_chars' double", "[properties]") {
    const auto same = [](const std::string& text) {
        double want = 0;
        std::from_chars(text.data(), text.data() + text.size(), want, std::chars_format::fixed);
        const auto got = planlens::detail::grammar_decimal(text);
        INFO(text);
        REQUIRE(got);
        CHECK(std::memcmp(&*got, &want, sizeof(double)) == 0);
    };
    for (const char* text : {"0", "0.0", "1", "999999999999999", "9999999999999999", "99999999999999999",
                             "0.000000000000001", "123456789012345.6", "1234567890123456.7", "24241.02", "00012.50"})
        same(text);
    std::mt19937_64 random(23);
    for (int i = 0; i < 200000; ++i) {
        const std::size_t digits = 1 + random() % 19, fraction = random() % digits;  // at least one whole digit
        std::string text;
        for (std::size_t d = 0; d < digits; ++d) {
            if (d == digits - fraction && fraction > 0) text += '.';
            text += static_cast<char>('0' + random() % 10);
        }
        same(text);
    }
}
