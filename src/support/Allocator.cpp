#include "support/Allocator.h"

#include <cstdlib>  // defines __GLIBC__ when the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace graphlint {

void tuneAllocatorForOneShotRun() {
#if defined(__GLIBC__)
  constexpr int kMmapMax = 32 << 20;   // glibc's largest allowed mmap threshold (64-bit)
  constexpr int kNoTrim = 1 << 30;     // trim only above 1 GB of free heap top
  constexpr int kHeapStep = 64 << 20;  // grow the heap in 64 MB steps: fewer brk calls
  mallopt(M_MMAP_THRESHOLD, kMmapMax);
  mallopt(M_TRIM_THRESHOLD, kNoTrim);
  mallopt(M_TOP_PAD, kHeapStep);
#endif
}

}  // namespace graphlint
