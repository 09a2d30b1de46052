// Huge pages for the heap of a large input. First touch of a 4 KiB page costs
// about 15 us on the VMs the benchmarks run on, and the AST of a document is
// about twice the input: half of `planlens stats` on 64 MB of plans was page
// faults. glibc gives the heap huge pages only when the environment says so
// (GLIBC_TUNABLES=glibc.malloc.hugetlb=1); the CLI does the same for itself.
#pragma once

#include <cstddef>

namespace planlens::cli {

/// Grows the heap by about `bytes` without touching it and asks the kernel for
/// transparent huge pages there (madvise), so that what is allocated next is
/// faulted in 2 MiB at a time. Once per process; does nothing for small inputs,
/// or where malloc is not glibc's or the kernel has THP off.
void prepare_heap(std::size_t bytes) noexcept;

}  // namespace planlens::cli
