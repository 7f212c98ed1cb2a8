#include "emitters/TextEmitter.h"

namespace graphlint {
namespace {

llvm::SourceMgr::DiagKind kindOf(Severity severity) {
  switch (severity) {
    case Severity::Note: return llvm::SourceMgr::DK_Note;
    case Severity::Warning: return llvm::SourceMgr::DK_Warning;
    case Severity::Error: return llvm::SourceMgr::DK_Error;
  }
  return llvm::SourceMgr::DK_Error;
}

/// `  note: text`, continuation lines indented under the text.
void emitAside(llvm::raw_ostream& os, llvm::StringRef label, llvm::raw_ostream::Colors color,
               llvm::StringRef text, bool colors) {
  os << "  ";
  if (colors) os.changeColor(color, /*Bold=*/true);
  os << label << ":";
  if (colors) os.resetColor();
  llvm::SmallVector<llvm::StringRef, 8> lines;
  text.split(lines, '\n');
  os << " " << lines.front() << "\n";
  for (llvm::StringRef line : llvm::makeArrayRef(lines).drop_front()) os << "        " << line << "\n";
}

}  // namespace

void emitText(llvm::raw_ostream& os, const std::vector<Finding>& findings, SourceFiles& sources, bool colors) {
  llvm::SourceMgr& manager = sources.manager();
  for (const Finding& f : findings) {
    std::string message = f.message + (f.rule.empty() ? "" : " [" + f.rule + "]");
    llvm::SMLoc loc = sources.locate(f.file, f.loc.line, f.loc.column);
    if (loc.isValid()) {
      llvm::SMRange range(loc, llvm::SMLoc::getFromPointer(loc.getPointer() + std::max<uint32_t>(f.loc.length, 1)));
      manager.PrintMessage(os, loc, kindOf(f.severity), message, f.loc.length > 1 ? llvm::makeArrayRef(range) : llvm::None,
                           llvm::None, colors);
    } else {
      llvm::SMDiagnostic diag(f.file, kindOf(f.severity), message);
      diag.print(nullptr, os, colors);
    }
    for (const std::string& note : f.notes) emitAside(os, "note", llvm::raw_ostream::BLACK, note, colors);
    for (const Suggestion& s : f.suggestions) emitAside(os, "help", llvm::raw_ostream::GREEN, s.message, colors);
  }
}

}  // namespace graphlint
