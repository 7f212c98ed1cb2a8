#include "frontends/json/JsonSyntax.h"

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"

namespace graphlint {
namespace {

bool isJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isWordChar(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_'; }

std::string hexByte(unsigned char c) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02x", c);
  return hex;
}

/// Where a number token ends, or why it is not one.
struct NumberScan {
  size_t end = 0;
  const char* problem = nullptr;
};

/// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? from `pos`.
NumberScan scanNumber(llvm::StringRef text, size_t pos) {
  auto digitsFrom = [&](size_t i) {
    while (i < text.size() && isDigit(text[i])) ++i;
    return i;
  };
  size_t i = pos;
  if (i < text.size() && text[i] == '-') ++i;
  if (i >= text.size() || !isDigit(text[i])) return {i, "expected a digit after '-'"};
  if (text[i] == '0') {
    if (++i < text.size() && isDigit(text[i])) return {i, "JSON numbers have no leading zeros"};
  } else {
    i = digitsFrom(i);
  }
  if (i < text.size() && text[i] == '.') {
    size_t end = digitsFrom(i + 1);
    if (end == i + 1) return {end, "expected a digit after the decimal point"};
    i = end;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    size_t digits = i + 1;
    if (digits < text.size() && (text[digits] == '+' || text[digits] == '-')) ++digits;
    size_t end = digitsFrom(digits);
    if (end == digits) return {end, "expected a digit in the exponent"};
    i = end;
  }
  return {i, nullptr};
}

/// How a string escape must be written instead of a raw control character.
std::string escapeFor(unsigned char c) {
  switch (c) {
    case '\b': return "\\b";
    case '\f': return "\\f";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      return buffer;
    }
  }
}

/// Checks one JSON document byte by byte and stops at the first error.
class Scanner {
 public:
  Scanner(llvm::StringRef text, size_t start, const LineTable& lines)
      : text_(text), start_(start), pos_(start), lines_(lines) {}

  std::optional<Error> run() {
    skipSpace();
    if (atEnd()) {
      fail(std::string("expected a JSON value, found the end of the input (the input ") +
               (pos_ == start_ ? "is empty)" : "holds only whitespace)"),
           pos_);
    } else if (value(0, "a JSON value")) {
      skipSpace();
      if (!atEnd()) expected("the end of the input after the JSON document");
    }
    return error_;
  }

 private:
  bool atEnd() const { return pos_ >= text_.size(); }
  bool at(char c) const { return !atEnd() && text_[pos_] == c; }
  void skipSpace() {
    while (!atEnd() && isJsonSpace(text_[pos_])) ++pos_;
  }

  bool fail(std::string message, size_t offset, size_t length = 1) {
    error_ = makeError("invalid JSON: " + std::move(message), lines_.locate(offset, length));
    return false;
  }

  /// "expected X, found Y" at the current byte, with a hint for common non-JSON spellings.
  bool expected(const std::string& what) {
    return fail("expected " + what + ", found " + found(pos_) + hint(pos_), pos_);
  }

  std::string word(size_t offset) const {
    size_t end = offset;
    while (end < text_.size() && isWordChar(text_[end]) && end - offset < 24) ++end;
    return text_.slice(offset, end).str();
  }

  std::string found(size_t offset) const {
    if (offset >= text_.size()) return "the end of the input";
    unsigned char c = static_cast<unsigned char>(text_[offset]);
    if (isWordChar(static_cast<char>(c))) return "'" + word(offset) + "'";
    if (c < 0x20 || c == 0x7f) return "the control character " + hexByte(c);
    if (c == '\'') return "\"'\"";
    if (c < 0x80) return std::string("'") + static_cast<char>(c) + "'";
    // Valid UTF-8 by now (checked first): show the whole character.
    size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    return "'" + text_.substr(offset, length).str() + "'";
  }

  std::string hint(size_t offset) const {
    if (offset >= text_.size()) return "";
    char c = text_[offset];
    if (c == '\'') return " (JSON strings take double quotes)";
    if (c == '/') return " (JSON has no comments)";
    if (c == '+') return " (JSON numbers take no '+' sign)";
    if (c == ']' || c == '}') {
      size_t before = offset;
      while (before > 0 && isJsonSpace(text_[before - 1])) --before;
      if (before > 0 && text_[before - 1] == ',') return " (JSON allows no trailing comma)";
    }
    std::string w = word(offset);
    if (w == "True") return " (JSON spells it true)";
    if (w == "False") return " (JSON spells it false)";
    if (w == "None") return " (JSON spells it null)";
    return "";
  }

  /// A value at the current byte; `depth` counts the arrays and objects around it.
  bool value(unsigned depth, const char* expectation) {
    if (atEnd()) return expected(expectation);
    char c = text_[pos_];
    if (c == '{' || c == '[') {
      if (depth + 1 > kMaxJsonDepth)
        return fail("nested more than " + std::to_string(kMaxJsonDepth) + " levels deep", pos_);
      return c == '{' ? object(depth + 1) : array(depth + 1);
    }
    if (c == '"') return string();
    for (llvm::StringRef literal : {"true", "false", "null", "NaN", "Infinity", "-Infinity"}) {
      if (text_.substr(pos_).startswith(literal)) {
        pos_ += literal.size();
        return true;
      }
    }
    if (c == '-' || isDigit(c)) return number();
    return expected(expectation);
  }

  bool object(unsigned depth) {
    ++pos_;
    skipSpace();
    if (at('}')) {
      ++pos_;
      return true;
    }
    for (bool first = true;; first = false) {
      if (!at('"')) return expected(first ? "a string key or '}'" : "a string key after ','");
      if (!string()) return false;
      skipSpace();
      if (!at(':')) return expected("':' after an object key");
      ++pos_;
      skipSpace();
      if (!value(depth, "a value after ':'")) return false;
      skipSpace();
      if (at('}')) {
        ++pos_;
        return true;
      }
      if (!at(',')) return expected("',' or '}' after an object member");
      ++pos_;
      skipSpace();
    }
  }

  bool array(unsigned depth) {
    ++pos_;
    skipSpace();
    if (at(']')) {
      ++pos_;
      return true;
    }
    for (bool first = true;; first = false) {
      if (!value(depth, first ? "a value or ']'" : "a value after ','")) return false;
      skipSpace();
      if (at(']')) {
        ++pos_;
        return true;
      }
      if (!at(',')) return expected("',' or ']' after an array element");
      ++pos_;
      skipSpace();
    }
  }

  bool number() {
    NumberScan scan = scanNumber(text_, pos_);
    if (!scan.problem) {
      pos_ = scan.end;
      return true;
    }
    size_t end = pos_;
    while (end < text_.size() && (isWordChar(text_[end]) || llvm::StringRef("+-.").contains(text_[end])))
      ++end;
    return fail("malformed number '" + text_.slice(pos_, end).str() + "': " + scan.problem, pos_, end - pos_);
  }

  bool string() {
    size_t open = pos_++;
    while (true) {
      if (atEnd()) return fail("unterminated string: the input ends before its closing '\"'", open);
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c == '\\') {
        if (!escape()) return false;
      } else if (c < 0x20) {
        return fail(
            "unescaped control character " + hexByte(c) + " in a string (write it as " + escapeFor(c) + ")",
            pos_);
      } else {
        ++pos_;
      }
    }
  }

  /// The UTF-16 code unit of a `\uXXXX` escape at `offset`.
  std::optional<unsigned> hexEscape(size_t offset) const {
    if (offset + 6 > text_.size() || text_[offset + 1] != 'u') return std::nullopt;
    unsigned unit = 0;
    for (char c : text_.substr(offset + 2, 4)) {
      unsigned digit = llvm::hexDigitValue(c);
      if (digit == ~0U) return std::nullopt;
      unit = unit * 16 + digit;
    }
    return unit;
  }

  bool badHexEscape(size_t offset) {
    size_t end = offset + 2;
    while (end < offset + 6 && end < text_.size() && text_[end] > 0x20 && text_[end] < 0x7f &&
           text_[end] != '"')
      ++end;
    return fail("invalid escape '" + text_.slice(offset, end).str() + "': expected 4 hex digits after '\\u'",
                offset, end - offset);
  }

  /// An escape at the current byte (a backslash inside a string).
  bool escape() {
    size_t at = pos_;
    if (at + 1 >= text_.size()) {
      pos_ = text_.size();  // the string is unterminated
      return true;
    }
    char kind = text_[at + 1];
    if (kind != 'u') {
      if (kind == '"' || kind == '\\' || kind == '/' || kind == 'b' || kind == 'f' || kind == 'n' ||
          kind == 'r' || kind == 't') {
        pos_ += 2;
        return true;
      }
      std::string shown = kind > 0x20 && kind < 0x7f ? "'\\" + std::string(1, kind) + "'"
                                                     : "'\\' followed by " + found(at + 1);
      return fail("invalid escape " + shown +
                      " in a string (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u with 4 hex digits)",
                  at, 2);
    }
    std::optional<unsigned> unit = hexEscape(at);
    if (!unit) return badHexEscape(at);
    std::string written = text_.substr(at, 6).str();
    if (*unit >= 0xdc00 && *unit <= 0xdfff)
      return fail("invalid escape '" + written +
                      "': a UTF-16 low surrogate without a high surrogate before it is not a "
                      "character and cannot be written as UTF-8",
                  at, 6);
    if (*unit >= 0xd800 && *unit <= 0xdbff) {
      size_t next = at + 6;
      if (next + 1 < text_.size() && text_[next] == '\\' && text_[next + 1] == 'u') {
        std::optional<unsigned> low = hexEscape(next);
        if (!low) return badHexEscape(next);
        if (*low >= 0xdc00 && *low <= 0xdfff) {
          pos_ = next + 6;
          return true;
        }
      }
      return fail("invalid escape '" + written +
                      "': a UTF-16 high surrogate must be followed by a low surrogate escape "
                      "(\\udc00-\\udfff); alone it is not a character and cannot be written as UTF-8",
                  at, 6);
    }
    pos_ = at + 6;
    return true;
  }

  llvm::StringRef text_;
  size_t start_;
  size_t pos_;
  const LineTable& lines_;
  std::optional<Error> error_;
};

}  // namespace

std::optional<Error> findJsonError(llvm::StringRef text, size_t start, const LineTable& lines) {
  const auto* begin = reinterpret_cast<const llvm::UTF8*>(text.data());
  const llvm::UTF8* bad = begin;
  if (!llvm::isLegalUTF8String(&bad, begin + text.size())) {
    size_t offset = static_cast<size_t>(bad - begin);
    return makeError("invalid JSON: byte " + hexByte(static_cast<unsigned char>(text[offset])) +
                         " at offset " + std::to_string(offset) + " is not valid UTF-8",
                     lines.locate(offset));
  }
  return Scanner(text, start, lines).run();
}

std::optional<double> pythonNonFinite(llvm::StringRef token) {
  if (token == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (token == "Infinity") return std::numeric_limits<double>::infinity();
  if (token == "-Infinity") return -std::numeric_limits<double>::infinity();
  return std::nullopt;
}

std::optional<double> jsonNumberAsDouble(llvm::StringRef token) {
  NumberScan scan = scanNumber(token, 0);
  if (scan.problem || scan.end != token.size()) return std::nullopt;
  // strtod reads the JSON grammar exactly (graphlint keeps the "C" locale), rounds correctly,
  // and gives inf or 0 beyond a double's range, as Python's float() does.
  std::string copy = token.str();
  return std::strtod(copy.c_str(), nullptr);
}

}  // namespace graphlint
