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

/// Source lines longer than this (a model.to_json() file is one line) are quoted as a window
/// around the finding's column.
constexpr size_t kMaxQuotedLine = 160;
constexpr size_t kContextBefore = 60;

/// Prints the diagnostic with its quoted line cut to a window around the column, marked with
/// `...` where text was left out; the caret and range move with it, the position in the
/// header stays the real one.
void printWindowed(const llvm::SMDiagnostic& diag, llvm::raw_ostream& os, bool colors) {
  llvm::StringRef line = diag.getLineContents();
  size_t column = diag.getColumnNo();  // 0-based
  size_t start = column > kContextBefore ? column - kContextBefore : 0;
  // Do not cut a UTF-8 sequence in two.
  while (start > 0 && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80) --start;
  size_t end = std::min(line.size(), start + kMaxQuotedLine);
  while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) ++end;
  std::string prefix = start > 0 ? "..." : "";
  std::string text = prefix + line.slice(start, end).str() + (end < line.size() ? "..." : "");
  unsigned shift = static_cast<unsigned>(prefix.size()) - static_cast<unsigned>(start);
  std::vector<std::pair<unsigned, unsigned>> ranges;
  for (auto [from, to] : diag.getRanges())
    ranges.emplace_back(std::min<unsigned>(from + shift, text.size()), std::min<unsigned>(to + shift, text.size()));
  // SMDiagnostic prints one column for the header and the caret: print the header's
  // position here, as it would (bold), and let it print the rest.
  if (colors) os.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  os << diag.getFilename() << ":" << diag.getLineNo() << ":" << column + 1 << ": ";
  if (colors) os.resetColor();
  llvm::SMDiagnostic(*diag.getSourceMgr(), diag.getLoc(), /*FN=*/"", diag.getLineNo(),
                     static_cast<int>(column + shift), diag.getKind(), diag.getMessage(), text, ranges)
      .print(nullptr, os, colors);
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
        if (diag.getLineContents().size() > kMaxQuotedLine)
          printWindowed(diag, os, colors);
        else
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
    if (!f.configPath.empty())
      emitAside(os, "note", llvm::raw_ostream::BLACK, "layer '" + f.node + "' is at " + f.configPath, colors);
    for (const std::string& note : f.notes) emitAside(os, "note", llvm::raw_ostream::BLACK, note, colors);
    for (const Suggestion& s : f.suggestions) emitAside(os, "help", llvm::raw_ostream::GREEN, s.message, colors);
  }
}

}  // namespace graphlint
