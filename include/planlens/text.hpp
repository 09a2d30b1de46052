// Rendering a plan back as the plain PostgreSQL text it was parsed from.
#pragma once

#include <planlens/plan.hpp>

#include <string>

namespace planlens {

/// Appends the plan's lines exactly as PostgreSQL printed them (after the
/// paste style was unwrapped), one per line, each ending with '\n'.
void append_text(std::string& out, const Plan& plan);

inline std::string to_text(const Plan& plan) {
    std::string out;
    append_text(out, plan);
    return out;
}

}  // namespace planlens
