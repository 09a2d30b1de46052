// Tokens of a condition as PostgreSQL's ruleutils.c prints it. The lexer
// follows scan.l where it matters for printed text: operators are maximal
// runs of operator characters (with scan.l's rule about a trailing + or -),
// '' doubles a quote inside a string, "" inside a quoted identifier.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace planlens::expr {

enum class Tok : std::uint8_t {
    end,       ///< after the last token
    word,      ///< unquoted identifier or keyword
    quoted,    ///< "quoted identifier"; `text` is the inside, without the quotes
    string,    ///< 'string' or E'string', quotes included
    number,    ///< 42, 1.5, 1e-3
    param,     ///< $1
    op,        ///< =, <>, ~~, ||, +, ...
    lparen,
    rparen,
    lbracket,
    rbracket,
    comma,
    dot,
    cast,      ///< ::
    colon,     ///< : (array slices)
    invalid,   ///< an unterminated quote or a character that has no place here
};

struct Token {
    Tok kind = Tok::end;
    std::string_view text;  ///< what the token stands for (see Tok)
    std::size_t begin = 0;  ///< offset of its first byte in the condition text
    std::size_t end = 0;    ///< offset just past its last byte
};

/// Splits `text` into tokens; the last one is always Tok::end.
std::vector<Token> tokenize(std::string_view text);

/// ASCII case-insensitive comparison of a word with an upper-case keyword.
bool is_keyword(const Token& t, std::string_view upper) noexcept;

}  // namespace planlens::expr
