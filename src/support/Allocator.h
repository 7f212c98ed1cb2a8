#pragma once
// Allocator settings for one short run over a possibly huge graph.

namespace graphlint {

/// Keeps glibc malloc from returning memory to the system mid-run: no mmap for large blocks
/// (a growing vector of 100k entries would otherwise be mapped, faulted in and unmapped at
/// each reallocation) and no trimming of the heap top. graphlint exits when the run is done,
/// so memory it frees is better kept for reuse. Measured on the 100k-node scale benchmark:
/// check time per node 2.9 -> 2.3 us (bench/RESULTS.md). Call once, first thing in main.
void tuneAllocatorForOneShotRun();

}  // namespace graphlint
