#include "lexer.hpp"

namespace planlens::expr {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
// Bytes >= 0x80 may appear in identifiers (scan.l's ident_start includes \200-\377).
bool is_ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c) || c == '$'; }
bool is_op_char(char c) { return std::string_view("+-*/<>=~!@#%^&|`?").find(c) != std::string_view::npos; }

/// Offset just past a quoted run starting at `i` (the opening quote), or npos
/// when it is never closed. A doubled quote stays inside.
std::size_t skip_quoted(std::string_view s, std::size_t i, char quote) {
    for (std::size_t k = i + 1; k < s.size(); ++k) {
        if (s[k] != quote) continue;
        if (k + 1 < s.size() && s[k + 1] == quote) {
            ++k;
            continue;
        }
        return k + 1;
    }
    return std::string_view::npos;
}

std::size_t skip_number(std::string_view s, std::size_t i) {
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i < s.size() && s[i] == '.' && (i + 1 >= s.size() || s[i + 1] != '.')) {
        ++i;
        while (i < s.size() && is_digit(s[i])) ++i;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        std::size_t k = i + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (k < s.size() && is_digit(s[k])) {
            i = k;
            while (i < s.size() && is_digit(s[i])) ++i;
        }
    }
    return i;
}

/// Length of the run of operator characters at `i`.
std::size_t operator_run(std::string_view s, std::size_t i) {
    std::size_t k = i;
    // "--" and "/*" would start comments in SQL; printed plans never hold them.
    while (k < s.size() && is_op_char(s[k])) ++k;
    return k - i;
}

/// scan.l: a multi-character operator may not end in + or - unless it also
/// contains one of ~ ! @ # % ^ & | ` ?, so "=-" lexes as "=" then "-".
std::size_t operator_length(std::string_view run) {
    std::size_t n = run.size();
    if (n > 1 && run.find_first_of("~!@#%^&|`?") == std::string_view::npos)
        while (n > 1 && (run[n - 1] == '+' || run[n - 1] == '-')) --n;
    return n;
}

}  // namespace

bool is_keyword(const Token& t, std::string_view upper) noexcept {
    if (t.kind != Tok::word || t.text.size() != upper.size()) return false;
    for (std::size_t i = 0; i < upper.size(); ++i) {
        char c = t.text[i];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c != upper[i]) return false;
    }
    return true;
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    std::size_t i = 0;
    auto push = [&](Tok kind, std::size_t begin, std::size_t end, std::string_view text) {
        out.push_back(Token{kind, text, begin, end});
        i = end;
    };
    while (i < s.size()) {
        const char c = s[i];
        if (is_space(c)) {
            ++i;
            continue;
        }
        const bool e_string = (c == 'E' || c == 'e') && i + 1 < s.size() && s[i + 1] == '\'';
        if (c == '\'' || e_string) {
            const std::size_t start = e_string ? i + 1 : i;
            const std::size_t end = skip_quoted(s, start, '\'');
            if (end == std::string_view::npos) {
                push(Tok::invalid, i, s.size(), s.substr(i));
            } else {
                push(Tok::string, i, end, s.substr(i, end - i));
            }
        } else if (c == '"') {
            const std::size_t end = skip_quoted(s, i, '"');
            if (end == std::string_view::npos)
                push(Tok::invalid, i, s.size(), s.substr(i));
            else
                push(Tok::quoted, i, end, s.substr(i + 1, end - i - 2));
        } else if (is_digit(c) || (c == '.' && i + 1 < s.size() && is_digit(s[i + 1]))) {
            const std::size_t end = skip_number(s, i);
            push(Tok::number, i, end, s.substr(i, end - i));
        } else if (c == '$' && i + 1 < s.size() && is_digit(s[i + 1])) {
            std::size_t end = i + 1;
            while (end < s.size() && is_digit(s[end])) ++end;
            push(Tok::param, i, end, s.substr(i, end - i));
        } else if (is_ident_start(c)) {
            std::size_t end = i + 1;
            while (end < s.size() && is_ident_char(s[end])) ++end;
            push(Tok::word, i, end, s.substr(i, end - i));
        } else if (c == ':' && i + 1 < s.size() && s[i + 1] == ':') {
            push(Tok::cast, i, i + 2, s.substr(i, 2));
        } else if (is_op_char(c)) {
            const std::size_t run = operator_run(s, i), n = operator_length(s.substr(i, run));
            push(Tok::op, i, i + n, s.substr(i, n));  // moves i past the operator
            // What was stripped is + and - only, and lexes one character at a
            // time; emitting it here keeps a long run of them linear.
            for (std::size_t k = 0; k < run - n; ++k) push(Tok::op, i, i + 1, s.substr(i, 1));
        } else {
            Tok kind = Tok::invalid;
            switch (c) {
                case '(': kind = Tok::lparen; break;
                case ')': kind = Tok::rparen; break;
                case '[': kind = Tok::lbracket; break;
                case ']': kind = Tok::rbracket; break;
                case ',': kind = Tok::comma; break;
                case '.': kind = Tok::dot; break;
                case ':': kind = Tok::colon; break;
                default: break;
            }
            push(kind, i, i + 1, s.substr(i, 1));
        }
    }
    out.push_back(Token{Tok::end, {}, s.size(), s.size()});
    return out;
}

}  // namespace planlens::expr
