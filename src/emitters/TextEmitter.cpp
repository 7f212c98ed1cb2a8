#include "emitters/TextEmitter.h"

#include "llvm/Support/ConvertUTF.h"

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

/// A source line is quoted under its diagnostic only if it is non-empty printable text.
bool isQuotable(llvm::StringRef line) {
  if (line.trim().empty()) return false;
  const auto* begin = reinterpret_cast<const llvm::UTF8*>(line.data());
  if (!llvm::isLegalUTF8String(&begin, begin + line.size())) return false;
  return llvm::none_of(line, [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u == 0 || (u < 0x20 && c != '\t');
  });
}

/// `file:line:col: error: message` with no source line under it.
llvm::SMDiagnostic positionOnly(const Finding& f, const std::string& message) {
  return llvm::SMDiagnostic(f.file + ":" + std::to_string(f.loc.line) + ":" + std::to_string(f.loc.column),
                            kindOf(f.severity), message);
}

}  // namespace

void emitText(llvm::raw_ostream& os, const std::vector<Finding>& findings, SourceFiles& sources, bool colors) {
  llvm::SourceMgr& manager = sources.manager();
  for (const Finding& f : findings) {
    std::string message = f.message + (f.rule.empty() ? "" : " [" + f.rule + "]");
    llvm::SMLoc loc = sources.locate(f.file, f.loc.line, f.loc.column);
    if (loc.isValid()) {
      llvm::SMRange range(loc, llvm::SMLoc::getFromPointer(loc.getPointer() + std::max<uint32_t>(f.loc.length, 1)));
      llvm::SMDiagnostic diag = manager.GetMessage(loc, kindOf(f.severity), message,
                                                   f.loc.length > 1 ? llvm::makeArrayRef(range) : llvm::None);
      if (isQuotable(diag.getLineContents())) {
        diag.print(nullptr, os, colors);
      } else {
        // An empty or binary line is not worth quoting: keep only the position.
        positionOnly(f, message).print(nullptr, os, colors);
      }
    } else if (f.loc.isValid()) {
      positionOnly(f, message).print(nullptr, os, colors);
    } else {
      llvm::SMDiagnostic(f.file, kindOf(f.severity), message).print(nullptr, os, colors);
    }
    for (const std::string& note : f.notes) emitAside(os, "note", llvm::raw_ostream::BLACK, note, colors);
    for (const Suggestion& s : f.suggestions) emitAside(os, "help", llvm::raw_ostream::GREEN, s.message, colors);
  }
}

}  // namespace graphlint
