#include <exception>

#include "llvm/Support/raw_ostream.h"

#include "cli/Driver.h"
#include "support/Allocator.h"

int main(int argc, char** argv) {
  graphlint::restartWithHugePageHeap(argv);
  graphlint::tuneAllocatorForOneShotRun();
  try {
    return graphlint::runCommandLine(llvm::makeArrayRef(argv + 1, argv + argc), llvm::outs(), llvm::errs());
  } catch (const std::exception& e) {
    // Every known failure is reported where it happens; reaching here is a graphlint bug.
    llvm::errs() << "graphlint: internal error: " << e.what() << "\n";
    return graphlint::kExitBadInput;
  }
}
