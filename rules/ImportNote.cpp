#include "rules/Rule.h"

namespace graphlint {
namespace {

class ImportNoteRule final : public Rule {
 public:
  llvm::StringRef id() const override { return "import-note"; }
  llvm::StringRef summary() const override {
    return "what graphlint translated, or could not read, in an imported model file";
  }
  llvm::StringRef doc() const override {
    return R"(## What it does
Reports what the importer of a Keras model file (JSON, `.keras`, TF.js `model.json`) had to
translate or could not read: a Keras 1 layer read under its Keras 3 name and arguments, a
duplicate JSON key (the last one wins, as in Python), an input dim that is not a number, a
nested model it could not read.

## Why it matters
Each is a place where the file does not say what today's Keras expects. The translation is the
one Keras itself applies when it can (Keras 2's legacy interfaces for Keras 1 files), but a
reader of the file should know it happened, and a part that could not be read leaves shapes
unknown downstream.

## Example
A Keras 1 file with `{"class_name": "Convolution2D", "config": {"nb_filter": 64, ...}}` is read
as `Conv2D(filters=64, ...)`, with a note saying so.

## Use instead
Load the model in the Keras version that wrote it and save it again with a current Keras
(`model.save("model.keras")`), or fix the file where the note points.)";
  }

  void check(const Analysis& analysis, std::vector<Finding>& out) const override {
    const Graph& graph = analysis.graph;
    for (const ImportNote& note : graph.importNotes) {
      Severity severity = note.level == ImportNote::Level::Error     ? Severity::Error
                          : note.level == ImportNote::Level::Warning ? Severity::Warning
                                                                     : Severity::Note;
      NodeId node = kNoNode;
      if (!note.node.empty())
        if (auto it = graph.byName.find(note.node); it != graph.byName.end()) node = it->second;
      out.push_back(finding(analysis, severity, note.loc, node, note.message));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> makeImportNoteRule() { return std::make_unique<ImportNoteRule>(); }

}  // namespace graphlint
