// Headings and SQL blocks above a plan, and code fences.
#include "context.hpp"

#include "evidence.hpp"

#include <array>

namespace planlens::detail {

namespace {

std::string_view trim(std::string_view text) noexcept {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::size_t run_of(std::string_view text, char c) noexcept {
    std::size_t n = 0;
    while (n < text.size() && text[n] == c) ++n;
    return n;
}

/// Blank, or an SQL line comment ("-- before the index").
bool is_blank_or_comment(std::string_view text) noexcept {
    text = text.substr(indent_bytes(text));
    return text.empty() || text.starts_with("--");
}

/// A language tag is one word of letters, digits and "+-_.#", maybe followed
/// by attributes ("{.sql}", "title=x"). Anything else after the marker is
/// content that lost its line break ("```CREATE INDEX i ON t (a);").
bool is_language_tag(std::string_view info) noexcept {
    const std::size_t space = info.find_first_of(" \t");
    const std::string_view word = info.substr(0, space);
    for (char c : word) {
        if (!(is_alnum(c) || c == '+' || c == '-' || c == '_' || c == '.' || c == '#' || c == '{' || c == '}'))
            return false;
    }
    if (starts_with_sql(word)) return false;
    if (space == std::string_view::npos) return true;
    const std::string_view rest = trim(info.substr(space));
    return rest.starts_with("{") || rest.find('=') != std::string_view::npos;
}

/// "===" or "---" under a paragraph line.
bool is_setext_underline(std::string_view text) noexcept {
    const std::size_t indent = indent_bytes(text);
    if (indent > 3 || indent >= text.size()) return false;
    const char c = text[indent];
    if (c != '=' && c != '-') return false;
    const std::size_t n = run_of(text.substr(indent), c);
    return n >= 2 && indent + n == text.size();
}

/// Letters, digits and '_', as one table: every prose line's first word is read by it.
constexpr std::array<bool, 256> word_bytes = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c) table[c] = is_alnum(static_cast<char>(c)) || c == '_';
    return table;
}();

/// A prompt's first word is followed by its state character ("=", "-", "(", ...).
inline bool may_be_prompt(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size() && i < 64 && word_bytes[static_cast<unsigned char>(text[i])]) ++i;
    return i > 0 && i + 1 < text.size() && (text[i + 1] == '#' || text[i + 1] == '>');
}

/// Jira's and Confluence's "{noformat}", "{code}", "{code:sql}", "{code:title=x|borderStyle=solid}".
bool is_wiki_macro(std::string_view body) noexcept {
    if (body.size() < 6 || body.front() != '{' || body.back() != '}') return false;
    const std::string_view name = body.substr(1, body.find_first_of(":}") - 1);
    return name == "noformat" || name == "code";
}

}  // namespace

bool opens_fence(std::string_view text, Fence& fence) noexcept {
    const std::string_view body = text.substr(indent_bytes(text));
    if (!body.empty() && body.front() == '{' && is_wiki_macro(body)) {
        fence = Fence{};
        fence.open = true;
        fence.marker = '{';
        return true;
    }
    if (body.empty() || (body.front() != '`' && body.front() != '~')) return false;
    const char marker = body.front();
    const std::size_t length = run_of(body, marker);
    if (length < 3) return false;
    const std::string_view info = trim(body.substr(length));
    if (marker == '`' && info.find('`') != std::string_view::npos) return false;  // inline code
    fence = Fence{};
    fence.open = true;
    fence.marker = marker;
    fence.length = length;
    if (!is_language_tag(info)) {
        fence.inline_content = true;
        fence.content = info;
    }
    return true;
}

bool closes_fence(std::string_view text, const Fence& fence) noexcept {
    const std::string_view body = text.substr(indent_bytes(text));
    if (fence.marker == '{') return body == "{noformat}" || body == "{code}";
    if (run_of(body, fence.marker) >= fence.length && run_of(body, fence.marker) == body.size()) return true;
    if (!fence.inline_content || body.size() < fence.length) return false;
    std::size_t tail = 0;
    while (tail < body.size() && body[body.size() - 1 - tail] == fence.marker) ++tail;
    return tail >= fence.length;
}

std::optional<std::string_view> atx_heading(std::string_view text) noexcept {
    const std::size_t indent = indent_bytes(text);
    if (indent > 3) return std::nullopt;
    std::string_view body = text.substr(indent);
    const std::size_t level = run_of(body, '#');
    if (level == 0 || level > 6) return std::nullopt;
    if (level < body.size() && body[level] != ' ' && body[level] != '\t') return std::nullopt;
    body = trim(body.substr(level));
    // an optional closing sequence: "## Title ##"
    const std::size_t closing = body.find_last_not_of('#');
    if (closing == std::string_view::npos) return std::string_view{};
    if (closing + 1 < body.size() && (body[closing] == ' ' || body[closing] == '\t')) body = trim(body.substr(0, closing));
    return body;
}

bool starts_with_sql(std::string_view text) noexcept {
    text = text.substr(indent_bytes(text));
    constexpr std::array<std::string_view, 9> keywords{"SELECT", "WITH",  "INSERT", "UPDATE", "DELETE",
                                                       "EXPLAIN", "MERGE", "VALUES", "TABLE"};
    for (std::string_view k : keywords) {
        if (text.size() < k.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < k.size() && same; ++i)
            same = (text[i] >= 'a' && text[i] <= 'z' ? static_cast<char>(text[i] - 'a' + 'A') : text[i]) == k[i];
        if (!same) continue;
        if (text.size() == k.size()) return true;
        const char next = text[k.size()];
        if (!is_alnum(next) && next != '_') return true;
    }
    return false;
}

Prompt psql_prompt(std::string_view text) noexcept {
    std::size_t i = 0;
    const std::size_t limit = text.size() < 64 ? text.size() : 64;
    if (limit == 0 || !(is_alpha(text[0]) || text[0] == '_')) return {};
    while (i < limit && (is_alnum(text[i]) || text[i] == '_')) ++i;
    if (i + 1 >= text.size()) return {};
    const char state = text[i];
    const char end = text[i + 1];
    if (std::string_view("=-('\"*!").find(state) == std::string_view::npos) return {};
    if (end != '#' && end != '>') return {};
    const bool continuation = state != '=';
    if (i + 2 == text.size()) return {i + 2, continuation};  // an empty line of the statement
    if (text[i + 2] != ' ') return {};
    return {i + 3, continuation};
}

void Context::line(const SourceLine& line, bool in_fence) {
    const std::string_view text = line.text;
    if (const Prompt prompt = may_be_prompt(text) ? psql_prompt(text) : Prompt{}; prompt.length > 0) {
        if (!prompt.continuation) end_prompt();
        if (!prompt.continuation || in_prompt_) {
            if (in_prompt_) prompt_sql_ += '\n';
            prompt_sql_.append(text.substr(prompt.length));
            in_prompt_ = true;
        }
        paragraph_ = {};
        after_blank_ = false;
        return;
    }
    end_prompt();
    if (in_fence) {
        if (sql_state_ == Sql::undecided && !is_blank_or_comment(text))
            sql_state_ = starts_with_sql(text) ? Sql::collecting : Sql::none;
        if (sql_state_ == Sql::collecting) extend_sql(text);
        return;
    }
    if (sql_state_ == Sql::collecting && indented_block_) {
        extend_sql(text);
        after_blank_ = false;
        return;
    }
    const std::size_t indent = indent_bytes(text);
    if (const auto heading = indent < text.size() && text[indent] == '#' ? atx_heading(text) : std::nullopt) {
        heading_ = *heading;
        paragraph_ = {};
        after_blank_ = false;
        return;
    }
    if (!paragraph_.empty() && is_setext_underline(text)) {
        heading_ = trim(paragraph_);
        paragraph_ = {};
        after_blank_ = false;
        return;
    }
    if (after_blank_ && indent >= 4 && starts_with_sql(text)) {
        sql_state_ = Sql::collecting;
        indented_block_ = true;
        sql_begin_ = nullptr;
        extend_sql(text);
        after_blank_ = false;
        return;
    }
    paragraph_ = indent <= 3 ? text : std::string_view{};
    after_blank_ = false;
}

void Context::extend_sql(std::string_view text) {
    if (sql_begin_ == nullptr) {
        const std::size_t indent = indent_bytes(text);
        if (indent == text.size()) return;
        sql_begin_ = text.data() + indent;
    }
    sql_ = std::string_view(sql_begin_, static_cast<std::size_t>(text.data() + text.size() - sql_begin_));
}

void Context::blank() {
    end_prompt();
    if (indented_block_) {
        sql_state_ = Sql::none;
        indented_block_ = false;
    }
    paragraph_ = {};
    after_blank_ = true;
}

void Context::fence_opened(const Fence& fence) {
    end_prompt();
    indented_block_ = false;
    sql_begin_ = nullptr;
    // The statement decides, not the language tag: a ```sql block of CREATE
    // INDEX between two plans is the change, not the query they explain.
    sql_state_ = Sql::undecided;
    if (fence.inline_content && !fence.content.empty()) {
        if (sql_state_ == Sql::undecided) sql_state_ = starts_with_sql(fence.content) ? Sql::collecting : Sql::none;
        if (sql_state_ == Sql::collecting) extend_sql(fence.content);
    }
    paragraph_ = {};
}

void Context::fence_closed() {
    end_prompt();
    sql_state_ = Sql::none;
    paragraph_ = {};
    after_blank_ = false;
}

void Context::region_started() {
    sql_state_ = Sql::none;
    indented_block_ = false;
    end_prompt();
    paragraph_ = {};
    after_blank_ = false;
}

void Context::end_prompt() {
    if (!in_prompt_) return;
    in_prompt_ = false;
    while (!prompt_sql_.empty() && (prompt_sql_.back() == '\n' || prompt_sql_.back() == ' ')) prompt_sql_.pop_back();
    if (starts_with_sql(prompt_sql_)) sql_ = arena_.keep(std::move(prompt_sql_));
    prompt_sql_.clear();
}

}  // namespace planlens::detail
