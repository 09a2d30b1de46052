#include "file_text.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace planlens::detail {

namespace {

/// Appends what is left of `fd` to `out`, in chunks.
bool read_rest(int fd, std::string& out) {
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n == 0) return true;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        out.append(buffer, static_cast<std::size_t>(n));
    }
}

}  // namespace

FileText::FileText(std::string text) noexcept : owned_(std::move(text)) {}

FileText::FileText(FileText&& other) noexcept
    : owned_(std::move(other.owned_)),
      mapped_(std::exchange(other.mapped_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

FileText& FileText::operator=(FileText&& other) noexcept {
    if (this == &other) return *this;
    unmap();
    owned_ = std::move(other.owned_);
    mapped_ = std::exchange(other.mapped_, nullptr);
    size_ = std::exchange(other.size_, 0);
    return *this;
}

FileText::~FileText() { unmap(); }

void FileText::unmap() noexcept {
    if (mapped_ != nullptr) ::munmap(const_cast<char*>(mapped_), size_);
    mapped_ = nullptr;
    size_ = 0;
}

Result<FileText> FileText::read(const std::string& path) {
    const bool standard_input = path == "-";
    const int fd = standard_input ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error{{}, fmt::format("cannot open: {}", std::strerror(errno))};
    FileText text;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        const auto size = static_cast<std::size_t>(st.st_size);
        // MAP_POPULATE maps the cached pages at once instead of one fault at a time.
        void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (map != MAP_FAILED) {
            text.mapped_ = static_cast<const char*>(map);
            text.size_ = size;
        }
    }
    const bool ok = text.mapped_ != nullptr || read_rest(fd, text.owned_);
    const int error = errno;
    if (!standard_input) ::close(fd);
    if (!ok) return Error{{}, fmt::format("cannot read the input: {}", std::strerror(error))};
    return text;
}

}  // namespace planlens::detail
