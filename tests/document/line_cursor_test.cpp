// The line cursor against a plain reading of the line rules: "\n", "\r\n"
// and a lone "\r" end a line, trailing blanks and blockquote marks go. Lines
// of every length around the 64-byte blocks the newlines are found in.
#include "document/line_cursor.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

using planlens::SourceLine;
using planlens::detail::LineCursor;

namespace {

struct Line {
    std::string text;
    std::uint32_t line, column;
    bool operator==(const Line&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Line& l) {
    return os << l.line << ':' << l.column << " '" << l.text << "'";
}

/// The rules, one byte at a time.
std::vector<Line> reference(const std::string& text) {
    std::vector<Line> out;
    std::size_t pos = 0;
    std::uint32_t number = 0;
    while (pos < text.size()) {
        std::size_t end = pos;
        while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
        std::size_t next = end;
        if (end < text.size()) next = text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? end + 2 : end + 1;
        std::string line = text.substr(pos, end - pos);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
        std::size_t quote = 0;
        for (;;) {
            std::size_t i = quote;
            while (i < line.size() && i < quote + 3 && line[i] == ' ') ++i;
            if (i >= line.size() || line[i] != '>') break;
            quote = i + 1 < line.size() && line[i + 1] == ' ' ? i + 2 : i + 1;
        }
        out.push_back({line.substr(quote), ++number, static_cast<std::uint32_t>(1 + quote)});
        pos = next;
    }
    return out;
}

std::vector<Line> walked(LineCursor cursor) {
    std::vector<Line> out;
    SourceLine l;
    while (cursor.next(l)) out.push_back({std::string(l.text), l.line, l.column});
    return out;
}

}  // namespace

TEST_CASE("line cursor: lines of every length across the 64-byte blocks") {
    std::string text;
    for (std::size_t length = 0; length < 200; ++length) text += std::string(length, static_cast<char>('a' + length % 26)) + "\n";
    CHECK(walked(LineCursor(text)) == reference(text));
    text.pop_back();  // no newline at the end
    CHECK(walked(LineCursor(text)) == reference(text));
}

TEST_CASE("line cursor: random text with CR, blanks and quote marks is split as the rules say") {
    std::mt19937 rng(64);
    const std::string alphabet = "ab >\t\r\n\n\n";
    for (int round = 0; round < 400; ++round) {
        std::string text(std::uniform_int_distribution<std::size_t>(0, 300)(rng), 'x');
        for (char& c : text) c = alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
        INFO("text: '" << text << "'");
        CHECK(walked(LineCursor(text)) == reference(text));
    }
}

TEST_CASE("line cursor: a copy goes on from where it was taken, the original is not moved") {
    std::string text;
    for (int i = 0; i < 50; ++i) text += "line " + std::to_string(i) + std::string(i % 70, '.') + "\n";
    const std::vector<Line> all = reference(text);
    LineCursor cursor(text);
    SourceLine l;
    for (std::size_t taken = 0; taken < all.size(); ++taken) {
        LineCursor copy = cursor;
        const std::vector<Line> rest = walked(copy);
        CHECK(rest == std::vector<Line>(all.begin() + static_cast<std::ptrdiff_t>(taken), all.end()));
        REQUIRE(cursor.peek(l));
        CHECK(l.line == taken + 1);
        REQUIRE(cursor.next(l));
        CHECK(std::string(l.text) == all[taken].text);
    }
    CHECK_FALSE(cursor.next(l));
}
