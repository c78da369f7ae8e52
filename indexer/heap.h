#pragma once

#include <cstddef>

namespace citedex {

// Tells the C library's allocator to keep up to `bytes` of freed memory at the top of
// the heap instead of handing it back to the kernel after every large free, and to serve
// blocks up to bytes / 2 from the heap rather than from fresh mappings.
//
// Why: parsing an article grows vectors of claims and references past glibc's default
// trim threshold (128 KiB); each growth frees the old block, glibc returns the top of the
// heap with brk(), and the next article asks for it again. The brk calls and the TLB
// flushes they cause took 13% of `bench_parse` time (a third of its wall time with the
// page faults of fresh mappings). Peak memory is unchanged: only pages already used once
// are kept, at most `bytes` of them. Indexing time is unchanged (Xapian's allocations). Call once,
// before any threads start. No effect (and no error) on a C library other than glibc.
void keep_freed_heap(std::size_t bytes);

// The amount citedex's programs keep: 8 MiB (blocks up to 4 MiB come from the heap).
inline constexpr std::size_t kKeptHeapBytes = std::size_t{8} << 20;

}  // namespace citedex
