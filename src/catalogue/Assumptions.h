#pragma once
// What a shape rule had to assume: two dims it needs equal that are neither provably equal
// nor provably different (`Add` of (batch, n) and (batch, m) assumes n == m). They are
// reported as notes, so a user sees what the model takes for granted, and a binding that
// breaks one becomes a shape error.

#include <string>
#include <vector>

#include "ir/Dim.h"

namespace graphlint {

struct Assumption {
  Dim lhs;
  Dim rhs;
  /// Why the equality is needed, e.g. "dim 1 of the inputs of Add".
  std::string reason;
};

class AssumptionLog {
 public:
  /// Records lhs == rhs once (in either order).
  void assumeEqual(const Dim& lhs, const Dim& rhs, std::string reason);
  const std::vector<Assumption>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<Assumption> items_;
};

/// Whether a and b may be equal. Different: false. Equal: true. Neither provable: true, and
/// when both are known expressions the assumption a == b goes to `log` (if any).
bool mayBeEqual(const Dim& a, const Dim& b, AssumptionLog* log, std::string reason);

}  // namespace graphlint
