#pragma once
// What the benchmarks measure in-process: CPU time, and resident and peak memory.

#include <sys/resource.h>

#include <ctime>
#include <fstream>

namespace graphlint::bench {

/// CPU time of the whole process (all threads), in seconds.
inline double cpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

/// Current resident memory in bytes (from /proc/self/statm).
inline long residentBytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * 4096;
}

/// Peak resident memory of the process so far, in bytes.
inline long peakBytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss * 1024;
}

}  // namespace graphlint::bench
