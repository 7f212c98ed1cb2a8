#pragma once
// The text of every file read in a run, kept for quoting source lines under diagnostics.

#include <memory>
#include <string>

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/SourceMgr.h"

#include "support/Result.h"

namespace graphlint {

class SourceFiles {
 public:
  /// Largest file graphlint reads; a bigger one is refused rather than exhausting memory.
  static constexpr uint64_t kMaxFileBytes = uint64_t{512} << 20;

  /// Reads a file (or "-" for standard input) and keeps it; the text stays valid for the
  /// lifetime of this object.
  Result<llvm::StringRef> read(llvm::StringRef path);

  /// Keeps text that is not a file of its own (a member of an archive) under `name`.
  void add(llvm::StringRef name, llvm::StringRef text);

  /// Position of a line and column in a file read earlier; invalid if unknown.
  llvm::SMLoc locate(llvm::StringRef path, unsigned line, unsigned column);
  llvm::SourceMgr& manager() { return manager_; }

 private:
  llvm::SourceMgr manager_;
  llvm::StringMap<unsigned> bufferIds_;
};

}  // namespace graphlint
