// Sound ranges of the values a Dim can take when every symbol is >= 1, and Python-style
// integer division. Bounds beyond 2^62 widen to infinity, never narrow, so a range stays sound.

#include <algorithm>
#include <initializer_list>

#include "ir/DimExpr.h"

namespace graphlint {
namespace detail {

// ---------------------------------------------------------------------------------------------
// Integer helpers (Python semantics, no undefined behaviour)

/// Python's `a // b`; b != 0 and not (a == INT64_MIN and b == -1).
int64_t floorDivInt(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) --q;
  return q;
}

/// Python's `a % b`; b != 0.
int64_t modInt(int64_t a, int64_t b) {
  if (b == -1) return 0;
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

// ---------------------------------------------------------------------------------------------
// Interval arithmetic

using Wide = __int128;
constexpr int64_t kCap = int64_t{1} << 62;
// Finite products stay below 2^126 (|coefficient| <= 2^63, |bound| <= 2^62).
constexpr Wide kWideInf = Wide{1} << 126;


static Wide widen(int64_t v) {
  if (v == kNegInf) return -kWideInf;
  if (v == kPosInf) return kWideInf;
  return v;
}
static int64_t clampLo(Wide v) {
  if (v < -kCap) return kNegInf;
  if (v > kCap) return kCap;
  return static_cast<int64_t>(v);
}
static int64_t clampHi(Wide v) {
  if (v > kCap) return kPosInf;
  if (v < -kCap) return -kCap;
  return static_cast<int64_t>(v);
}
static bool isInfinite(Wide v) { return v == kWideInf || v == -kWideInf; }
static Wide mulExt(Wide a, Wide b) {
  if (a == 0 || b == 0) return 0;
  if (isInfinite(a) || isInfinite(b)) return (a < 0) != (b < 0) ? -kWideInf : kWideInf;
  return a * b;
}
static Interval fromCandidates(std::initializer_list<Wide> values) {
  Wide lo = *std::min_element(values.begin(), values.end());
  Wide hi = *std::max_element(values.begin(), values.end());
  return {clampLo(lo), clampHi(hi)};
}
Interval constantRange(int64_t v) { return {clampLo(v), clampHi(v)}; }
Interval addRange(Interval a, Interval b) {
  int64_t lo = (a.lo == kNegInf || b.lo == kNegInf) ? kNegInf : clampLo(Wide{a.lo} + b.lo);
  int64_t hi = (a.hi == kPosInf || b.hi == kPosInf) ? kPosInf : clampHi(Wide{a.hi} + b.hi);
  return {lo, hi};
}
Interval mulRange(Interval a, Interval b) {
  Wide alo = widen(a.lo), ahi = widen(a.hi), blo = widen(b.lo), bhi = widen(b.hi);
  return fromCandidates({mulExt(alo, blo), mulExt(alo, bhi), mulExt(ahi, blo), mulExt(ahi, bhi)});
}
Interval scaleRange(Interval a, int64_t c) {
  return fromCandidates({mulExt(widen(a.lo), c), mulExt(widen(a.hi), c)});
}
Interval negRange(Interval a) {
  return {a.hi == kPosInf ? kNegInf : -a.hi, a.lo == kNegInf ? kPosInf : -a.lo};
}
/// v^p, saturating to +-kWideInf once the magnitude passes kCap.
static Wide powExt(Wide v, int p) {
  Wide result = 1;
  for (int i = 0; i < p; ++i) {
    result = mulExt(result, v);
    if (result > kCap) result = kWideInf;
    if (result < -kCap) result = -kWideInf;
  }
  return result;
}
Interval powRange(Interval a, int p) {
  if (p == 1) return a;
  Wide lo = powExt(widen(a.lo), p), hi = powExt(widen(a.hi), p);
  bool even = p % 2 == 0;
  if (!even || a.lo >= 0) return {clampLo(lo), clampHi(hi)};
  if (a.hi <= 0) return {clampLo(hi), clampHi(lo)};
  return {0, clampHi(std::max(lo, hi))};
}
Interval floorDivRange(Interval p, Interval q) {
  if (q.hi < 0) return floorDivRange(negRange(p), negRange(q));
  if (q.lo <= 0) return kFullRange;
  // q >= 1: floor(p / q) grows with p; for fixed p it moves toward 0 (or -1) as q grows.
  int64_t lo, hi;
  if (p.lo == kNegInf) {
    lo = kNegInf;
  } else if (p.lo >= 0) {
    lo = q.hi == kPosInf ? 0 : floorDivInt(p.lo, q.hi);
  } else {
    lo = floorDivInt(p.lo, q.lo);
  }
  if (p.hi == kPosInf) {
    hi = kPosInf;
  } else if (p.hi >= 0) {
    hi = floorDivInt(p.hi, q.lo);
  } else {
    hi = q.hi == kPosInf ? -1 : floorDivInt(p.hi, q.hi);
  }
  return {lo, hi};
}
Interval modRange(Interval p, Interval q) {
  if (q.lo > 0) {
    int64_t hi = q.hi == kPosInf ? kPosInf : q.hi - 1;
    if (p.lo >= 0) hi = std::min(hi, p.hi);
    return {0, hi};
  }
  if (q.hi < 0) {
    int64_t lo = q.lo == kNegInf ? kNegInf : q.lo + 1;
    if (p.hi <= 0) lo = std::max(lo, p.lo);
    return {lo, 0};
  }
  return kFullRange;
}

}  // namespace detail
}  // namespace graphlint
