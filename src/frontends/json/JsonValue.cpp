#include "frontends/json/JsonValue.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include <simdjson.h>

#include "llvm/ADT/StringMap.h"

#include "frontends/json/JsonSyntax.h"
#include "support/LineTable.h"

namespace graphlint {
namespace {

namespace ondemand = simdjson::ondemand;

constexpr llvm::StringLiteral kByteOrderMark = "\xEF\xBB\xBF";

/// Maps with more keys than this find duplicates through a hash index instead of a scan.
constexpr size_t kLinearKeySearch = 16;

bool isJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// A raw token without the whitespace simdjson's raw tokens run on into.
std::string_view trimmed(std::string_view token) {
  while (!token.empty() && isJsonSpace(token.back())) token.remove_suffix(1);
  return token;
}

/// Builds the Value tree while walking simdjson's On-Demand iterator. On-Demand validates only
/// what it is asked to read, so the walk reads every value, key and separator. A failed walk
/// only records simdjson's error code: parseJson asks findJsonError for the reason and place.
class TreeBuilder {
 public:
  /// `buffer` holds the document (without a byte-order mark), which starts at `textOffset` in
  /// the text `lines` indexes.
  TreeBuilder(std::string_view buffer, size_t textOffset, const LineTable& lines)
      : buffer_(buffer), textOffset_(textOffset), lines_(lines) {}

  /// The whole document into `root`; false when it is not valid JSON.
  bool document(ondemand::document& doc, Value& root) {
    std::string_view token;
    if (simdjson::error_code error = doc.raw_json_token().get(token)) return fail(error, nullptr);
    token = trimmed(token);
    if (token.empty()) return fail(simdjson::EMPTY, nullptr);
    if (token[0] == '[' || token[0] == '{') {
      // The root-level accessors check that the text ends with the matching bracket, which
      // keeps the walk of a truncated document inside the text.
      SourceLoc loc = locate(token.data(), 1);
      bool built = false;
      if (token[0] == '[') {
        ondemand::array array;
        if (simdjson::error_code error = doc.get_array().get(array)) return fail(error, token.data());
        built = list(array, loc, 1, root);
      } else {
        ondemand::object object;
        if (simdjson::error_code error = doc.get_object().get(object)) return fail(error, token.data());
        built = map(object, loc, 1, root);
      }
      if (!built) return false;
      const char* trailing = nullptr;
      if (doc.current_location().get(trailing) != simdjson::OUT_OF_BOUNDS)
        return fail(simdjson::TRAILING_CONTENT, trailing);
      return true;
    }
    for (const char* p = token.data() + token.size(); p < buffer_.data() + buffer_.size(); ++p)
      if (!isJsonSpace(*p)) return fail(simdjson::TRAILING_CONTENT, p);
    return scalar(doc, token, root);
  }

  std::vector<JsonWarning> takeWarnings() { return std::move(warnings_); }

  /// Records why simdjson rejected the text; returns false.
  bool fail(simdjson::error_code error, const char* where) {
    failure_ = error;
    failureAt_ = where;
    return false;
  }

  /// simdjson's words for the failure, for when findJsonError finds nothing to blame (which
  /// would be a disagreement between the two readers).
  Error fallbackError() const {
    std::string message = simdjson::error_message(failure_);
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
    while (!message.empty() && message.back() == '.') message.pop_back();
    return makeError("invalid JSON: " + message, failureAt_ ? locate(failureAt_, 1) : SourceLoc{1, 1, 1});
  }

 private:
  SourceLoc locate(const char* p, size_t length) const {
    return lines_.locate(static_cast<size_t>(p - buffer_.data()) + textOffset_, length);
  }

  static bool isContainer(std::string_view token) { return token[0] == '[' || token[0] == '{'; }

  /// The raw token of a value, where it starts.
  bool tokenOf(ondemand::value& v, std::string_view& token) {
    token = trimmed(v.raw_json_token());
    return !token.empty() || fail(simdjson::TAPE_ERROR, nullptr);
  }

  /// An array or object (`token` is its opening bracket) inside `depth` levels of them.
  bool container(ondemand::value& v, std::string_view token, unsigned depth, Value& out) {
    if (depth >= kMaxJsonDepth) return fail(simdjson::DEPTH_ERROR, token.data());
    SourceLoc loc = locate(token.data(), 1);
    if (token[0] == '[') {
      ondemand::array array;
      if (simdjson::error_code error = v.get_array().get(array)) return fail(error, token.data());
      return list(array, loc, depth + 1, out);
    }
    ondemand::object object;
    if (simdjson::error_code error = v.get_object().get(object)) return fail(error, token.data());
    return map(object, loc, depth + 1, out);
  }

  // Children gather on stacks shared by all levels (items_, entries_), so that each list or
  // map is allocated once at its exact size. Scalars are built in place; a container is built
  // aside first, since building it can move the stack.

  bool list(ondemand::array& array, SourceLoc loc, unsigned depth, Value& out) {
    size_t first = items_.size();
    for (auto element : array) {
      ondemand::value child;
      std::string_view token;
      if (simdjson::error_code error = std::move(element).get(child)) return fail(error, nullptr);
      if (!tokenOf(child, token)) return false;
      if (isContainer(token)) {
        Value built;
        if (!container(child, token, depth, built)) return false;
        items_.push_back(std::move(built));
      } else if (!scalar(child, token, items_.emplace_back())) {
        return false;
      }
    }
    auto begin = items_.begin() + static_cast<std::ptrdiff_t>(first);
    std::vector<Value> items(std::make_move_iterator(begin), std::make_move_iterator(items_.end()));
    items_.erase(begin, items_.end());
    out = Value::list(std::move(items), loc);
    return true;
  }

  bool map(ondemand::object& object, SourceLoc loc, unsigned depth, Value& out) {
    size_t first = entries_.size();
    std::unique_ptr<llvm::StringMap<size_t>> index;  // key -> entry, once the map is large
    for (auto member : object) {
      ondemand::field field;
      std::string_view token;
      if (simdjson::error_code error = std::move(member).get(field)) return fail(error, nullptr);
      const char* keyOpen = field.key().raw() - 1;
      ondemand::value& child = field.value();
      if (!tokenOf(child, token)) return false;
      // The key's closing quote is the last one before the value: only ':' and whitespace,
      // which On-Demand has checked, lie between them.
      const char* keyClose = token.data();
      while (*--keyClose != '"') {
      }
      std::string_view key(keyOpen + 1, static_cast<size_t>(keyClose - keyOpen - 1));
      if (std::memchr(key.data(), '\\', key.size()) && field.unescaped_key().get(key) != simdjson::SUCCESS)
        return fail(simdjson::STRING_ERROR, keyOpen);
      size_t slot = entryFor(first, index, key, locate(keyOpen, static_cast<size_t>(keyClose - keyOpen + 1)));
      if (isContainer(token)) {
        Value built;
        if (!container(child, token, depth, built)) return false;
        entries_[slot].value = std::move(built);
      } else if (!scalar(child, token, entries_[slot].value)) {
        return false;
      }
    }
    auto begin = entries_.begin() + static_cast<std::ptrdiff_t>(first);
    std::vector<Value::Entry> entries(std::make_move_iterator(begin),
                                      std::make_move_iterator(entries_.end()));
    entries_.erase(begin, entries_.end());
    out = Value::map(std::move(entries), loc);
    return true;
  }

  /// The entry for `key` in the map whose entries start at `first`: a new one, or for a
  /// repeated key the existing one, whose value the new one replaces while the first key's
  /// position stays, as in a Python dict.
  size_t entryFor(size_t first, std::unique_ptr<llvm::StringMap<size_t>>& index, std::string_view key,
                  SourceLoc keyLoc) {
    llvm::StringRef name(key.data(), key.size());
    std::optional<size_t> existing;
    if (index) {
      auto it = index->find(name);
      if (it != index->end()) existing = it->second;
    } else {
      for (size_t i = first; i < entries_.size() && !existing; ++i)
        if (entries_[i].key == name) existing = i;
    }
    if (existing) {
      const Value::Entry& entry = entries_[*existing];
      warnings_.push_back({"duplicate key '" + entry.key + "' (first at line " +
                               std::to_string(entry.keyLoc.line) +
                               "): the last value is used, as Python's json module does",
                           keyLoc});
      return *existing;
    }
    entries_.push_back(Value::Entry{std::string(key), Value(), keyLoc});
    if (index) {
      index->try_emplace(name, entries_.size() - 1);
    } else if (entries_.size() - first > kLinearKeySearch) {
      index = std::make_unique<llvm::StringMap<size_t>>();
      for (size_t i = first; i < entries_.size(); ++i) index->try_emplace(entries_[i].key, i);
    }
    return entries_.size() - 1;
  }

  /// A scalar from a value inside the document or from a document that is a scalar.
  template <class Source>
  bool scalar(Source& source, std::string_view token, Value& out) {
    SourceLoc loc = locate(token.data(), token.size());
    switch (token[0]) {
      case '"': {
        // simdjson has already validated UTF-8, control characters and the closing quote of
        // every string: one without escapes is its raw text.
        std::string_view content = token.substr(1, token.size() - 2);
        if (token.size() >= 2 && token.back() == '"' && !std::memchr(content.data(), '\\', content.size())) {
          if (!skipString(source)) return fail(simdjson::STRING_ERROR, token.data());
          out = Value::string(std::string(content), loc);
          return true;
        }
        std::string_view unescaped;
        if (simdjson::error_code error = source.get_string().get(unescaped)) return fail(error, token.data());
        out = Value::string(std::string(unescaped), loc);
        return true;
      }
      // Literals are compared directly: simdjson's document-level accessors refuse a root
      // literal followed by whitespace.
      case 't':
      case 'f':
        if (token != "true" && token != "false") return fail(simdjson::INCORRECT_TYPE, token.data());
        out = Value::boolean(token[0] == 't', loc);
        return true;
      case 'n':
        if (token != "null") return fail(simdjson::N_ATOM_ERROR, token.data());
        out = Value::null(loc);
        return true;
      case 'N':
      case 'I': return nonFinite(token, loc, out);
      default: return number(source, token, loc, out);
    }
  }

  /// Moves past a string value without decoding it. This matters: when On-Demand skips an
  /// unread string followed by ':', it takes it for a key, and would accept `[["a": 1}]]`.
  static bool skipString(ondemand::value& v) {
    ondemand::raw_json_string raw;
    return v.get_raw_json_string().get(raw) == simdjson::SUCCESS;
  }
  /// A document that is a string is not iterated further.
  static bool skipString(ondemand::document&) { return true; }

  bool nonFinite(std::string_view token, SourceLoc loc, Value& out) {
    std::optional<double> d = pythonNonFinite(llvm::StringRef(token.data(), token.size()));
    if (!d) return fail(simdjson::INCORRECT_TYPE, token.data());
    out = Value::number(*d, loc);
    return true;
  }

  template <class Source>
  bool number(Source& source, std::string_view token, SourceLoc loc, Value& out) {
    // The token decides integer or float, and numbers of more than 19 digits go to strtod:
    // simdjson 3.0.1 misreads some of them (get_number() returns 0, simdjson issue #2099;
    // get_double() overflows on "0." and many digits, issue #2093).
    std::string_view mantissa = token.substr(0, token.find_first_of("eE"));
    bool isInteger = mantissa.size() == token.size() && mantissa.find('.') == std::string_view::npos;
    if (std::count_if(mantissa.begin(), mantissa.end(), [](char c) { return c >= '0' && c <= '9'; }) <= 19) {
      if (isInteger) {
        int64_t i = 0;
        if (source.get_int64().get(i) == simdjson::SUCCESS) {
          out = Value::integer(i, loc);
          return true;
        }
      } else {
        double d = 0;
        if (source.get_double().get(d) == simdjson::SUCCESS) {
          out = Value::number(d, loc);
          return true;
        }
      }
    }
    if (token[0] == '-' && token.size() > 1 && token[1] == 'I') return nonFinite(token, loc, out);
    // Integers beyond 64 bits, exponents beyond a double's range (which simdjson refuses and
    // Python reads as int and inf) and long numbers.
    std::optional<double> d = jsonNumberAsDouble(llvm::StringRef(token.data(), token.size()));
    if (!d) return fail(simdjson::NUMBER_ERROR, token.data());
    out = Value::number(*d, loc);
    return true;
  }

  std::string_view buffer_;
  size_t textOffset_;
  const LineTable& lines_;
  std::vector<JsonWarning> warnings_;
  std::vector<Value> items_;           // children of the lists being built, innermost last
  std::vector<Value::Entry> entries_;  // members of the maps being built, innermost last
  simdjson::error_code failure_ = simdjson::SUCCESS;
  const char* failureAt_ = nullptr;
};

}  // namespace

Result<ParsedJson> parseJson(llvm::StringRef text) {
  // simdjson and SourceLoc count bytes in 32 bits.
  if (text.size() >= std::numeric_limits<uint32_t>::max())
    return makeError(
        "JSON input of " + std::to_string(text.size()) + " bytes is too large: graphlint reads up to 4 GiB",
        SourceLoc{1, 1, 1});
  LineTable lines(text);
  size_t start = text.startswith(kByteOrderMark) ? kByteOrderMark.size() : 0;
  llvm::StringRef body = text.drop_front(start);
  // simdjson reads in blocks past the end of the text: it needs a padded copy.
  simdjson::padded_string padded(body.data(), body.size());
  ondemand::parser parser;
  ondemand::document doc;
  TreeBuilder builder(std::string_view(padded.data(), body.size()), start, lines);
  Value root;
  simdjson::error_code error = parser.iterate(padded).get(doc);
  bool built = error ? builder.fail(error, nullptr) : builder.document(doc, root);
  if (built) return ParsedJson{std::move(root), builder.takeWarnings()};
  if (std::optional<Error> syntax = findJsonError(text, start, lines)) return *syntax;
  return builder.fallbackError();
}

}  // namespace graphlint
