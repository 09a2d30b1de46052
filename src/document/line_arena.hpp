// Stable storage for the few lines that unwrapping has to rewrite (CSV rows
// with doubled quotes, markdown "\|", a log's multi-line Query Text, a psql
// session's statement without its prompts). Addresses never move.
#pragma once

#include <deque>
#include <string>
#include <string_view>

namespace planlens::detail {

class LineArena {
public:
    std::string_view keep(std::string text) { return strings_.emplace_back(std::move(text)); }

private:
    std::deque<std::string> strings_;
};

}  // namespace planlens::detail
