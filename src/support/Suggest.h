#pragma once
// "Did you mean" suggestions by edit distance.

#include <initializer_list>
#include <string>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace graphlint {

/// The candidate closest to `word`, if it is close enough to be a plausible typo
/// (case-insensitive edit distance at most a third of the word's length; at least 1, and 2
/// for words of four letters or more).
std::string closestMatch(llvm::StringRef word, llvm::ArrayRef<std::string> candidates);

/// `"; did you mean 'Dense'?"` or an empty string.
std::string didYouMean(llvm::StringRef word, llvm::ArrayRef<std::string> candidates);
std::string didYouMean(llvm::StringRef word, std::initializer_list<const char*> candidates);

}  // namespace graphlint
