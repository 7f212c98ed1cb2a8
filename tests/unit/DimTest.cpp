#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <tuple>

#include "ir/Dim.h"

using namespace graphlint;

namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

Dim parsed(const std::string& text) {
  Result<Dim> result = parseDim(text);
  INFO("parsing '" << text << "'");
  if (!result) FAIL("parse error: " << result.error().message);
  return *result;
}

std::string parseError(const std::string& text) {
  Result<Dim> result = parseDim(text);
  if (result) return "parsed as " + result->str();
  return result.error().message;
}

Dim c(int64_t v) { return Dim::constant(v); }
Dim sym(const char* name) { return Dim::symbol(name); }

const char* relationName(DimRelation r) {
  switch (r) {
    case DimRelation::Equal:
      return "Equal";
    case DimRelation::Different:
      return "Different";
    case DimRelation::Unknown:
      return "Unknown";
  }
  return "?";
}

}  // namespace

TEST_CASE("equivalent spellings have one canonical form", "[dim]") {
  auto [left, right, text] = GENERATE(table<std::string, std::string, std::string>({
      {"2*seq", "seq*2", "2*seq"},
      {"seq + seq", "2*seq", "2*seq"},
      {"(a+b)*(a-b)", "a*a - b*b", "a*a - b*b"},
      {"(a + 1)*(a + 1)", "a*a + 2*a + 1", "a*a + 2*a + 1"},
      {"1 + 2*seq", "2*seq + 1", "2*seq + 1"},
      {"4 - seq", "-seq + 4", "-seq + 4"},
      {"3 + b*a", "a*b + 3", "a*b + 3"},
      {"b*a*a", "a*(a*b)", "a*a*b"},
      {"a*b + a*a", "a*a + a*b", "a*a + a*b"},
      {"x - x", "0", "0"},
      {"-(-4)", "4", "4"},
      {"0 - 4", "-4", "-4"},
      {"seq-1", "seq - 1", "seq - 1"},
      {"(h-3)//2+1", "1 + (h - 3)//2", "(h - 3)//2 + 1"},
      {"h%2", "h % 2", "h % 2"},
      {"max(b, a)", "max(a, b)", "max(a, b)"},
      {"min(b,a)", "min(a, b)", "min(a, b)"},
      {"2*(h//2)", "(h//2)*2", "2*(h//2)"},
      {"-(h//2)", "0 - h//2", "-(h//2)"},
      {"s - h//2", "-(h//2) + s", "s - h//2"},
      {"(h//2)*(w//2)", "(w//2)*(h//2)", "(h//2)*(w//2)"},
  }));
  Dim l = parsed(left);
  Dim r = parsed(right);
  INFO(left << " vs " << right);
  CHECK(l == r);
  CHECK(l.hash() == r.hash());
  CHECK(l.str() == text);
  CHECK(r.str() == text);
}

TEST_CASE("dims built through the API are canonical", "[dim]") {
  Dim seq = sym("seq");
  CHECK(seq * c(2) == c(2) * seq);
  CHECK(seq + seq == c(2) * seq);
  CHECK((seq + seq).hash() == (seq * c(2)).hash());
  CHECK((seq * c(2)).str() == "2*seq");
  CHECK(sym("a") != sym("b"));
  CHECK(c(3) != c(4));
  CHECK(c(0) == seq - seq);
  CHECK(c(5).constantValue() == 5);
  CHECK(c(0).constantValue() == 0);
  CHECK(c(123456789).constantValue() == 123456789);
  CHECK_FALSE(seq.constantValue().has_value());
  CHECK(sym("batch").str() == "batch");
  CHECK(c(-4).str() == "-4");
  CHECK(c(kMin).str() == "-9223372036854775808");
}

TEST_CASE("printing round-trips through parseDim", "[dim]") {
  auto text = GENERATE(
      as<std::string>{}, "32", "-4", "0", "batch", "2*seq", "seq - 1", "a*b + 3", "seq*seq",
      "(h - 3)//2 + 1", "h % 2", "max(a, b)", "min(a, b)", "-seq + 4", "cdiv(h, 2)",
      "cdiv(h - 3, 2) + 1", "2*cdiv(h, 3)", "s - cdiv(h, 2)", "(-h)//2", "(3 - h)//2", "-(h//2)",
      "-(h % 3)", "h % (-3)", "h//(2*s)", "h//(s + t)", "h//(h//2)", "(h//2) % 3", "(h % 3)//2",
      "max(a, min(b, c))", "max(a, b)*min(c, d) - 7", "max(a - 1, 2*b)//3", "2*(h//2)*(w % 3)",
      "(h//2)*(h//2)", "min(h//2, w)", "h % max(a, b)", "-h//2", "-7*x*y*y + 3*x - 9", "1//s",
      "cdiv(-7, s)", "-a - b - c", "cdiv(cdiv(h, 2), 2)", "1099511627776*a",
      "(h + w)//(2*a + 1) + (h - w) % 5");
  Dim d = parsed(text);
  INFO(text << " printed as " << d.str());
  Dim again = parsed(d.str());
  CHECK(again == d);
  CHECK(again.str() == d.str());
  CHECK(again.hash() == d.hash());
}

TEST_CASE("floor division simplifies", "[dim][floordiv]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"(2*seq)//2", "seq"},
      {"(2*s + 3)//2", "s + 1"},
      {"(2*s - 3)//2", "s - 2"},
      {"(4*s + 2*t + 1)//2", "2*s + t"},
      {"(2*s + t + 3)//2", "s + (t + 3)//2"},
      {"x//1", "x"},
      {"x//(-1)", "-x"},
      {"x//(-2)", "(-x)//2"},
      {"(s*t)//s", "t"},
      {"(6*s*t)//(3*s)", "2*t"},
      {"(s*t + 1)//s", "t + 1//s"},
      {"s//s", "1"},
      {"0//s", "0"},
      {"(2*a + 2*b)//(a + b)", "2"},
      {"7//2", "3"},
      {"-7//2", "-4"},
      {"7//(-2)", "-4"},
      {"(-7)//(-2)", "3"},
      {"h//2//2", "h//4"},
      {"((h - 3)//2 + 1 - 3)//2 + 1", "(h - 3)//4"},
      {"((h - 3)//2 + 1 - 2)//2 + 1", "(h - 5)//4 + 1"},
      {"(h % 2)//2", "0"},
      {"(h % 2 + 2)//2", "1"},
      {"h//(h//2)", "h//(h//2)"},
      {"cdiv(h, 2)", "cdiv(h, 2)"},
      {"cdiv(2*s, 2)", "s"},
      {"cdiv(2*s + 1, 2)", "s + 1"},
      {"cdiv(7, 2)", "4"},
      {"cdiv(-7, 2)", "-3"},
      {"cdiv(7, -2)", "-3"},
  }));
  INFO(text);
  CHECK(parsed(text).str() == expected);
}

TEST_CASE("modulo simplifies", "[dim][mod]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"x % 1", "0"},
      {"x % (-1)", "0"},
      {"(2*s) % 2", "0"},
      {"(2*s + 3) % 2", "1"},
      {"(2*s + t) % 2", "t % 2"},
      {"7 % 3", "1"},
      {"-7 % 3", "2"},
      {"7 % (-3)", "-2"},
      {"(-7) % (-3)", "-1"},
      {"h % 2 % 2", "h % 2"},
      {"(h % 4) % 2", "h % 2"},
      {"(h % 2) % 4", "h % 2"},
      {"(h % 3) % 2", "(h % 3) % 2"},
      {"(h//2) % 3", "(h//2) % 3"},
      {"(h % 5)//2", "(h % 5)//2"},
      {"(s*t + 1) % s", "1 % s"},
      {"(s*t) % s", "0"},
      {"h % (-3)", "-((-h) % 3)"},
  }));
  INFO(text);
  CHECK(parsed(text).str() == expected);
}

TEST_CASE("min and max fold, order and drop dominated operands", "[dim][minmax]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"max(3, 5)", "5"},
      {"min(3, 5)", "3"},
      {"max(-3, -5)", "-3"},
      {"max(a, a)", "a"},
      {"max(s, 1)", "s"},
      {"min(s, 1)", "1"},
      {"max(s, 0)", "s"},
      {"min(s, 0)", "0"},
      {"max(s + 1, s)", "s + 1"},
      {"min(s + 1, s)", "s"},
      {"max(b, a)", "max(a, b)"},
      {"max(a, max(c, b))", "max(a, max(b, c))"},
      {"max(max(c, a), b)", "max(a, max(b, c))"},
      {"max(a, max(a, b))", "max(a, b)"},
      {"max(a, max(b, a + 1))", "max(a + 1, b)"},
      {"min(a, max(a, b))", "min(a, max(a, b))"},
      {"max(h % 4, 3)", "3"},
      {"max(h % 4, 4)", "4"},
      {"min(h % 4, 4)", "h % 4"},
  }));
  INFO(text);
  CHECK(parsed(text).str() == expected);
}

TEST_CASE("relation decides equal, provably different or unknown", "[dim][relation]") {
  auto [left, right, expected] = GENERATE(table<std::string, std::string, DimRelation>({
      {"32", "32", DimRelation::Equal},
      {"32", "64", DimRelation::Different},
      {"2*seq", "seq + seq", DimRelation::Equal},
      {"s + 1", "s", DimRelation::Different},
      {"s", "s + 1", DimRelation::Different},
      {"2*s", "s", DimRelation::Different},
      {"n", "m", DimRelation::Unknown},
      {"s*s", "s", DimRelation::Unknown},
      {"s*t", "s", DimRelation::Unknown},
      {"s*s + s", "s", DimRelation::Different},
      {"s*s + 1", "s", DimRelation::Unknown},
      {"-s", "0", DimRelation::Different},
      {"s - t", "0", DimRelation::Unknown},
      {"h % 4", "4", DimRelation::Different},
      {"h % 4", "3", DimRelation::Unknown},
      {"max(a, 5)", "4", DimRelation::Different},
      {"min(a, 5)", "6", DimRelation::Different},
      {"min(a, 5)", "5", DimRelation::Unknown},
      {"(h - 3)//2 + 1", "0", DimRelation::Unknown},
      {"(h + 1)//2", "0", DimRelation::Different},
      {"h//2 + h", "0", DimRelation::Different},
      {"h//2", "h", DimRelation::Unknown},
      {"(a*b)//c", "-1", DimRelation::Different},
      {"cdiv(h, 2)", "0", DimRelation::Different},
      {"batch", "batch", DimRelation::Equal},
      {"(a + b)*(a - b)", "a*a - b*b", DimRelation::Equal},
  }));
  INFO(left << " vs " << right << ": expected " << relationName(expected));
  CHECK(relationName(Dim::relation(parsed(left), parsed(right))) ==
        std::string(relationName(expected)));
  CHECK(relationName(Dim::relation(parsed(right), parsed(left))) ==
        std::string(relationName(expected)));
}

TEST_CASE("relation of unknown and invalid dims is unknown", "[dim][relation]") {
  Dim bad = Dim::invalid("bad");
  CHECK(Dim::relation(Dim(), Dim()) == DimRelation::Unknown);
  CHECK(Dim::relation(Dim(), c(3)) == DimRelation::Unknown);
  CHECK(Dim::relation(bad, bad) == DimRelation::Unknown);
  CHECK(Dim::relation(c(3), bad) == DimRelation::Unknown);
  CHECK(Dim::relation(c(kMax), c(kMin)) == DimRelation::Different);
  CHECK(Dim::relation(c(kMax), c(kMax)) == DimRelation::Equal);
}

TEST_CASE("sign facts hold for all symbol values >= 1", "[dim][relation]") {
  auto [text, positive, negative, nonNegative] = GENERATE(table<std::string, bool, bool, bool>({
      {"s", true, false, true},
      {"s - 1", false, false, true},
      {"-s", false, true, false},
      {"0", false, false, true},
      {"-3", false, true, false},
      {"h % 3", false, false, true},
      {"s - t", false, false, false},
      {"a*b + c", true, false, true},
      {"(h - 1)//2", false, false, true},
      {"(h - 3)//2", false, false, false},
      {"min(a, b) - 1", false, false, true},
      {"2*s - 3", false, false, false},
  }));
  Dim d = parsed(text);
  INFO(text);
  CHECK(d.isProvablyPositive() == positive);
  CHECK(d.isProvablyNegative() == negative);
  CHECK(d.isProvablyNonNegative() == nonNegative);
}

TEST_CASE("unknown dims have no sign facts", "[dim][relation]") {
  CHECK_FALSE(Dim().isProvablyPositive());
  CHECK_FALSE(Dim().isProvablyNonNegative());
  CHECK_FALSE(Dim::invalid("x").isProvablyNegative());
}

TEST_CASE("integer overflow gives an invalid dim naming the operands", "[dim][overflow]") {
  Dim big = c(Dim::kMaxLiteral);
  Dim product = big * big * big;
  REQUIRE(product.isInvalid());
  CHECK(product.invalidReason() == "integer overflow in 1099511627776 * 1099511627776");
  CHECK(product.str() == "<invalid: integer overflow in 1099511627776 * 1099511627776>");

  CHECK((c(kMax) + c(1)).invalidReason() == "integer overflow in 9223372036854775807 + 1");
  CHECK((c(kMin) - c(1)).invalidReason() == "integer overflow in (-9223372036854775808) - 1");
  CHECK((-c(kMin)).invalidReason() == "integer overflow in -(-9223372036854775808)");
  CHECK(Dim::floorDiv(c(kMin), c(-1)).invalidReason() ==
        "integer overflow in (-9223372036854775808) // (-1)");
  CHECK(Dim::ceilDiv(c(kMin), c(2)).isInvalid());
  CHECK(Dim::mod(c(kMin), c(-1)) == c(0));
  CHECK(Dim::floorDiv(c(kMin), c(1)) == c(kMin));
  CHECK(Dim::floorDiv(c(kMin), c(2)) == c(kMin / 2));
  CHECK(Dim::floorDiv(c(kMin), c(kMin)) == c(1));
  CHECK(Dim::mod(c(kMin), c(kMax)) == c(kMax - 1));
  CHECK((c(kMin) + c(kMax)) == c(-1));

  Dim s = sym("s");
  Dim quarter = c(int64_t{1} << 62) * s;
  CHECK((quarter + quarter).invalidReason() ==
        "integer overflow in (4611686018427387904*s) + (4611686018427387904*s)");
  CHECK((c(kMin) * s - s).isInvalid());
  CHECK((-(c(kMin) * s)).isInvalid());
  CHECK(Dim::floorDiv(c(kMin) * s, -s).isKnown());
  CHECK(((s + c(int64_t{1} << 62)) * (s - c(int64_t{1} << 62))).isInvalid());
  Dim t = sym("t");
  Dim fine = (s + t) * (c(kMax) * s - c(kMax) * t);
  REQUIRE(fine.isKnown());
  CHECK(fine.str() == "9223372036854775807*s*s - 9223372036854775807*t*t");
}

TEST_CASE("a monomial degree above 62 is an overflow", "[dim][overflow]") {
  Dim d = sym("s");
  for (int i = 0; i < 5; ++i) d = d * d;  // s^32
  REQUIRE(d.isKnown());
  CHECK(d.str().size() == 32 * 2 - 1);
  Dim high = d * d;
  REQUIRE(high.isInvalid());
  CHECK(high.invalidReason().endswith(": degree above 62"));
}

TEST_CASE("a zero divisor gives an invalid dim", "[dim][overflow]") {
  Dim x = sym("x");
  CHECK(Dim::floorDiv(x, c(0)).invalidReason() == "division by zero in x // 0");
  CHECK(Dim::mod(x + c(1), c(0)).invalidReason() == "modulo by zero in (x + 1) % 0");
  CHECK(Dim::ceilDiv(x, c(0)).invalidReason() == "division by zero in cdiv(x, 0)");
  CHECK(Dim::floorDiv(c(0), c(0)).isInvalid());
  CHECK(Dim::floorDiv(Dim(), c(0)).isInvalid());
  CHECK(Dim::floorDiv(x, x - x).isInvalid());
  // A symbolic divisor that can be zero stays symbolic; substitution then finds the zero.
  Dim quotient = Dim::floorDiv(x, sym("a") - sym("b"));
  REQUIRE(quotient.isKnown());
  CHECK(quotient.substitute({{"a", 3}, {"b", 3}}).invalidReason() == "division by zero in x // 0");
}

TEST_CASE("unknown propagates and invalid is sticky", "[dim][unknown]") {
  Dim unknown;
  Dim x = sym("x");
  Dim bad = Dim::invalid("first");
  Dim worse = Dim::invalid("second");
  CHECK((unknown + c(1)).isUnknown());
  CHECK((c(1) - unknown).isUnknown());
  CHECK((unknown * c(0)).isUnknown());
  CHECK((-unknown).isUnknown());
  CHECK(Dim::floorDiv(unknown, c(2)).isUnknown());
  CHECK(Dim::mod(x, unknown).isUnknown());
  CHECK(Dim::ceilDiv(unknown, x).isUnknown());
  CHECK(Dim::max(unknown, x).isUnknown());
  CHECK(Dim::min(x, unknown).isUnknown());
  CHECK((bad + unknown).invalidReason() == "first");
  CHECK((unknown * bad).invalidReason() == "first");
  CHECK((bad - worse).invalidReason() == "first");
  CHECK((worse * bad).invalidReason() == "second");
  CHECK(Dim::max(bad, worse).invalidReason() == "first");
  CHECK(Dim::floorDiv(bad, c(0)).invalidReason() == "first");
  CHECK((-bad).invalidReason() == "first");
  CHECK(unknown.str() == "?");
  CHECK(bad.str() == "<invalid: first>");
  CHECK(Dim::unknown() == unknown);
  CHECK(unknown != c(0));
  CHECK(bad == Dim::invalid("first"));
  CHECK(bad != worse);
  CHECK(bad != unknown);
  CHECK(bad.hash() == Dim::invalid("first").hash());
  CHECK(unknown.invalidReason().empty());
  CHECK(x.invalidReason().empty());
  CHECK_FALSE(unknown.isKnown());
  CHECK_FALSE(bad.isKnown());
  CHECK(x.isKnown());
  CHECK_FALSE(unknown.constantValue().has_value());
  CHECK(unknown.substitute({{"x", 1}}).isUnknown());
  CHECK(unknown.symbols().empty());
}

TEST_CASE("substitute evaluates and re-canonicalizes", "[dim][substitute]") {
  auto [text, bindings, expected] = GENERATE(table<std::string, std::string, std::string>({
      {"(h - 3)//2 + 1", "h=32", "15"},
      {"(h - 3)//2 + 1", "h=2", "0"},
      {"batch*seq", "batch=4", "4*seq"},
      {"batch*seq", "other=4", "batch*seq"},
      {"max(a, b)", "a=3 b=5", "5"},
      {"max(a, b) + a", "a=3", "max(b, 3) + 3"},
      {"h % w + cdiv(h, w)", "h=7 w=2", "5"},
      {"a*a*b - 1", "a=3", "9*b - 1"},
      {"(s*t)//u", "t=2 u=2", "s"},
      {"a*b", "a=1099511627776 b=1099511627776",
       "<invalid: integer overflow in 1099511627776 * 1099511627776>"},
      {"a*a", "a=4294967296", "<invalid: integer overflow in 4294967296 * 4294967296>"},
      {"x//(a - b)", "a=3 b=3", "<invalid: division by zero in x // 0>"},
  }));
  DimBindings values;
  std::string rest = bindings;
  while (!rest.empty()) {
    size_t space = rest.find(' ');
    std::string binding = rest.substr(0, space);
    rest = space == std::string::npos ? "" : rest.substr(space + 1);
    size_t eq = binding.find('=');
    values[binding.substr(0, eq)] = std::stoll(binding.substr(eq + 1));
  }
  INFO(text << " with " << bindings);
  CHECK(parsed(text).substitute(values).str() == expected);
}

TEST_CASE("symbols are sorted and unique", "[dim]") {
  auto names = parsed("b*a + max(c, a)//d - b % e").symbols();
  REQUIRE(names.size() == 5);
  CHECK(names[0] == "a");
  CHECK(names[1] == "b");
  CHECK(names[2] == "c");
  CHECK(names[3] == "d");
  CHECK(names[4] == "e");
  CHECK(c(4).symbols().empty());
}

TEST_CASE("parse errors name the column", "[dim][parse]") {
  auto [text, message] = GENERATE(table<std::string, std::string>({
      {"", "empty dim expression"},
      {"   ", "empty dim expression"},
      {"a + )", "unexpected ')' at column 5"},
      {"(a + b))", "unexpected ')' at column 8"},
      {"a +", "unexpected end of input at column 4"},
      {"(a + 1", "expected ')' before end of input at column 7"},
      {"(a + 1 b", "expected ')' at column 8"},
      {"2 3", "unexpected '3' at column 3"},
      {"2seq", "unexpected 's' at column 2"},
      {"a $ b", "unexpected '$' at column 3"},
      {"a\x01", "unexpected byte 0x01 at column 2"},
      {"4611686018427387904",
       "integer literal 4611686018427387904 exceeds the largest supported dim 1099511627776 "
       "(2^40) at column 1"},
      {"x + 1099511627777",
       "integer literal 1099511627777 exceeds the largest supported dim 1099511627776 (2^40) "
       "at column 5"},
      {"123456789012345678901234567890123456789012345678901234567890",
       "integer literal 1234567890123456789012345678901234567890... exceeds the largest "
       "supported dim 1099511627776 (2^40) at column 1"},
      {"foo(1, 2)", "unknown function 'foo' at column 1; expected min, max or cdiv"},
      {"a / 2", "unexpected '/' at column 3; use '//' for floor division"},
      {"min(a)", "'min' takes 2 arguments, got 1 at column 1"},
      {"1 + max(a, b, c)", "'max' takes 2 arguments, got 3 at column 5"},
      {"cdiv()", "'cdiv' takes 2 arguments, got 0 at column 1"},
      {"min(a,)", "unexpected ')' at column 7"},
      {"h // 0", "division by zero in h // 0 at column 3"},
      {"h % (a - a)", "modulo by zero in h % 0 at column 3"},
      {"cdiv(h, 0)", "division by zero in cdiv(h, 0) at column 1"},
      {"1099511627776*1099511627776*1099511627776",
       "integer overflow in 1099511627776 * 1099511627776 at column 14"},
      {"* 2", "unexpected '*' at column 1"},
      {"a ** 2", "unexpected '*' at column 4"},
  }));
  INFO("'" << text << "'");
  CHECK(parseError(text) == message);
}

TEST_CASE("parseDim accepts the documented grammar", "[dim][parse]") {
  CHECK(parsed("  batch ") == sym("batch"));
  CHECK(parsed("_x9") == sym("_x9"));
  CHECK(parsed("1099511627776") == c(Dim::kMaxLiteral));
  CHECK(parsed("007") == c(7));
  CHECK(parsed("2 + 3 * 4") == c(14));
  CHECK(parsed("(2 + 3) * 4") == c(20));
  CHECK(parsed("10 - 4 - 3") == c(3));
  CHECK(parsed("20 // 3 // 2") == c(3));
  CHECK(parsed("-3 * 2") == c(-6));
  CHECK(parsed("- - 5") == c(5));
  CHECK(parsed("-7 // 2") == c(-4));
  CHECK(parsed("7 % 4 * 2") == c(6));
  CHECK(parsed("cdiv(7, 2)") == c(4));
  CHECK(parsed("min ( a , b )") == Dim::min(sym("a"), sym("b")));
  CHECK(parsed("\tseq\n*2") == c(2) * sym("seq"));
  CHECK(parsed("min") == sym("min"));
}

TEST_CASE("deep nesting is an error, not a stack overflow", "[dim][parse]") {
  CHECK(parseError(std::string(10'000'000, '(')) ==
        "dim expression nests deeper than 200 levels at column 201");
  CHECK(parseError(std::string(5'000'000, '-') + "x") ==
        "dim expression nests deeper than 200 levels at column 201");
  CHECK(parseError(std::string(1000, '(') + "x" + std::string(1000, ')')) ==
        "dim expression nests deeper than 200 levels at column 201");
  std::string ok = std::string(150, '(') + "x + 1" + std::string(150, ')');
  CHECK(parsed(ok) == sym("x") + c(1));
  std::string calls;
  for (int i = 0; i < 150; ++i) calls += "max(a, ";
  calls += "b" + std::string(150, ')');
  CHECK(parsed(calls) == Dim::max(sym("a"), sym("b")));
}

TEST_CASE("long flat inputs stay bounded", "[dim][parse]") {
  std::string sum = "x";
  for (int i = 0; i < 2000; ++i) sum += " + x";
  CHECK(parsed(sum).str() == "2001*x");

  std::string distinct = "s0";
  for (int i = 1; i < 1500; ++i) distinct += " + s" + std::to_string(i);
  CHECK(parseError(distinct).find("more than 1000 terms") != std::string::npos);

  std::string chain = "x";
  for (int i = 1000; i > 500; --i) chain += " % " + std::to_string(i);
  CHECK(parseError(chain).find("nests more than 256") != std::string::npos);

  Dim d = sym("x");
  for (int i = 1000; i > 600; --i) d = Dim::mod(d, c(i));
  CHECK(d.isInvalid());
}

// Random expression trees, evaluated directly and through Dim, must agree; and every proof
// Dim gives (sign facts, Different) must hold on the sampled symbol values.
namespace {

struct Sample {
  int64_t a, b, h;
};

struct Node {
  int op;  // 0 leaf; 1..8 operators
  int64_t value = 0;
  char symbol = 0;
  int left = -1, right = -1;
};

struct RandomTree {
  std::vector<Node> nodes;
  std::mt19937& rng;

  int build(int depth) {
    std::uniform_int_distribution<int> pick(0, 99);
    Node n;
    if (depth == 0 || pick(rng) < 25) {
      n.op = 0;
      if (pick(rng) < 50) {
        n.symbol = "abh"[pick(rng) % 3];
      } else {
        n.value = pick(rng) % 11 - 5;
      }
    } else {
      n.op = 1 + pick(rng) % 8;
      n.left = build(depth - 1);
      n.right = build(depth - 1);
    }
    nodes.push_back(n);
    return static_cast<int>(nodes.size()) - 1;
  }

  Dim dim(int i) const {
    const Node& n = nodes[i];
    if (n.op == 0) return n.symbol ? Dim::symbol(std::string(1, n.symbol)) : Dim::constant(n.value);
    Dim l = dim(n.left), r = dim(n.right);
    switch (n.op) {
      case 1:
        return l + r;
      case 2:
        return l - r;
      case 3:
        return l * r;
      case 4:
        return Dim::floorDiv(l, r);
      case 5:
        return Dim::mod(l, r);
      case 6:
        return Dim::min(l, r);
      case 7:
        return Dim::max(l, r);
      default:
        return Dim::ceilDiv(l, r);
    }
  }

  static int64_t floorDiv(int64_t x, int64_t y) {
    int64_t q = x / y;
    return (x % y != 0 && ((x < 0) != (y < 0))) ? q - 1 : q;
  }

  /// Python semantics; nullopt on a zero divisor.
  std::optional<int64_t> eval(int i, const Sample& s) const {
    const Node& n = nodes[i];
    if (n.op == 0) {
      if (!n.symbol) return n.value;
      return n.symbol == 'a' ? s.a : n.symbol == 'b' ? s.b : s.h;
    }
    std::optional<int64_t> l = eval(n.left, s), r = eval(n.right, s);
    if (!l || !r) return std::nullopt;
    int64_t x = *l, y = *r;
    switch (n.op) {
      case 1:
        return x + y;
      case 2:
        return x - y;
      case 3:
        return x * y;
      case 4:
        return y == 0 ? std::nullopt : std::optional<int64_t>(floorDiv(x, y));
      case 5:
        return y == 0 ? std::nullopt : std::optional<int64_t>(x - y * floorDiv(x, y));
      case 6:
        return std::min(x, y);
      case 7:
        return std::max(x, y);
      default:
        return y == 0 ? std::nullopt : std::optional<int64_t>(-floorDiv(-x, y));
    }
  }
};

}  // namespace

TEST_CASE("simplification and proofs agree with direct evaluation", "[dim][property]") {
  std::mt19937 rng(12345);
  std::vector<Sample> samples;
  for (int64_t a = 1; a <= 5; ++a)
    for (int64_t b = 1; b <= 4; ++b)
      for (int64_t h : {1, 2, 3, 7, 8}) samples.push_back({a, b, h});
  int checked = 0;
  for (int round = 0; round < 400; ++round) {
    RandomTree first{{}, rng};
    int root = first.build(3);
    RandomTree second{{}, rng};
    int other = second.build(3);
    Dim d = first.dim(root);
    Dim e = second.dim(other);
    if (!d.isKnown()) continue;
    INFO("d = " << d.str() << ", e = " << e.str());
    Dim again = parsed(d.str());
    CHECK(again == d);
    DimRelation relation = Dim::relation(d, e);
    for (const Sample& s : samples) {
      std::optional<int64_t> want = first.eval(root, s);
      if (!want) continue;
      INFO("a=" << s.a << " b=" << s.b << " h=" << s.h);
      Dim got = d.substitute({{"a", s.a}, {"b", s.b}, {"h", s.h}});
      REQUIRE(got.constantValue() == want);
      ++checked;
      if (d.isProvablyPositive()) CHECK(*want > 0);
      if (d.isProvablyNegative()) CHECK(*want < 0);
      if (d.isProvablyNonNegative()) CHECK(*want >= 0);
      std::optional<int64_t> other_value = second.eval(other, s);
      if (!other_value) continue;
      if (relation == DimRelation::Equal) CHECK(*want == *other_value);
      if (relation == DimRelation::Different) CHECK(*want != *other_value);
    }
  }
  CHECK(checked > 5000);
}

TEST_CASE("a declared None behaves as unknown but is told apart", "[dim]") {
  Dim none = Dim::none();
  CHECK(none.isUnknown());
  CHECK(none.isDeclaredNone());
  CHECK_FALSE(none.isKnown());
  CHECK_FALSE(Dim::unknown().isDeclaredNone());
  CHECK(none == Dim::unknown());
  CHECK(none.hash() == Dim::unknown().hash());
  CHECK(none != Dim::constant(0));
  CHECK(none.str() == "?");
  // Arithmetic loses the declaration: the result is merely unknown.
  Dim sum = none + Dim::constant(4);
  CHECK(sum.isUnknown());
  CHECK_FALSE(sum.isDeclaredNone());
  CHECK(Dim::relation(none, Dim::constant(3)) == DimRelation::Unknown);
  CHECK(none.substitute(DimBindings{{"n", 3}}).isDeclaredNone());
}
