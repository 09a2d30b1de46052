#include <planlens/text.hpp>

namespace planlens {

void append_text(std::string& out, const Plan& plan) {
    for (const SourceLine& line : plan.lines) {
        out.append(line.text);
        out += '\n';
    }
}

}  // namespace planlens
