#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    planlens::fuzz::scan_parallel_target({reinterpret_cast<const char*>(data), size});
    return 0;
}
