// The opt-in grammar target: its headers (and PEGTL) are on the include path.
#include <planlens/grammar/line_grammar.hpp>

#include <type_traits>

static_assert(std::is_class_v<planlens::grammar::rules::arrow>);
