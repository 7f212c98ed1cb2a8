#include "executor/WeightNames.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

namespace graphlint {
namespace {

using Components = llvm::SmallVector<llvm::StringRef, 8>;

Components splitPath(llvm::StringRef path) {
  Components parts;
  path.split(parts, '/', -1, /*KeepEmpty=*/false);
  return parts;
}

bool allDigits(llvm::StringRef text) {
  return !text.empty() && llvm::all_of(text, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

/// A name without the suffixes that make it unique: Keras' `_3` (`lstm_cell_3`) and TF.js'
/// `_ClassN` (`forward_lstm_LSTM2`, `dense_Dense1`).
llvm::StringRef baseName(llvm::StringRef name) {
  for (;;) {
    size_t underscore = name.rfind('_');
    if (underscore == llvm::StringRef::npos || underscore == 0) return name;
    llvm::StringRef suffix = name.substr(underscore + 1);
    llvm::StringRef letters = suffix.rtrim("0123456789");
    bool keras = letters.empty() && !suffix.empty();
    bool tfjs = !letters.empty() && letters.size() < suffix.size() && std::isupper(static_cast<unsigned char>(letters[0]));
    if (!keras && !tfjs) return name;
    name = name.take_front(underscore);
  }
}

/// +1 for a forward, -1 for a backward, 0 for an undirected component.
int direction(const Components& words) {
  for (llvm::StringRef word : words) {
    if (word == "forward") return 1;
    if (word == "backward") return -1;
  }
  return 0;
}

/// Whether a component of a key and one of a WeightSpec name can stand for the same
/// sublayer: equal without their unique suffixes, or sharing a word, and never of opposite
/// (or only one with a) direction.
bool correspond(llvm::StringRef keyPart, llvm::StringRef specPart) {
  llvm::StringRef a = baseName(keyPart), b = baseName(specPart);
  Components wordsA, wordsB;
  a.split(wordsA, '_', -1, false);
  b.split(wordsB, '_', -1, false);
  if (direction(wordsA) != direction(wordsB)) return false;
  if (a == b) return true;
  for (llvm::StringRef word : wordsA)
    if (llvm::is_contained(wordsB, word)) return true;
  return false;
}

/// How loosely `keyParts` names `specParts`: the components left over once the shorter side
/// is matched, in order, to corresponding components of the longer; nullopt when it cannot be.
std::optional<size_t> looseCost(llvm::ArrayRef<llvm::StringRef> keyParts, llvm::ArrayRef<llvm::StringRef> specParts) {
  size_t n = keyParts.size(), m = specParts.size();
  // Longest common subsequence under correspond().
  std::vector<std::vector<size_t>> best(n + 1, std::vector<size_t>(m + 1, 0));
  for (size_t i = 1; i <= n; ++i)
    for (size_t j = 1; j <= m; ++j)
      best[i][j] = std::max({best[i - 1][j], best[i][j - 1],
                             best[i - 1][j - 1] + (correspond(keyParts[i - 1], specParts[j - 1]) ? 1 : 0)});
  if (best[n][m] != std::min(n, m)) return std::nullopt;
  return n + m - 2 * best[n][m];
}

/// The sublayer path of a WeightSpec name: `forward_lstm/lstm_cell` for
/// `forward_lstm/lstm_cell/kernel`, empty for `kernel`.
llvm::StringRef sublayerOf(llvm::StringRef specName) {
  size_t slash = specName.rfind('/');
  return slash == llvm::StringRef::npos ? llvm::StringRef() : specName.take_front(slash);
}

/// A candidate weight for a key, and how well the key names it.
struct Candidate {
  WeightRef weight;
  bool exact = false;
  size_t cost = 0;
};

/// The end of `layer`'s components in `key` when they start at `start` (a `layers`
/// component between two of them is skipped, as Keras 3 nests models); nullopt if absent.
std::optional<size_t> layerEnd(const Components& key, size_t start, const Components& layer) {
  size_t at = start;
  for (size_t i = 0; i < layer.size(); ++i) {
    if (i > 0 && at < key.size() && key[at] == "layers" && layer[i] != "layers") ++at;
    if (at >= key.size() || key[at] != layer[i]) return std::nullopt;
    ++at;
  }
  return at;
}

/// Keras 3 `.weights.h5` style: `[sublayer/...]vars/N` after the layer.
void matchVarsIndex(const Components& rest, size_t layerIndex, const ExpectedWeights& layer,
                    std::vector<Candidate>& out) {
  size_t index = 0;
  if (rest.size() < 2 || rest[rest.size() - 2] != "vars" || rest.back().getAsInteger(10, index)) return;
  llvm::ArrayRef<llvm::StringRef> sub = llvm::ArrayRef<llvm::StringRef>(rest).drop_back(2);
  if (sub.empty()) {
    if (index < layer.names.size()) out.push_back({{layerIndex, index}, true, 0});
    return;
  }
  // The sublayer: the group of weights sharing a WeightSpec prefix that `sub` names best.
  std::vector<llvm::StringRef> groups;
  for (const std::string& name : layer.names)
    if (!llvm::is_contained(groups, sublayerOf(name))) groups.push_back(sublayerOf(name));
  size_t bestCost = std::numeric_limits<size_t>::max();
  std::vector<llvm::StringRef> bestGroups;
  for (llvm::StringRef group : groups) {
    std::optional<size_t> cost = looseCost(sub, splitPath(group));
    if (!cost || *cost > bestCost) continue;
    if (*cost < bestCost) bestGroups.clear();
    bestCost = *cost;
    bestGroups.push_back(group);
  }
  for (llvm::StringRef group : bestGroups) {
    size_t seen = 0;
    for (size_t w = 0; w < layer.names.size(); ++w) {
      if (sublayerOf(layer.names[w]) != group) continue;
      if (seen++ == index) out.push_back({{layerIndex, w}, false, bestCost});
    }
  }
}

void matchRest(const Components& rest, size_t layerIndex, const ExpectedWeights& layer, std::vector<Candidate>& out) {
  if (rest.empty()) return;
  matchVarsIndex(rest, layerIndex, layer, out);
  for (size_t w = 0; w < layer.names.size(); ++w) {
    Components spec = splitPath(layer.names[w]);
    if (spec.empty() || spec.back() != rest.back()) continue;
    if (llvm::ArrayRef<llvm::StringRef>(spec) == llvm::ArrayRef<llvm::StringRef>(rest)) {
      out.push_back({{layerIndex, w}, true, 0});
      continue;
    }
    std::optional<size_t> cost = looseCost(llvm::ArrayRef<llvm::StringRef>(rest).drop_back(),
                                           llvm::ArrayRef<llvm::StringRef>(spec).drop_back());
    if (cost) out.push_back({{layerIndex, w}, false, *cost});
  }
}

}  // namespace

llvm::StringRef stripOutputIndex(llvm::StringRef key) {
  size_t colon = key.rfind(':');
  if (colon != llvm::StringRef::npos && allDigits(key.substr(colon + 1))) return key.take_front(colon);
  return key;
}

bool isNumberedKey(llvm::StringRef key, size_t& index) {
  key.consume_front("arr_");
  return allDigits(key) && !key.getAsInteger(10, index);
}

KeyMatch matchKey(llvm::StringRef key, llvm::ArrayRef<ExpectedWeights> expected) {
  Components parts = splitPath(stripOutputIndex(key));
  KeyMatch match;
  std::vector<Candidate> candidates;
  for (size_t l = 0; l < expected.size(); ++l) {
    Components layer = splitPath(expected[l].layer);
    if (layer.empty()) continue;
    for (size_t start = 0; start < parts.size(); ++start) {
      std::optional<size_t> end = layerEnd(parts, start, layer);
      if (!end) continue;
      if (!llvm::is_contained(match.layers, l)) match.layers.push_back(l);
      matchRest(Components(parts.begin() + *end, parts.end()), l, expected[l], candidates);
    }
  }
  bool anyExact = llvm::any_of(candidates, [](const Candidate& c) { return c.exact; });
  size_t bestCost = std::numeric_limits<size_t>::max();
  for (const Candidate& c : candidates)
    if (c.exact == anyExact) bestCost = std::min(bestCost, c.cost);
  for (const Candidate& c : candidates)
    if (c.exact == anyExact && c.cost == bestCost && !llvm::is_contained(match.weights, c.weight))
      match.weights.push_back(c.weight);
  return match;
}

}  // namespace graphlint
