#include "runtime/NpyHeader.h"

#include <cstdio>
#include <limits>
#include <optional>

#include "llvm/ADT/StringExtras.h"

namespace graphlint {
namespace {

constexpr const char* kSupportedDescrs =
    "one of b1, i1, i2, i4, i8, u1, f2, f4, f8, after a byte order <, >, | or =";

/// A cursor over the header text that records the first error it meets. Every parse step
/// moves forward or fails, and no step recurses.
class HeaderParser {
 public:
  HeaderParser(llvm::StringRef text, size_t offset) : text_(text), offset_(offset) {}

  Result<NpyHeader> parse() {
    NpyHeader header;
    bool seenDescr = false, seenFortran = false, seenShape = false;
    skipSpaces();
    if (!expect('{', "'{' starting the header dict")) return error();
    for (;;) {
      skipSpaces();
      if (consume('}')) break;
      size_t keyAt = pos_;
      std::string key;
      if (!parseString(key, "a quoted key or '}'")) return error();
      bool* seen = key == "descr" ? &seenDescr
                   : key == "fortran_order" ? &seenFortran
                   : key == "shape" ? &seenShape
                                    : nullptr;
      if (!seen) {
        failAt(keyAt, "unknown key '" + escape(key) + "'; expected only 'descr', 'fortran_order' and 'shape'");
        return error();
      }
      if (*seen) {
        failAt(keyAt, "key '" + key + "' appears twice; expected it once");
        return error();
      }
      *seen = true;
      skipSpaces();
      if (!expect(':', "':' after the key '" + key + "'")) return error();
      skipSpaces();
      bool parsed = key == "descr"           ? parseDescr(header.descr)
                    : key == "fortran_order" ? parseBool(header.fortranOrder)
                                             : parseShape(header.shape);
      if (!parsed) return error();
      skipSpaces();
      if (consume(',')) continue;
      if (peek() != '}') {
        fail("',' or '}' after the value of '" + key + "'");
        return error();
      }
    }
    skipSpaces();
    if (pos_ != text_.size()) {
      fail("the end of the header after its closing '}'");
      return error();
    }
    const std::pair<const char*, bool> keys[] = {
        {"descr", seenDescr}, {"fortran_order", seenFortran}, {"shape", seenShape}};
    for (auto [key, seen] : keys) {
      if (!seen)
        return makeError("invalid .npy header at byte " + std::to_string(offset_) + ": no '" +
                         key + "' key; expected 'descr', 'fortran_order' and 'shape'; header: " +
                         quoteBytes(text_));
    }
    return header;
  }

 private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  bool atEnd() const { return pos_ >= text_.size(); }

  void skipSpaces() {
    while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++pos_;
  }

  bool consume(char c) {
    if (atEnd() || peek() != c) return false;
    ++pos_;
    return true;
  }

  bool expect(char c, const std::string& expected) {
    if (consume(c)) return true;
    return fail(expected);
  }

  bool startsWithWord(llvm::StringRef word) const {
    llvm::StringRef rest = text_.drop_front(pos_);
    if (!rest.startswith(word)) return false;
    char next = rest.size() > word.size() ? rest[word.size()] : '\0';
    return !(llvm::isAlnum(next) || next == '_');
  }

  std::string found() const {
    if (atEnd()) return "the end of the header";
    return "'" + quoteBytes(text_.drop_front(pos_), 12) + "'";
  }

  bool fail(const std::string& expected) { return failAt(pos_, "expected " + expected + ", found " + found()); }

  bool failAt(size_t at, const std::string& what) {
    if (!error_)
      error_ = makeError("invalid .npy header at byte " + std::to_string(offset_ + at) + ": " + what +
                         "; header: " + quoteBytes(text_));
    return false;
  }

  Error error() const { return *error_; }

  /// A Python string literal without prefixes or escapes, which NumPy never needs.
  bool parseString(std::string& out, const std::string& expected) {
    char quote = peek();
    if (quote != '\'' && quote != '"') return fail(expected);
    size_t start = ++pos_;
    while (!atEnd() && peek() != quote) {
      if (peek() == '\\') return fail("a string without backslash escapes");
      if (peek() == '\n') return fail("the closing " + std::string(1, quote) + " of the string");
      ++pos_;
    }
    if (atEnd()) return fail("the closing " + std::string(1, quote) + " of the string");
    out = text_.slice(start, pos_).str();
    ++pos_;
    return true;
  }

  bool parseDescr(std::string& out) {
    if (peek() == '[')
      return failAt(pos_, "descr is a list of fields, a structured dtype; expected a single type "
                          "such as '<f4'");
    return parseString(out, "a quoted descr such as '<f4'");
  }

  bool parseBool(bool& out) {
    for (bool value : {true, false}) {
      llvm::StringRef word = value ? "True" : "False";
      if (startsWithWord(word)) {
        pos_ += word.size();
        out = value;
        return true;
      }
    }
    return fail("True or False for 'fortran_order'");
  }

  bool parseShape(std::vector<int64_t>& out) {
    if (!expect('(', "a tuple such as (2, 3) for 'shape'")) return false;
    skipSpaces();
    bool sawComma = false;
    while (!consume(')')) {
      if (out.size() == kNpyMaxRank)
        return failAt(pos_, "shape has more than " + std::to_string(kNpyMaxRank) + " dims");
      int64_t dim;
      if (!parseDim(out.size(), dim)) return false;
      out.push_back(dim);
      skipSpaces();
      sawComma = consume(',');
      skipSpaces();
      if (!sawComma && peek() != ')') return fail("',' or ')' in the shape tuple");
    }
    if (out.size() == 1 && !sawComma)
      return failAt(pos_ - 1, "shape (" + std::to_string(out[0]) + ") is an integer in Python, not a "
                              "tuple; expected (" + std::to_string(out[0]) + ",)");
    return true;
  }

  /// A non-negative decimal integer, optionally with Python 2's long suffix L.
  bool parseDim(size_t axis, int64_t& out) {
    size_t start = pos_;
    bool negative = consume('-');
    if (!negative) consume('+');
    if (!llvm::isDigit(peek())) return fail("an integer dim");
    if (peek() == '0' && pos_ + 1 < text_.size() && llvm::isDigit(text_[pos_ + 1]))
      return fail("an integer without leading zeros");
    uint64_t value = 0;
    constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
    while (llvm::isDigit(peek())) {
      uint64_t digit = static_cast<uint64_t>(peek() - '0');
      if (value > (kMax - digit) / 10)
        return failAt(start, "dim " + std::to_string(axis) + " is larger than " + std::to_string(kMax));
      value = value * 10 + digit;
      ++pos_;
    }
    if (peek() == 'L' || peek() == 'l') ++pos_;
    if (negative && value != 0)
      return failAt(start, "dim " + std::to_string(axis) + " is -" + std::to_string(value) +
                               "; expected a dim >= 0");
    out = static_cast<int64_t>(value);
    return true;
  }

  std::string escape(llvm::StringRef text) const { return quoteBytes(text, 40); }

  llvm::StringRef text_;
  size_t offset_;
  size_t pos_ = 0;
  std::optional<Error> error_;
};

/// What a NumPy type character is, for refusing it by name.
std::optional<llvm::StringRef> kindName(char kind) {
  switch (kind) {
    case 'b':
    case '?':
      return llvm::StringRef("booleans");
    case 'i':
      return llvm::StringRef("signed integers");
    case 'u':
      return llvm::StringRef("unsigned integers");
    case 'f':
      return llvm::StringRef("floating-point numbers");
    case 'c':
      return llvm::StringRef("complex numbers");
    case 'O':
      return llvm::StringRef("Python objects (pickled)");
    case 'S':
    case 'a':
      return llvm::StringRef("byte strings");
    case 'U':
      return llvm::StringRef("unicode strings");
    case 'V':
      return llvm::StringRef("raw void records");
    case 'M':
      return llvm::StringRef("datetimes");
    case 'm':
      return llvm::StringRef("timedeltas");
    default:
      return std::nullopt;
  }
}

}  // namespace

Result<NpyHeader> parseNpyHeader(llvm::StringRef text, size_t offset) {
  return HeaderParser(text, offset).parse();
}

Result<NpyDescr> parseNpyDescr(llvm::StringRef descr) {
  NpyDescr result{ElementType::Float32};
  llvm::StringRef code = descr;
  if (!code.empty() && llvm::StringRef("<>|=").contains(code.front())) {
    result.bigEndian = code.front() == '>';
    code = code.drop_front();
  }
  static const struct {
    const char* code;
    ElementType type;
  } kSupported[] = {
      {"b1", ElementType::Bool},    {"i1", ElementType::Int8},    {"i2", ElementType::Int16},
      {"i4", ElementType::Int32},   {"i8", ElementType::Int64},   {"u1", ElementType::UInt8},
      {"f2", ElementType::Float16}, {"f4", ElementType::Float32}, {"f8", ElementType::Float64},
  };
  for (const auto& entry : kSupported) {
    if (code == entry.code) {
      result.type = entry.type;
      return result;
    }
  }
  std::string quoted = "'" + quoteBytes(descr, 40) + "'";
  if (code.size() >= 2 && code.front() == 'u' && llvm::all_of(code.drop_front(), llvm::isDigit))
    return makeError("unsupported dtype descr " + quoted + ": unsigned integers wider than 8 bits "
                     "(u2, u4, u8) are not supported; expected " + kSupportedDescrs);
  std::optional<llvm::StringRef> kind = code.empty() ? std::nullopt : kindName(code.front());
  if (kind) {
    std::string what = kind->str();
    llvm::StringRef width = code.drop_front();
    if (llvm::StringRef("biufc").contains(code.front()) && !width.empty() &&
        llvm::all_of(width, llvm::isDigit))
      what = width.str() + "-byte " + what;
    return makeError("unsupported dtype descr " + quoted + " (" + what + "); expected " +
                     kSupportedDescrs);
  }
  return makeError("unsupported dtype descr " + quoted + "; expected " + kSupportedDescrs);
}

std::string npyDescr(ElementType type) {
  switch (type) {
    case ElementType::Bool:
      return "|b1";
    case ElementType::Int8:
      return "|i1";
    case ElementType::UInt8:
      return "|u1";
    case ElementType::Int16:
      return "<i2";
    case ElementType::Int32:
      return "<i4";
    case ElementType::Int64:
      return "<i8";
    case ElementType::Float16:
      return "<f2";
    case ElementType::Float32:
      return "<f4";
    case ElementType::Float64:
      return "<f8";
  }
  return "?";
}

std::string quoteBytes(llvm::StringRef text, size_t limit) {
  std::string out;
  for (size_t i = 0; i < text.size() && i < limit; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    }
  }
  if (text.size() > limit) out += "...";
  return out;
}

}  // namespace graphlint
