#pragma once
// Allocator settings for one short run over a possibly huge graph.

namespace graphlint {

/// Keeps glibc malloc from returning memory to the system mid-run: no mmap for large blocks
/// (a growing vector of 100k entries would otherwise be mapped, faulted in and unmapped at
/// each reallocation) and no trimming of the heap top. graphlint exits when the run is done,
/// so memory it frees is better kept for reuse. Measured on the 100k-node scale benchmark:
/// check time per node 2.9 -> 2.3 us (bench/RESULTS.md). Call once, first thing in main.
void tuneAllocatorForOneShotRun();

/// Runs the program again, once, with glibc's heap on transparent huge pages
/// (GLIBC_TUNABLES=glibc.malloc.hugetlb=1), when the kernel gives them only to memory that asks
/// (THP "madvise" mode, Debian's default) and nobody set the tunable. A large model's IR is
/// hundreds of MB of small blocks, and faulting it in 4 KiB pages costs more CPU than
/// building it: a 20,000-layer Keras file checks in 0.35 s instead of 0.95 s
/// (bench/RESULTS.md). GRAPHLINT_NO_HUGE_PAGES=1 turns this off. Returns if it does not
/// restart (or cannot); call it first thing in main, before anything else happens.
void restartWithHugePageHeap(char** argv);

}  // namespace graphlint
