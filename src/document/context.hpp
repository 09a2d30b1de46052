// What a reader sees above a plan: the nearest markdown heading and the
// nearest SQL (a ```sql fence, a fenced or indented block that starts with a
// statement, a psql prompt line). Also the code fences themselves, since they
// decide where headings count and where SQL blocks begin and end.
#pragma once

#include "line_arena.hpp"

#include <planlens/source.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace planlens::detail {

/// An open code fence.
struct Fence {
    bool open = false;
    char marker = '`';
    std::size_t length = 0;
    /// The opener carried content instead of a language ("```CREATE INDEX ...;"):
    /// a line ending in the marker ("...;```") closes it, as its writer meant.
    bool inline_content = false;
    std::string_view content;   ///< for inline_content: the text after the marker
};

/// "```lang" / "~~~" (any indentation, three or more markers). Fills `fence`.
bool opens_fence(std::string_view text, Fence& fence) noexcept;
/// Whether `text` closes the open `fence`.
bool closes_fence(std::string_view text, const Fence& fence) noexcept;

/// ATX heading text ("## Title ##" -> "Title"); nullopt when not a heading.
std::optional<std::string_view> atx_heading(std::string_view text) noexcept;
/// Whether `text` starts with a statement keyword (SELECT, WITH, EXPLAIN, ...).
bool starts_with_sql(std::string_view text) noexcept;
/// A psql prompt at the start of a line: "db=# " starts a statement, "db-# "
/// (or "db(# ", "db'# ", ...) continues it. `length` 0: no prompt.
struct Prompt {
    std::size_t length = 0;
    bool continuation = false;
};
Prompt psql_prompt(std::string_view text) noexcept;

class Context {
public:
    explicit Context(LineArena& arena) : arena_(arena) {}

    std::string_view heading() const noexcept { return heading_; }
    std::string_view sql() const noexcept { return sql_; }

    /// A line that no plan region took (prose, SQL, a fence's content).
    void line(const SourceLine& line, bool in_fence);
    void blank();
    void fence_opened(const Fence& fence);
    void fence_closed();
    /// A plan region starts here: SQL blocks in progress end before it.
    void region_started();

private:
    void extend_sql(std::string_view text);
    void end_prompt();

    LineArena& arena_;
    std::string_view heading_;
    std::string_view sql_;

    // a SQL block in progress (fence content or indented block): its first and last byte
    enum class Sql { none, undecided, collecting } sql_state_ = Sql::none;
    const char* sql_begin_ = nullptr;
    bool indented_block_ = false;

    // a psql statement typed at prompts, without the prompts
    std::string prompt_sql_;
    bool in_prompt_ = false;

    std::string_view paragraph_;  ///< the prose line above, for setext headings
    bool after_blank_ = true;
};

}  // namespace planlens::detail
