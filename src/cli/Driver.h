#pragma once
// The command line: parses arguments, runs the pipeline, prints, and returns the exit status.
//
// Exit status (documented in README.md):
//   0  no error findings
//   1  at least one error finding
//   2  a file could not be read as a model, or the command line is wrong

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"

namespace graphlint {

enum ExitStatus { kExitClean = 0, kExitFindings = 1, kExitBadInput = 2 };

int runCommandLine(llvm::ArrayRef<const char*> args, llvm::raw_ostream& out, llvm::raw_ostream& err);

}  // namespace graphlint
