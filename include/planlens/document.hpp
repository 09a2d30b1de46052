// Finding every plan in a pasted document: markdown writeups with psql
// tables, markdown pipe tables, DBeaver grids, CSV exports, fenced or bare
// plans, server logs. A Document owns its text; the plans it found point
// into it (or into its own storage for lines that had to be unescaped).
#pragma once

#include <planlens/parse.hpp>
#include <planlens/plan.hpp>
#include <planlens/result.hpp>
#include <planlens/source.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace planlens {

/// One plan found in a document, parsed or not.
struct FoundPlan {
    std::optional<Plan> plan;    ///< absent when the plan could not be parsed
    std::optional<Error> error;  ///< why not, positioned in the original document
    PasteStyle style = PasteStyle::bare;
    PlanFormat format = PlanFormat::text;  ///< EXPLAIN's FORMAT: text, or JSON/YAML/XML output
    /// 1-based line where the plan starts: a text plan's root node header; a
    /// JSON, YAML or XML plan's first line of output, so that first_line to
    /// last_line reads back in that format
    std::uint32_t first_line = 0;
    std::uint32_t last_line = 0;   ///< 1-based line of the plan's last line
    std::string_view heading;      ///< nearest markdown heading above, without the # marks
    std::string_view sql;          ///< nearest SQL code block above (or the log's Query Text)
};

/// How a document is read.
struct ScanOptions {
    ParseLimits limits;
    /// Threads that parse plans, the caller's included. The document is
    /// unwrapped on the caller's thread (it has to be read in order) and its
    /// plans parsed on the others; a scan's visitor is always called on the
    /// caller's thread, in document order, with the same plans as with 1.
    /// Documents under 1 MiB are read on one thread.
    unsigned jobs = 1;

    ScanOptions() = default;
    /// Limits alone (what Document's readers took before ScanOptions), read on `threads` threads.
    ScanOptions(const ParseLimits& parse_limits, unsigned threads = 1) noexcept  // NOLINT: implicit on purpose
        : limits(parse_limits), jobs(threads) {}
};

/// A pasted document and every plan found in it. Owns its text, so the plans
/// (which point into it) live as long as the Document; movable, not copyable.
class Document {
public:
    /// Takes ownership of `text` and finds every plan in it.
    static Document from_text(std::string text, const ScanOptions& options = {});
    /// Reads a file ("-" is standard input) and finds every plan in it. A
    /// regular file is mapped, not copied: keep it unchanged while the
    /// Document lives (its text and plans are views of the file's pages).
    static Result<Document> from_file(const std::string& path, const ScanOptions& options = {});

    Document(Document&&) noexcept;
    Document& operator=(Document&&) noexcept;
    ~Document();

    std::string_view text() const noexcept;
    /// Every plan found, in document order, including those that failed to parse.
    std::span<const FoundPlan> plans() const noexcept;
    /// How many of plans() have an error.
    std::size_t error_count() const noexcept;

    struct Storage;  // owned text and unescaped lines; defined in the implementation

private:
    explicit Document(std::unique_ptr<Storage> storage);
    std::unique_ptr<Storage> storage_;
};

/// What a scan saw of a document.
struct ScanTotals {
    std::size_t plans = 0;   ///< found, parsed or not
    std::size_t errors = 0;  ///< of those, how many failed to parse
    std::size_t bytes = 0;   ///< the document's size
};

/// Receives one found plan of a scan. The plan, and the views in it, are
/// valid only until the call returns.
using PlanVisitor = std::function<void(const FoundPlan&)>;

/// Finds the plans of a document one at a time, for inputs too large to hold
/// every plan's tree at once (a day of server log, a folder of writeups
/// concatenated): each plan is handed to `on_plan` as soon as it is read, and
/// memory stays that of the largest plan (times a few batches read ahead,
/// with several jobs) whatever the document's size. The same plans in the
/// same order as Document::plans(). An exception thrown by `on_plan` ends the
/// scan and propagates.
ScanTotals scan_text(std::string_view text, const PlanVisitor& on_plan, const ScanOptions& options = {});
/// The same for a file ("-" is standard input), mapped while the scan runs.
Result<ScanTotals> scan_file(const std::string& path, const PlanVisitor& on_plan, const ScanOptions& options = {});

}  // namespace planlens
