#include "diagnostics/SourceFiles.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

namespace graphlint {

Result<llvm::StringRef> SourceFiles::read(llvm::StringRef path) {
  if (path != "-") {
    llvm::sys::fs::file_status status;
    if (std::error_code ec = llvm::sys::fs::status(path, status))
      return makeError("cannot read '" + path.str() + "': " + ec.message());
    if (llvm::sys::fs::is_directory(status)) return makeError("cannot read '" + path.str() + "': it is a directory");
    if (status.getSize() > kMaxFileBytes)
      return makeError("cannot read '" + path.str() + "': " + std::to_string(status.getSize() >> 20) +
                       " MiB is more than the " + std::to_string(kMaxFileBytes >> 20) + " MiB graphlint reads");
  }
  auto buffer = path == "-" ? llvm::MemoryBuffer::getSTDIN()
                            : llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/true);
  if (!buffer) return makeError("cannot read '" + path.str() + "': " + buffer.getError().message());
  llvm::StringRef text = (*buffer)->getBuffer();
  unsigned id = manager_.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  bufferIds_[path] = id;
  return text;
}

void SourceFiles::add(llvm::StringRef name, llvm::StringRef text) {
  bufferIds_[name] = manager_.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, name), llvm::SMLoc());
}

llvm::SMLoc SourceFiles::locate(llvm::StringRef path, unsigned line, unsigned column) {
  auto it = bufferIds_.find(path);
  if (it == bufferIds_.end() || line == 0) return llvm::SMLoc();
  return manager_.FindLocForLineAndColumn(it->second, line, column);
}

}  // namespace graphlint
