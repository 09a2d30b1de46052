// A document's bytes as read from a file. A regular file is mapped, not
// copied: reading it into a buffer cost a zero-filled page fault per 4 KiB of
// heap and a copy of every byte, more than parsing a plan-heavy document.
// A pipe or a terminal is read in chunks into a string. The mapping is
// private and read-only; a file changed while it is mapped shows the change,
// and one truncated meanwhile can end the process with SIGBUS (as with any
// tool that maps its input).
#pragma once

#include <planlens/result.hpp>

#include <string>
#include <string_view>

namespace planlens::detail {

class FileText {
public:
    /// Reads `path` ("-" is standard input).
    static Result<FileText> read(const std::string& path);
    /// Owns `text` as it is.
    explicit FileText(std::string text = {}) noexcept;

    FileText(FileText&& other) noexcept;
    FileText& operator=(FileText&& other) noexcept;
    FileText(const FileText&) = delete;
    FileText& operator=(const FileText&) = delete;
    ~FileText();

    std::string_view view() const noexcept { return mapped_ != nullptr ? std::string_view(mapped_, size_) : owned_; }

private:
    void unmap() noexcept;

    std::string owned_;
    const char* mapped_ = nullptr;  ///< a read-only private mapping of `size_` bytes, or null
    std::size_t size_ = 0;
};

}  // namespace planlens::detail
