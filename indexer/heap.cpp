#include "indexer/heap.h"

#include <climits>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace citedex {

void keep_freed_heap(std::size_t bytes) {
#if defined(__GLIBC__)
  int trim = bytes > static_cast<std::size_t>(INT_MAX) ? INT_MAX : static_cast<int>(bytes);
  // Setting either threshold explicitly stops glibc from adjusting both on its own, which
  // would leave blocks above 128 KiB (a long page's text, a claims vector) to mmap and
  // munmap, each touch of a fresh mapping a page fault. Blocks up to half the kept amount
  // come from the heap instead.
  mallopt(M_MMAP_THRESHOLD, trim / 2);
  mallopt(M_TRIM_THRESHOLD, trim);
#else
  (void)bytes;
#endif
}

}  // namespace citedex
