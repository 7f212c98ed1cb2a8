#include "frontends/Frontend.h"

#include "frontends/yaml/SpecLoader.h"

namespace graphlint {

Result<Graph> loadModel(llvm::StringRef path, llvm::StringRef text) {
  if (path.endswith(".json") || path.endswith(".keras") || path.endswith(".h5"))
    return makeError("Keras model files (.json, .keras, .h5) are not supported by this version of graphlint; "
                     "describe the model as a YAML spec (see specs/README.md)",
                     SourceLoc{});
  return loadSpec(text, path);
}

}  // namespace graphlint
