#include "frontends/yaml/YamlValue.h"

#include <cerrno>
#include <cmath>
#include <optional>
#include <cstdlib>
#include <string>

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ConvertUTF.h"
#include "yaml-cpp/depthguard.h"
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

class Converter {
 public:
  Result<Value> convert(const YAML::Node& node) {
    SourceLoc loc = locOf(node.Mark());
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null: return Value::null(loc);
      case YAML::NodeType::Scalar: return scalar(node, loc);
      case YAML::NodeType::Sequence: {
        std::vector<Value> items;
        items.reserve(node.size());
        for (const YAML::Node& item : node) {
          Result<Value> value = convert(item);
          if (!value) return value.error();
          items.push_back(std::move(*value));
        }
        return Value::list(std::move(items), loc);
      }
      case YAML::NodeType::Map: {
        std::vector<Value::Entry> entries;
        llvm::StringMap<SourceLoc> seen;
        for (const auto& pair : node) {
          const YAML::Node& key = pair.first;
          SourceLoc keyLoc = locOf(key.Mark());
          if (!key.IsScalar())
            return makeError("a mapping key must be a plain name, not a list or mapping", keyLoc);
          std::string name = key.Scalar();
          keyLoc.length = static_cast<uint32_t>(std::max<size_t>(1, name.size()));
          auto [it, inserted] = seen.try_emplace(name, keyLoc);
          if (!inserted)
            return makeError("duplicate key '" + name + "' (first written at line " +
                                 std::to_string(it->second.line) + ")",
                             keyLoc);
          Result<Value> value = convert(pair.second);
          if (!value) return value.error();
          entries.push_back(Value::Entry{std::move(name), std::move(*value), keyLoc});
        }
        Value map = Value::map(std::move(entries), loc);
        return map;
      }
    }
    return Value::null(loc);
  }

 private:
  Result<Value> scalar(const YAML::Node& node, SourceLoc loc) {
    const std::string& text = node.Scalar();
    loc.length = static_cast<uint32_t>(std::max<size_t>(1, text.size()));
    // yaml-cpp tags quoted scalars "!" and plain ones "?": only plain scalars get a type.
    if (node.Tag() != "?") return Value::string(text, loc);
    if (isYamlNull(text)) return Value::null(loc);
    if (auto b = yamlBool(text)) return Value::boolean(*b, loc);
    bool overflow = false;
    if (auto i = yamlInt(text, overflow)) return Value::integer(*i, loc);
    if (overflow)
      return makeError("integer " + text + " does not fit in 64 bits", loc);
    if (auto f = yamlFloat(text)) return Value::number(*f, loc);
    return Value::string(text, loc);
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
    std::vector<YAML::Node> documents = YAML::LoadAll(text.str());
    if (documents.size() > 1)
      return makeError("a model spec holds one YAML document, found " + std::to_string(documents.size()) +
                           " (separated by '---'); the second starts here",
                       locOf(documents[1].Mark()));
    if (documents.empty()) return Value::null(SourceLoc{1, 1, 1});
    return Converter().convert(documents.front());
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
