#include "emitters/JsonEmitter.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

namespace graphlint {

void emitJson(llvm::raw_ostream& os, const std::vector<FileOutcome>& files, const std::vector<Finding>& findings) {
  namespace json = llvm::json;
  json::Array findingList;
  size_t counts[3] = {0, 0, 0};
  for (const Finding& f : findings) {
    ++counts[static_cast<int>(f.severity)];
    json::Array notes;
    for (const std::string& note : f.notes) notes.push_back(note);
    json::Array suggestions;
    for (const Suggestion& s : f.suggestions) {
      json::Object suggestion{{"message", s.message}};
      suggestion["replacement"] = s.replacement.empty() ? json::Value(nullptr) : json::Value(s.replacement);
      suggestions.push_back(std::move(suggestion));
    }
    json::Object object{
        {"rule", f.rule},
        {"severity", severityName(f.severity)},
        {"message", f.message},
        {"file", f.file},
        {"line", f.loc.line},
        {"column", f.loc.column},
        {"length", f.loc.length},
        {"notes", std::move(notes)},
        {"suggestions", std::move(suggestions)},
    };
    object["node"] = f.node.empty() ? json::Value(nullptr) : json::Value(f.node);
    object["config_path"] = f.configPath.empty() ? json::Value(nullptr) : json::Value(f.configPath);
    findingList.push_back(std::move(object));
  }
  json::Array fileList;
  for (const FileOutcome& file : files)
    fileList.push_back(json::Object{{"file", file.file}, {"loaded", file.loaded}});
  json::Object root{
      {"schema_version", 1},
      {"tool", json::Object{{"name", "graphlint"}, {"version", GRAPHLINT_VERSION}}},
      {"files", std::move(fileList)},
      {"findings", std::move(findingList)},
      {"summary", json::Object{{"errors", counts[static_cast<int>(Severity::Error)]},
                               {"warnings", counts[static_cast<int>(Severity::Warning)]},
                               {"notes", counts[static_cast<int>(Severity::Note)]}}},
  };
  os << llvm::formatv("{0:2}", json::Value(std::move(root))) << "\n";
}

}  // namespace graphlint
