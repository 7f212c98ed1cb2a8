#include "support/Suggest.h"

#include <algorithm>

namespace graphlint {

std::string closestMatch(llvm::StringRef word, llvm::ArrayRef<std::string> candidates) {
  std::string lowered = word.lower();
  // A third of the word, but always room for one transposition (two edits) in words of 4+.
  unsigned length = static_cast<unsigned>(word.size());
  unsigned limit = std::max<unsigned>(length >= 4 ? 2 : 1, length / 3);
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
