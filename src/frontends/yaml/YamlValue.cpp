#include "frontends/yaml/YamlValue.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <istream>
#include <memory>
#include <streambuf>
#include <string>

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ConvertUTF.h"
#include "yaml-cpp/depthguard.h"
#include "yaml-cpp/eventhandler.h"
#include "yaml-cpp/parser.h"
#include "yaml-cpp/yaml.h"

namespace graphlint {
namespace {

SourceLoc locOf(const YAML::Mark& mark, size_t length = 1) {
  if (mark.line < 0) return {};
  return {static_cast<uint32_t>(mark.line + 1), static_cast<uint32_t>(mark.column + 1),
          static_cast<uint32_t>(length)};
}

/// The 1-based line and column of a byte offset.
SourceLoc locOfOffset(llvm::StringRef text, size_t offset) {
  llvm::StringRef before = text.take_front(offset);
  uint32_t line = 1 + static_cast<uint32_t>(before.count('\n'));
  size_t lineStart = before.rfind('\n');
  uint32_t column = static_cast<uint32_t>(offset - (lineStart == llvm::StringRef::npos ? 0 : lineStart + 1)) + 1;
  return {line, column, 1};
}

bool isYamlNull(llvm::StringRef s) { return s == "null" || s == "Null" || s == "NULL" || s == "~"; }

std::optional<bool> yamlBool(llvm::StringRef s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

/// YAML 1.2 core schema int: [-+]?[0-9]+ (also 0x.., 0o..). Out-of-range ints stay unparsed.
std::optional<int64_t> yamlInt(llvm::StringRef s, bool& overflow) {
  overflow = false;
  llvm::StringRef digits = s;
  if (digits.startswith("-") || digits.startswith("+")) digits = digits.drop_front();
  if (digits.empty() || !llvm::all_of(digits, [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  errno = 0;
  std::string copy = s.str();
  char* end = nullptr;
  long long value = std::strtoll(copy.c_str(), &end, 10);
  if (errno == ERANGE) {
    overflow = true;
    return std::nullopt;
  }
  return static_cast<int64_t>(value);
}

std::optional<double> yamlFloat(llvm::StringRef s) {
  if (s == ".inf" || s == ".Inf" || s == "+.inf") return HUGE_VAL;
  if (s == "-.inf" || s == "-.Inf") return -HUGE_VAL;
  if (s == ".nan" || s == ".NaN") return std::nan("");
  if (s.empty() || s.find_first_not_of("0123456789+-.eE") != llvm::StringRef::npos) return std::nullopt;
  if (s.find_first_of("0123456789") == llvm::StringRef::npos) return std::nullopt;
  std::string copy = s.str();
  char* end = nullptr;
  double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return value;
}

/// Builds Values straight from yaml-cpp's parse events, without its node tree: several times
/// faster and lighter on large files.
class ValueBuilder final : public YAML::EventHandler {
 public:
  /// Thrown out of the event callbacks (yaml-cpp's parser is exception-safe) and caught in
  /// parseYaml.
  struct Failure {
    Error error;
  };

  /// Aliases copy the anchored value; this bounds what a "billion laughs" file can expand to.
  static constexpr size_t kMaxAliasedValues = 1'000'000;

  std::optional<Value> root;
  unsigned documents = 0;

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents > 1)
      fail("a model spec holds one YAML document, found a second one (after '---')", locOf(mark));
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    complete(Value::null(locOf(mark)), anchor, 1, nullptr);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (anchor >= anchored_.size() || !anchored_[anchor].first)
      fail("alias to an anchor that is not defined yet", locOf(mark));
    aliased_ += anchored_[anchor].second;
    if (aliased_ > kMaxAliasedValues)
      fail("aliases expand to more than " + std::to_string(kMaxAliasedValues) +
               " values; graphlint stops here rather than exhaust memory",
           locOf(mark));
    complete(*anchored_[anchor].first, YAML::NullAnchor, anchored_[anchor].second, nullptr);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& text) override {
    // A quoted scalar's mark is at its opening quote: cover both quotes.
    SourceLoc loc = locOf(mark, std::max<size_t>(1, text.size() + (tag == "!" ? 2 : 0)));
    complete(scalar(text, tag, loc), anchor, 1, &text);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    stack_.emplace_back(Value::Kind::List, locOf(mark), anchor);
  }
  void OnSequenceEnd() override { finishFrame(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    stack_.emplace_back(Value::Kind::Map, locOf(mark), anchor);
  }
  void OnMapEnd() override { finishFrame(); }

 private:
  struct Frame {
    Frame(Value::Kind kind, SourceLoc loc, YAML::anchor_t anchor) : kind(kind), loc(loc), anchor(anchor) {}
    Value::Kind kind;
    SourceLoc loc;
    YAML::anchor_t anchor;
    std::vector<Value> items;
    std::vector<Value::Entry> entries;
    std::optional<std::string> key;
    SourceLoc keyLoc;
    size_t count = 1;
    std::unique_ptr<llvm::StringMap<SourceLoc>> seen;  // key index, once the map is large
  };

  [[noreturn]] static void fail(std::string message, SourceLoc loc) { throw Failure{makeError(std::move(message), loc)}; }

  static Value scalar(const std::string& text, const std::string& tag, SourceLoc loc) {
    // yaml-cpp tags plain scalars "?" and quoted ones "!": only plain scalars get a type.
    if (tag != "?") return Value::string(text, loc);
    if (isYamlNull(text)) return Value::null(loc);
    if (auto b = yamlBool(text)) return Value::boolean(*b, loc);
    bool overflow = false;
    if (auto i = yamlInt(text, overflow)) return Value::integer(*i, loc);
    if (overflow) fail("integer " + text + " does not fit in 64 bits", loc);
    if (auto f = yamlFloat(text)) return Value::number(*f, loc);
    return Value::string(text, loc);
  }

  void finishFrame() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    Value value = frame.kind == Value::Kind::List ? Value::list(std::move(frame.items), frame.loc)
                                                  : Value::map(std::move(frame.entries), frame.loc);
    complete(std::move(value), frame.anchor, frame.count, nullptr);
  }

  /// A value is complete: remember it for aliases, then place it in its parent.
  void complete(Value value, YAML::anchor_t anchor, size_t count, const std::string* scalarText) {
    if (anchor != YAML::NullAnchor) {
      if (anchored_.size() <= anchor) anchored_.resize(anchor + 1);
      anchored_[anchor] = {value, count};
    }
    if (stack_.empty()) {
      root = std::move(value);
      return;
    }
    Frame& parent = stack_.back();
    parent.count += count;
    if (parent.kind == Value::Kind::List) {
      parent.items.push_back(std::move(value));
      return;
    }
    if (!parent.key) {
      if (!scalarText) fail("a mapping key must be a plain name, not a list or mapping", value.loc());
      parent.key = *scalarText;
      parent.keyLoc = value.loc();
      checkDuplicate(parent);
      return;
    }
    parent.entries.push_back(Value::Entry{std::move(*parent.key), std::move(value), parent.keyLoc});
    parent.key.reset();
  }

  void checkDuplicate(Frame& map) {
    const std::string& key = *map.key;
    const SourceLoc* first = nullptr;
    if (map.seen) {
      auto it = map.seen->find(key);
      if (it != map.seen->end()) first = &it->second;
    } else {
      for (const Value::Entry& e : map.entries)
        if (e.key == key) first = &e.keyLoc;
    }
    if (first) fail("duplicate key '" + key + "' (first written at line " + std::to_string(first->line) + ")", map.keyLoc);
    if (!map.seen && map.entries.size() >= 16) {
      map.seen = std::make_unique<llvm::StringMap<SourceLoc>>();
      for (const Value::Entry& e : map.entries) map.seen->try_emplace(e.key, e.keyLoc);
    }
    if (map.seen) map.seen->try_emplace(key, map.keyLoc);
  }

  std::vector<Frame> stack_;
  std::vector<std::pair<std::optional<Value>, size_t>> anchored_;
  size_t aliased_ = 0;
};

/// A read-only stream over text already in memory, so the parser needs no copy.
class MemoryStreamBuf final : public std::streambuf {
 public:
  explicit MemoryStreamBuf(llvm::StringRef text) {
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};

/// Rejects binary input before the YAML parser sees it: a NUL byte or invalid UTF-8.
std::optional<Error> checkText(llvm::StringRef text) {
  size_t nul = text.find('\0');
  const auto* begin = reinterpret_cast<const llvm::UTF8*>(text.data());
  const llvm::UTF8* bad = begin;
  bool utf8 = llvm::isLegalUTF8String(&bad, begin + text.size());
  size_t badOffset = utf8 ? llvm::StringRef::npos : static_cast<size_t>(bad - begin);
  size_t offset = std::min(nul, badOffset);
  if (offset == llvm::StringRef::npos) return std::nullopt;
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(text[offset]));
  return makeError(std::string("not a text file: byte ") + hex + " at offset " +
                       std::to_string(offset) +
                       (offset == nul ? " is a NUL character" : " is not valid UTF-8"),
                   locOfOffset(text, offset));
}

}  // namespace

Result<Value> parseYaml(llvm::StringRef text) {
  if (std::optional<Error> error = checkText(text)) return *error;
  try {
    MemoryStreamBuf buffer(text);
    std::istream stream(&buffer);
    YAML::Parser parser(stream);
    ValueBuilder builder;
    while (parser.HandleNextDocument(builder)) {
    }
    if (!builder.root) return Value::null(SourceLoc{1, 1, 1});
    return std::move(*builder.root);
  } catch (const ValueBuilder::Failure& failure) {
    return failure.error;
  } catch (const YAML::DeepRecursion& e) {
    SourceLoc loc = locOf(e.mark);
    return makeError("invalid YAML: nested more than 2000 levels deep", loc.isValid() ? loc : SourceLoc{1, 1, 1});
  } catch (const YAML::Exception& e) {
    SourceLoc loc = locOf(e.mark);
    if (!loc.isValid()) loc = {1, 1, 1};
    std::string message = e.msg;
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
    return makeError("invalid YAML: " + message, loc);
  } catch (const std::exception& e) {
    return makeError(std::string("invalid YAML: ") + e.what(), SourceLoc{1, 1, 1});
  }
}

}  // namespace graphlint
