// The whole document as one self-contained HTML page: every plan with its
// tree, flame graph, findings and advice, and every before/after pair side
// by side. Inline CSS, SVG and script; nothing is fetched, so the file works
// from file:// and as an e-mail attachment.
#pragma once

#include <planlens/document.hpp>

#include <string>

namespace planlens {

struct ReportOptions {
    std::string source;  ///< what the page is about, e.g. the input's file name; shown as its title
};

/// The report of `doc`. Plans that failed to parse are shown with their error
/// and their lines as pasted. Markup the tests and tools can rely on: each
/// plan is a <section class="plan" data-plan="N">, each of its nodes one
/// element with data-line="<document line of its header>", each plan has its
/// <svg>, each before/after pair a <section data-diff="B A"> (1-based plans).
std::string html_report(const Document& doc, const ReportOptions& options = {});

}  // namespace planlens
