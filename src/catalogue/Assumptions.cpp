#include "catalogue/Assumptions.h"

namespace graphlint {

void AssumptionLog::assumeEqual(const Dim& lhs, const Dim& rhs, std::string reason) {
  for (const Assumption& a : items_)
    if ((a.lhs == lhs && a.rhs == rhs) || (a.lhs == rhs && a.rhs == lhs)) return;
  items_.push_back({lhs, rhs, std::move(reason)});
}

bool mayBeEqual(const Dim& a, const Dim& b, AssumptionLog* log, std::string reason) {
  switch (Dim::relation(a, b)) {
    case DimRelation::Equal: return true;
    case DimRelation::Different: return false;
    case DimRelation::Unknown:
      if (log && a.isKnown() && b.isKnown()) log->assumeEqual(a, b, std::move(reason));
      return true;
  }
  return true;
}

}  // namespace graphlint
