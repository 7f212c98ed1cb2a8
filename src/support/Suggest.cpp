#include "support/Suggest.h"

#include <algorithm>

namespace graphlint {

std::string closestMatch(llvm::StringRef word, llvm::ArrayRef<std::string> candidates) {
  std::string lowered = word.lower();
  unsigned limit = std::max<unsigned>(1, static_cast<unsigned>(word.size()) / 3);
  unsigned best = limit + 1;
  std::string match;
  for (const std::string& candidate : candidates) {
    if (candidate == word) continue;
    unsigned distance = llvm::StringRef(lowered).edit_distance(llvm::StringRef(candidate).lower(),
                                                               /*AllowReplacements=*/true, limit);
    if (distance < best) {
      best = distance;
      match = candidate;
    }
  }
  return match;
}

std::string didYouMean(llvm::StringRef word, llvm::ArrayRef<std::string> candidates) {
  std::string match = closestMatch(word, candidates);
  return match.empty() ? "" : "; did you mean '" + match + "'?";
}

std::string didYouMean(llvm::StringRef word, std::initializer_list<const char*> candidates) {
  return didYouMean(word, std::vector<std::string>(candidates.begin(), candidates.end()));
}

}  // namespace graphlint
