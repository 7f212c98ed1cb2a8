// parseDim: the dim expressions a spec may write, with Python's precedence.
//
//   sum     := product (('+' | '-') product)*
//   product := unary (('*' | '//' | '%') unary)*
//   unary   := '-' unary | primary
//   primary := integer | name | name '(' sum (',' sum)* ')' | '(' sum ')'
//
// Errors are values naming a 1-based column; recursion is bounded so hostile input cannot
// exhaust the stack.

#include <string>
#include <vector>

#include "ir/Dim.h"

namespace graphlint {

namespace {

constexpr int kMaxDepth = 200;
constexpr size_t kMaxQuotedLiteral = 40;

// ASCII only, whatever the locale.
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isIdentChar(char c) { return isIdentStart(c) || isDigit(c); }
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class DimParser {
 public:
  explicit DimParser(llvm::StringRef text) : text_(text) {}

  Result<Dim> parse() {
    skipSpace();
    if (atEnd()) return makeError("empty dim expression");
    Dim dim;
    if (!parseSum(dim)) return makeError(error_);
    skipSpace();
    if (!atEnd()) {
      fail(unexpectedHere(), pos_);
      return makeError(error_);
    }
    return dim;
  }

 private:
  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }
  void skipSpace() {
    while (!atEnd() && isSpace(text_[pos_])) ++pos_;
  }

  bool fail(const std::string& message, size_t at, const std::string& hint = "") {
    if (error_.empty()) {
      error_ = message + " at column " + std::to_string(at + 1);
      if (!hint.empty()) error_ += "; " + hint;
    }
    return false;
  }

  std::string unexpectedHere() const {
    if (atEnd()) return "unexpected end of input";
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (c >= 0x20 && c < 0x7f) return std::string("unexpected '") + static_cast<char>(c) + "'";
    static const char* kHex = "0123456789abcdef";
    return std::string("unexpected byte 0x") + kHex[c >> 4] + kHex[c & 15];
  }

  /// Fails at the operator's column when an operation gave an invalid dim (overflow, zero
  /// divisor), since a spec that writes such a dim is wrong where it writes it.
  bool check(const Dim& result, size_t opPos) {
    if (result.isInvalid()) return fail(result.invalidReason().str(), opPos);
    return true;
  }

  bool parseSum(Dim& out) {
    if (!parseProduct(out)) return false;
    for (;;) {
      skipSpace();
      char op = peek();
      if (op != '+' && op != '-') return true;
      size_t opPos = pos_++;
      Dim rhs;
      if (!parseProduct(rhs)) return false;
      out = op == '+' ? out + rhs : out - rhs;
      if (!check(out, opPos)) return false;
    }
  }

  bool parseProduct(Dim& out) {
    if (!parseUnary(out)) return false;
    for (;;) {
      skipSpace();
      size_t opPos = pos_;
      char op = peek();
      if (op == '/') {
        if (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '/')
          return fail("unexpected '/'", opPos, "use '//' for floor division");
        pos_ += 2;
      } else if (op == '*' || op == '%') {
        ++pos_;
      } else {
        return true;
      }
      Dim rhs;
      if (!parseUnary(rhs)) return false;
      out = op == '*' ? out * rhs : op == '%' ? Dim::mod(out, rhs) : Dim::floorDiv(out, rhs);
      if (!check(out, opPos)) return false;
    }
  }

  bool parseUnary(Dim& out) {
    skipSpace();
    if (depth_ >= kMaxDepth) {
      return fail("dim expression nests deeper than " + std::to_string(kMaxDepth) + " levels",
                  pos_);
    }
    ++depth_;
    bool ok;
    if (peek() == '-') {
      size_t opPos = pos_++;
      ok = parseUnary(out);
      if (ok) {
        out = -out;
        ok = check(out, opPos);
      }
    } else {
      ok = parsePrimary(out);
    }
    --depth_;
    return ok;
  }

  bool parsePrimary(Dim& out) {
    skipSpace();
    size_t start = pos_;
    char c = peek();
    if (isDigit(c)) return parseLiteral(out);
    if (isIdentStart(c)) {
      while (!atEnd() && isIdentChar(text_[pos_])) ++pos_;
      llvm::StringRef name = text_.slice(start, pos_);
      skipSpace();
      if (peek() == '(') return parseCall(name, start, out);
      out = Dim::symbol(name);
      return true;
    }
    if (c == '(') {
      ++pos_;
      if (!parseSum(out)) return false;
      return expectClose();
    }
    return fail(unexpectedHere(), pos_);
  }

  bool expectClose() {
    skipSpace();
    if (peek() != ')')
      return fail(atEnd() ? "expected ')' before end of input" : "expected ')'", pos_);
    ++pos_;
    return true;
  }

  bool parseLiteral(Dim& out) {
    size_t start = pos_;
    int64_t value = 0;
    bool tooLarge = false;
    for (; !atEnd() && isDigit(text_[pos_]); ++pos_) {
      if (tooLarge) continue;
      value = value * 10 + (text_[pos_] - '0');  // value <= 2^40 before, so no overflow
      tooLarge = value > Dim::kMaxLiteral;
    }
    if (tooLarge) {
      std::string literal = text_.slice(start, pos_).str();
      if (literal.size() > kMaxQuotedLiteral)
        literal = literal.substr(0, kMaxQuotedLiteral) + "...";
      return fail("integer literal " + literal + " exceeds the largest supported dim " +
                      std::to_string(Dim::kMaxLiteral) + " (2^40)",
                  start);
    }
    out = Dim::constant(value);
    return true;
  }

  bool parseCall(llvm::StringRef name, size_t start, Dim& out) {
    if (name != "min" && name != "max" && name != "cdiv")
      return fail("unknown function '" + name.str() + "'", start, "expected min, max or cdiv");
    ++pos_;  // '('
    std::vector<Dim> args;
    skipSpace();
    if (peek() != ')') {
      for (;;) {
        args.emplace_back();
        if (!parseSum(args.back())) return false;
        skipSpace();
        if (peek() != ',') break;
        ++pos_;
      }
    }
    if (!expectClose()) return false;
    if (args.size() != 2) {
      return fail("'" + name.str() + "' takes 2 arguments, got " + std::to_string(args.size()),
                  start);
    }
    if (name == "min") {
      out = Dim::min(args[0], args[1]);
    } else if (name == "max") {
      out = Dim::max(args[0], args[1]);
    } else {
      out = Dim::ceilDiv(args[0], args[1]);
    }
    return check(out, start);
  }

  llvm::StringRef text_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string error_;
};

}  // namespace

Result<Dim> parseDim(llvm::StringRef text) { return DimParser(text).parse(); }

}  // namespace graphlint
