// Small helpers shared by the document tests.
#pragma once

#include "support/read_file.hpp"

#include <planlens/document.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace planlens::test {

inline Document doc(std::string text) { return Document::from_text(std::move(text)); }

/// The plan lines of a found plan, as unwrapped (what convert --to text prints).
inline std::vector<std::string> plan_lines(const FoundPlan& found) {
    std::vector<std::string> out;
    if (found.plan)
        for (const SourceLine& line : found.plan->lines) out.emplace_back(line.text);
    return out;
}

inline std::vector<std::string> split(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        out.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

/// Plans of a ".plans.txt" file: plan lines separated by one empty line.
inline std::vector<std::vector<std::string>> read_plans(const std::filesystem::path& path) {
    std::vector<std::vector<std::string>> plans(1);
    for (std::string& line : split(read_file(path))) {
        if (line.empty()) plans.emplace_back();
        else plans.back().push_back(std::move(line));
    }
    if (plans.back().empty()) plans.pop_back();
    return plans;
}

}  // namespace planlens::test
