#include "support/Allocator.h"

#include <cstdlib>  // defines __GLIBC__ when the C library is glibc

#include <fstream>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#include <unistd.h>
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

void restartWithHugePageHeap(char** argv) {
#if defined(__GLIBC__) && defined(__linux__)
  constexpr const char* kTunable = "glibc.malloc.hugetlb";
  if (std::getenv("GRAPHLINT_NO_HUGE_PAGES")) return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  std::string current = tunables ? tunables : "";
  if (current.find(kTunable) != std::string::npos) return;  // set by an earlier start, or by the user
  // Only "madvise" mode needs the tunable: "always" gives huge pages anyway, "never" none.
  std::string mode;
  std::getline(std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled"), mode);
  if (mode.find("[madvise]") == std::string::npos) return;
  std::string value = (current.empty() ? "" : current + ":") + kTunable + "=1";
  if (setenv("GLIBC_TUNABLES", value.c_str(), /*overwrite=*/1) != 0) return;
  execv("/proc/self/exe", argv);
  // Still here: the restart failed. Carry on as we are, with the environment as it was.
  if (tunables)
    setenv("GLIBC_TUNABLES", current.c_str(), 1);
  else
    unsetenv("GLIBC_TUNABLES");
#else
  (void)argv;
#endif
}

}  // namespace graphlint
