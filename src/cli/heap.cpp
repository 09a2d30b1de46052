#include "cli/heap.hpp"

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#endif

namespace planlens::cli {

#if defined(__GLIBC__) && defined(__linux__)

namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;
constexpr std::size_t piece = std::size_t{16} << 20;  ///< under glibc's 32 MiB cap on the mmap threshold
constexpr std::size_t max_pieces = 64;                ///< 1 GiB: M_TRIM_THRESHOLD is an int

/// madvise(MADV_HUGEPAGE) on the huge pages that lie wholly inside [begin, end).
void advise(std::uintptr_t begin, std::uintptr_t end) noexcept {
    begin = (begin + huge_page - 1) & ~(huge_page - 1);
    end &= ~(huge_page - 1);
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

}  // namespace

void prepare_heap(std::size_t bytes) noexcept {
    static bool done = false;
    if (done || bytes < 4 * huge_page) return;
    done = true;
    const std::size_t count = std::min(max_pieces, (bytes + piece - 1) / piece);
    // Pieces below the mmap threshold come from the main heap, one after the
    // other; freed, they go back to its top, which is then not trimmed.
    ::mallopt(M_MMAP_THRESHOLD, static_cast<int>(2 * piece));
    ::mallopt(M_TRIM_THRESHOLD, static_cast<int>((count + 1) * piece));
    void* blocks[max_pieces] = {};
    std::size_t got = 0;
    while (got < count && (blocks[got] = std::malloc(piece)) != nullptr) ++got;
    // contiguous runs of pieces are advised as one range, so that the
    // boundaries between pieces do not cost a huge page each
    std::uintptr_t begin = 0, end = 0;
    for (std::size_t i = 0; i < got; ++i) {
        const auto at = reinterpret_cast<std::uintptr_t>(blocks[i]);
        if (i > 0 && at - end > 64) advise(begin, end), begin = at;
        if (i == 0) begin = at;
        end = at + piece;
    }
    if (got > 0) advise(begin, end);
    while (got > 0) std::free(blocks[--got]);
}

#else

void prepare_heap(std::size_t) noexcept {}

#endif

}  // namespace planlens::cli
