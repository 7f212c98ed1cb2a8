// parseJson: Python's json module semantics (strict RFC 8259 plus NaN and Infinity, the last
// of duplicate keys), exact error positions, and the source positions of every value.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "frontends/json/JsonValue.h"

using namespace graphlint;

namespace {

ParsedJson parsed(const std::string& text) {
  Result<ParsedJson> result = parseJson(text);
  INFO("input: " << text);
  if (!result) FAIL("parse error: " << result.error().message);
  return std::move(*result);
}

Value parsedRoot(const std::string& text) { return parsed(text).root; }

void checkLoc(SourceLoc loc, uint32_t line, uint32_t column, uint32_t length) {
  CHECK(loc.line == line);
  CHECK(loc.column == column);
  CHECK(loc.length == length);
}

void checkError(const std::string& text, const std::string& message, uint32_t line, uint32_t column) {
  Result<ParsedJson> result = parseJson(text);
  INFO("input: " << text);
  if (result) FAIL("parsed as " << result->root.str());
  CHECK_THAT(result.error().message, Catch::Contains(message));
  CHECK(result.error().loc.line == line);
  CHECK(result.error().loc.column == column);
}

std::string nested(const std::string& open, const std::string& inner, const std::string& close, int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += open;
  text += inner;
  for (int i = 0; i < depth; ++i) text += close;
  return text;
}

}  // namespace

TEST_CASE("scalars read with the types Python gives them", "[json]") {
  auto [text, kind, shown] = GENERATE(table<std::string, Value::Kind, std::string>({
      {"null", Value::Kind::Null, "None"},
      {"true", Value::Kind::Bool, "True"},
      {"false", Value::Kind::Bool, "False"},
      {"0", Value::Kind::Int, "0"},
      {"-0", Value::Kind::Int, "0"},
      {"42", Value::Kind::Int, "42"},
      {"-17", Value::Kind::Int, "-17"},
      {"1.0", Value::Kind::Float, "1.0"},
      {"1e5", Value::Kind::Float, "1e+05"},
      {"-2.5E-3", Value::Kind::Float, "-0.0025"},
      {"\"relu\"", Value::Kind::String, "\"relu\""},
      {"\"a\\nb\"", Value::Kind::String, "\"a\nb\""},
      {"NaN", Value::Kind::Float, "nan"},
      {"-Infinity", Value::Kind::Float, "-inf"},
      {"123456789012345678901", Value::Kind::Float, "1.2345678901234568e+20"},
      {"[]", Value::Kind::List, "[]"},
      {"{}", Value::Kind::Map, "{}"},
  }));
  for (const std::string& spaced : {text, " \t\r\n" + text + "\n\n"}) {
    Value v = parsedRoot(spaced);
    INFO(spaced);
    CHECK(v.kind() == kind);
    CHECK(v.str() == shown);
  }
}

TEST_CASE("integers that fit 64 bits are integers; other numbers are doubles", "[json]") {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  auto [text, kind, value] = GENERATE_COPY(table<std::string, Value::Kind, double>({
      {"9223372036854775807", Value::Kind::Int, 9223372036854775807.0},
      {"-9223372036854775808", Value::Kind::Int, -9223372036854775808.0},
      {"9223372036854775808", Value::Kind::Float, 9223372036854775808.0},
      {"18446744073709551615", Value::Kind::Float, 18446744073709551615.0},
      {"18446744073709551616", Value::Kind::Float, 18446744073709551616.0},
      {"-9223372036854775809", Value::Kind::Float, -9223372036854775809.0},
      {"123456789012345678901234567890", Value::Kind::Float, 123456789012345678901234567890.0},
      {"0.1", Value::Kind::Float, 0.1},
      // More than 19 significant digits (simdjson's get_number() reads these as 0).
      {"1.012345678901234567890123", Value::Kind::Float, 1.012345678901234567890123},
      {"-92233782036.54775808", Value::Kind::Float, -92233782036.54775808},
      {"0.30000000000000000000000001e1", Value::Kind::Float, 3.0},
      {"2.5e+3", Value::Kind::Float, 2500.0},
      {"1E-2", Value::Kind::Float, 0.01},
      {"1.7976931348623157e308", Value::Kind::Float, 1.7976931348623157e308},
      {"4.9e-324", Value::Kind::Float, 4.9e-324},
      {"1e400", Value::Kind::Float, kInf},
      {"-1e400", Value::Kind::Float, -kInf},
      {"1e-400", Value::Kind::Float, 0.0},
      {"123456789012345678901234567890e300", Value::Kind::Float, kInf},
  }));
  // As the root and inside a list: simdjson reads the two through different paths.
  for (const std::string& wrapped : {text, "[" + text + "]"}) {
    Value v = parsedRoot(wrapped);
    if (v.isList()) v = v.items().at(0);
    INFO(wrapped);
    CHECK(v.kind() == kind);
    CHECK(v.asNumber() == value);
    checkLoc(v.loc(), 1, wrapped == text ? 1 : 2, static_cast<uint32_t>(text.size()));
  }
  CHECK(parsedRoot("9223372036854775807").asInt() == std::numeric_limits<int64_t>::max());
  CHECK(parsedRoot("-9223372036854775808").asInt() == std::numeric_limits<int64_t>::min());
  CHECK(std::signbit(parsedRoot("-0.0").asNumber()));
  CHECK(parsedRoot("-0.0").isNumber());
  CHECK_FALSE(parsedRoot("-0.0").isInt());
}

TEST_CASE("NaN, Infinity and -Infinity read as Python writes them", "[json]") {
  Value v = parsedRoot("[NaN, Infinity, -Infinity]");
  REQUIRE(v.items().size() == 3);
  CHECK(std::isnan(v.items()[0].asNumber()));
  CHECK(v.items()[1].asNumber() == std::numeric_limits<double>::infinity());
  CHECK(v.items()[2].asNumber() == -std::numeric_limits<double>::infinity());
  for (const Value& item : v.items()) CHECK(item.kind() == Value::Kind::Float);
  checkLoc(v.items()[0].loc(), 1, 2, 3);
  checkLoc(v.items()[1].loc(), 1, 7, 8);
  checkLoc(v.items()[2].loc(), 1, 17, 9);
  CHECK(std::isnan(parsedRoot("NaN").asNumber()));
  CHECK(parsedRoot(" -Infinity ").asNumber() == -std::numeric_limits<double>::infinity());
  CHECK(parsedRoot("{\"a\": Infinity}").find("a")->asNumber() == std::numeric_limits<double>::infinity());
}

TEST_CASE("other spellings of non-finite numbers are errors", "[json]") {
  auto [text, message, column] = GENERATE(table<std::string, std::string, uint32_t>({
      {"[nan]", "expected a value or ']', found 'nan'", 2},
      {"[NAN]", "expected a value or ']', found 'NAN'", 2},
      {"[inf]", "expected a value or ']', found 'inf'", 2},
      {"[infinity]", "expected a value or ']', found 'infinity'", 2},
      {"[-NaN]", "malformed number '-NaN': expected a digit after '-'", 2},
      {"[-Inf]", "malformed number '-Inf': expected a digit after '-'", 2},
      {"[+Infinity]", "expected a value or ']', found '+' (JSON numbers take no '+' sign)", 2},
      {"[NaNa]", "expected ',' or ']' after an array element, found 'a'", 5},
      {"[Infinity1]", "expected ',' or ']' after an array element, found '1'", 10},
      {"nan", "expected a JSON value, found 'nan'", 1},
  }));
  checkError(text, message, 1, column);
}

TEST_CASE("strings decode every escape, surrogate pairs included", "[json]") {
  auto [text, decoded] = GENERATE(table<std::string, std::string>({
      {R"("\"\\\/\b\f\n\r\t")", "\"\\/\b\f\n\r\t"},
      {R"("a\/b")", "a/b"},
      {R"("\u00e9\u4E2D")", "\xc3\xa9\xe4\xb8\xad"},
      {R"("\ud83d\ude00")", "\xf0\x9f\x98\x80"},
      {R"("\uD83D\uDE00!")", "\xf0\x9f\x98\x80!"},
      {R"("\udbff\udfff")", "\xf4\x8f\xbf\xbf"},
      {R"("\u0000")", std::string(1, '\0')},
      {"\"\xc3\xa9\xf0\x9f\x98\x80\"", "\xc3\xa9\xf0\x9f\x98\x80"},
      {R"("")", ""},
  }));
  // As the root and inside a list: simdjson reads the two through different paths.
  CHECK(parsedRoot(text).asString().str() == decoded);
  Value list = parsedRoot("[" + text + ", " + text + "]");
  CHECK(list.items().at(1).asString().str() == decoded);
  checkLoc(list.items().at(1).loc(), 1, static_cast<uint32_t>(text.size() + 4),
           static_cast<uint32_t>(text.size()));
}

TEST_CASE("keys decode escapes and keep their written position", "[json]") {
  Value v = parsedRoot(R"({"a\u0062": 1, "\ud83d\ude00": 2})");
  REQUIRE(v.entries().size() == 2);
  CHECK(v.entries()[0].key == "ab");
  checkLoc(v.entries()[0].keyLoc, 1, 2, 9);
  CHECK(v.entries()[1].key == "\xf0\x9f\x98\x80");
  checkLoc(v.entries()[1].keyLoc, 1, 16, 14);
  checkLoc(v.entries()[1].value.loc(), 1, 32, 1);

  Value quoted = parsedRoot(R"({"a\"b" : "c"})");
  CHECK(quoted.entries().at(0).key == "a\"b");
  checkLoc(quoted.entries()[0].keyLoc, 1, 2, 6);
  checkLoc(quoted.entries()[0].value.loc(), 1, 11, 3);
}

TEST_CASE("a lone UTF-16 surrogate is an error at its escape", "[json]") {
  auto [text, message, line, column] = GENERATE(table<std::string, std::string, uint32_t, uint32_t>({
      {R"(["\ud800"])",
       "invalid escape '\\ud800': a UTF-16 high surrogate must be followed by a low surrogate", 1, 3},
      {R"(["\udc00"])", "invalid escape '\\udc00': a UTF-16 low surrogate without a high surrogate before it",
       1, 3},
      {R"(["ab\uD800\u0041"])", "invalid escape '\\uD800': a UTF-16 high surrogate", 1, 5},
      {R"(["\ud800x"])", "invalid escape '\\ud800'", 1, 3},
      {R"(["\ud83d\ud83d"])", "invalid escape '\\ud83d': a UTF-16 high surrogate", 1, 3},
      {R"(["\ud83d\ude00\ude00"])", "invalid escape '\\ude00': a UTF-16 low surrogate", 1, 15},
      {R"(["\ud800\u12x4"])", "invalid escape '\\u12x4': expected 4 hex digits after '\\u'", 1, 9},
      {R"({"\udfff": 1})", "invalid escape '\\udfff': a UTF-16 low surrogate", 1, 3},
      {"{\n  \"name\": \"\\ud800\"\n}", "cannot be written as UTF-8", 2, 12},
      {R"("\ud800")", "invalid escape '\\ud800'", 1, 2},
  }));
  checkError(text, message, line, column);
}

TEST_CASE("strict JSON: each error says what was expected and where", "[json]") {
  auto [text, message, line, column] = GENERATE(table<std::string, std::string, uint32_t, uint32_t>({
      // Empty and truncated input.
      {"", "expected a JSON value, found the end of the input (the input is empty)", 1, 1},
      {" \n  ", "expected a JSON value, found the end of the input (the input holds only whitespace)", 2, 3},
      {"[", "expected a value or ']', found the end of the input", 1, 2},
      {"{", "expected a string key or '}', found the end of the input", 1, 2},
      {R"({"a")", "expected ':' after an object key, found the end of the input", 1, 5},
      {R"({"a":)", "expected a value after ':', found the end of the input", 1, 6},
      {R"({"a": [1, 2)", "expected ',' or ']' after an array element, found the end of the input", 1, 12},
      {R"({"a": 1)", "expected ',' or '}' after an object member, found the end of the input", 1, 8},
      {R"(["abc)", "unterminated string: the input ends before its closing '\"'", 1, 2},
      {R"(["abc\)", "unterminated string", 1, 2},
      // Separators.
      {"[1,]", "expected a value after ',', found ']' (JSON allows no trailing comma)", 1, 4},
      {"[1,\n  2,\n  ]", "expected a value after ',', found ']' (JSON allows no trailing comma)", 3, 3},
      {R"({"a": 1,})", "expected a string key after ',', found '}' (JSON allows no trailing comma)", 1, 9},
      {"[1,,2]", "expected a value after ',', found ','", 1, 4},
      {R"({"a": 1]})", "expected ',' or '}' after an object member, found ']'", 1, 8},
      {"[1}", "expected ',' or ']' after an array element, found '}'", 1, 3},
      {"[1 2]", "expected ',' or ']' after an array element, found '2'", 1, 4},
      {R"({"a" 1})", "expected ':' after an object key, found '1'", 1, 6},
      {R"({"a": 1 "b": 2})", "expected ',' or '}' after an object member, found '\"'", 1, 9},
      {"{1: 2}", "expected a string key or '}', found '1'", 1, 2},
      {"[\"a\"b]", "expected ',' or ']' after an array element, found 'b'", 1, 5},
      // On-Demand alone takes a string followed by ':' in an array for a key.
      {R"([["a": 1}]])", "expected ',' or ']' after an array element, found ':'", 1, 6},
      {R"([[["a":{"b":[{}]}}]]])", "expected ',' or ']' after an array element, found ':'", 1, 7},
      // Not JSON: comments, single quotes, Python spellings.
      {"// note\n{}", "expected a JSON value, found '/' (JSON has no comments)", 1, 1},
      {R"({"a": 1 /* c */})", "expected ',' or '}' after an object member, found '/' (JSON has no comments)",
       1, 9},
      {"{'a': 1}", "expected a string key or '}', found \"'\" (JSON strings take double quotes)", 1, 2},
      {"['a']", "expected a value or ']', found \"'\" (JSON strings take double quotes)", 1, 2},
      {"[True]", "expected a value or ']', found 'True' (JSON spells it true)", 1, 2},
      {R"({"a": None})", "expected a value after ':', found 'None' (JSON spells it null)", 1, 7},
      {"[tru]", "expected a value or ']', found 'tru'", 1, 2},
      {"[truex]", "expected ',' or ']' after an array element, found 'x'", 1, 6},
      {"[nulll]", "expected ',' or ']' after an array element, found 'l'", 1, 6},
      {"[\x01]", "expected a value or ']', found the control character 0x01", 1, 2},
      // Numbers.
      {"[01]", "malformed number '01': JSON numbers have no leading zeros", 1, 2},
      {"[-007]", "malformed number '-007': JSON numbers have no leading zeros", 1, 2},
      {"00", "malformed number '00': JSON numbers have no leading zeros", 1, 1},
      {"[+1]", "expected a value or ']', found '+' (JSON numbers take no '+' sign)", 1, 2},
      {"[1.]", "malformed number '1.': expected a digit after the decimal point", 1, 2},
      {"[.5]", "expected a value or ']', found '.'", 1, 2},
      {"[1e]", "malformed number '1e': expected a digit in the exponent", 1, 2},
      {"[1E+]", "malformed number '1E+': expected a digit in the exponent", 1, 2},
      {"[-]", "malformed number '-': expected a digit after '-'", 1, 2},
      {"[1.5.3]", "expected ',' or ']' after an array element, found '.'", 1, 5},
      {"[0x10]", "expected ',' or ']' after an array element, found 'x10'", 1, 3},
      // Strings.
      {"[\"a\tb\"]", "unescaped control character 0x09 in a string (write it as \\t)", 1, 4},
      {"[\"a\nb\"]", "unescaped control character 0x0a in a string (write it as \\n)", 1, 4},
      {"[\"\x01\"]", "unescaped control character 0x01 in a string (write it as \\u0001)", 1, 3},
      {std::string("[\"a\0b\"]", 7), "unescaped control character 0x00 in a string", 1, 4},
      {R"(["\x"])", "invalid escape '\\x' in a string", 1, 3},
      {R"(["\'"])", "invalid escape '\\'' in a string", 1, 3},
      {R"(["\u12g4"])", "invalid escape '\\u12g4': expected 4 hex digits after '\\u'", 1, 3},
      {R"(["\u12"])", "invalid escape '\\u12': expected 4 hex digits after '\\u'", 1, 3},
      {R"({"k": "x\U0041"})", "invalid escape '\\U' in a string", 1, 9},
      // Anything after the document.
      {"[1] x", "expected the end of the input after the JSON document, found 'x'", 1, 5},
      {"[1]]", "expected the end of the input after the JSON document, found ']'", 1, 4},
      {R"({"a": 1}})", "expected the end of the input after the JSON document, found '}'", 1, 9},
      {"{} {}", "expected the end of the input after the JSON document, found '{'", 1, 4},
      {"1 2", "expected the end of the input after the JSON document, found '2'", 1, 3},
      {R"("a" "b")", "expected the end of the input after the JSON document, found '\"'", 1, 5},
      {"null\n// end",
       "expected the end of the input after the JSON document, found '/' (JSON has no comments)", 2, 1},
  }));
  checkError(text, "invalid JSON: " + message, line, column);
}

TEST_CASE("invalid UTF-8 is an error at its first byte", "[json]") {
  auto [text, message, line, column] = GENERATE(table<std::string, std::string, uint32_t, uint32_t>({
      {"[\"a\xff\"]", "byte 0xff at offset 3 is not valid UTF-8", 1, 4},
      {"\xff", "byte 0xff at offset 0 is not valid UTF-8", 1, 1},
      {"{\"k\xc0\xaf\": 1}", "byte 0xc0 at offset 3 is not valid UTF-8", 1, 4},      // overlong '/'
      {"[\"\xed\xa0\x80\"]", "byte 0xed at offset 2 is not valid UTF-8", 1, 3},      // an encoded surrogate
      {"[\"\xe2\x82\"]", "byte 0xe2 at offset 2 is not valid UTF-8", 1, 3},          // truncated sequence
      {"[\"\xf5\x80\x80\x80\"]", "byte 0xf5 at offset 2 is not valid UTF-8", 1, 3},  // beyond U+10FFFF
      {"[\n\"\xc3\xa9\xfe\"]", "byte 0xfe at offset 5 is not valid UTF-8", 2, 4},
      // Python decodes the whole file first: invalid UTF-8 wins over an earlier syntax error.
      {"[1,] \"\xff\"", "byte 0xff at offset 6 is not valid UTF-8", 1, 7},
  }));
  checkError(text, "invalid JSON: " + message, line, column);
}

TEST_CASE("a duplicate key keeps the first position, takes the last value and warns", "[json]") {
  ParsedJson json = parsed("{\"units\": 1,\n \"name\": \"d\",\n \"units\": [2]}");
  const Value& root = json.root;
  REQUIRE(root.entries().size() == 2);
  CHECK(root.entries()[0].key == "units");
  CHECK(root.entries()[1].key == "name");
  checkLoc(root.entries()[0].keyLoc, 1, 2, 7);
  const Value& units = root.entries()[0].value;
  REQUIRE(units.isList());
  CHECK(units.str() == "[2]");
  checkLoc(units.loc(), 3, 11, 1);
  REQUIRE(json.warnings.size() == 1);
  CHECK(json.warnings[0].message ==
        "duplicate key 'units' (first at line 1): the last value is used, as Python's json module does");
  checkLoc(json.warnings[0].loc, 3, 2, 7);

  ParsedJson triple = parsed(R"({"a": 1, "a": 2, "a": {"b": 3}})");
  CHECK(triple.root.str() == R"({"a": {"b": 3}})");
  CHECK(triple.warnings.size() == 2);

  ParsedJson separate = parsed(R"({"a": {"a": 1}, "b": [{"a": 2}, {"a": 3}], "c": {"b": 4}})");
  CHECK(separate.warnings.empty());
}

TEST_CASE("duplicate keys are found in large maps too", "[json]") {
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  text += "\"k5\": \"again\", \"k39\": null, \"last\": true}";
  ParsedJson json = parsed(text);
  REQUIRE(json.root.entries().size() == 41);
  CHECK(json.root.entries()[5].key == "k5");
  CHECK(json.root.entries()[5].value.str() == "\"again\"");
  CHECK(json.root.entries()[39].value.isNull());
  CHECK(json.root.entries()[40].key == "last");
  REQUIRE(json.warnings.size() == 2);
  CHECK_THAT(json.warnings[0].message, Catch::StartsWith("duplicate key 'k5'"));
  CHECK_THAT(json.warnings[1].message, Catch::StartsWith("duplicate key 'k39'"));
}

TEST_CASE("nesting is limited to 512 levels, without exhausting the stack", "[json]") {
  Value deepest = parsedRoot(nested("[", "7", "]", 512));
  for (int i = 0; i < 512; ++i) {
    REQUIRE(deepest.isList());
    deepest = Value(deepest.items().at(0));
  }
  CHECK(deepest.asInt() == 7);
  CHECK(parsedRoot(nested("{\"a\":", "1", "}", 512)).isMap());

  checkError(nested("[", "", "]", 513), "invalid JSON: nested more than 512 levels deep", 1, 513);
  checkError(nested("{\"a\": ", "1", "}", 513), "invalid JSON: nested more than 512 levels deep", 1,
             6 * 512 + 1);
  checkError(std::string(1'000'000, '['), "invalid JSON: nested more than 512 levels deep", 1, 513);
  checkError("[" + nested("{\"a\":[", "", "]}", 300), "invalid JSON: nested more than 512 levels deep", 1,
             6 * 256 + 1);
}

TEST_CASE("every value and key has the position of its first byte", "[json]") {
  Value root = parsedRoot(
      "{\n"
      "  \"name\": \"dense_1\",\n"
      "  \"units\": 64,\n"
      "  \"rate\": 0.5,\n"
      "  \"flags\": [true, null, \"x\\ty\"],\n"
      "  \"init\": {\"class_name\": \"Zeros\", \"config\": {}}\n"
      "}\n");
  checkLoc(root.loc(), 1, 1, 1);
  REQUIRE(root.entries().size() == 5);
  checkLoc(root.entries()[0].keyLoc, 2, 3, 6);
  checkLoc(root.entries()[0].value.loc(), 2, 11, 9);
  checkLoc(root.entries()[1].keyLoc, 3, 3, 7);
  checkLoc(root.entries()[1].value.loc(), 3, 12, 2);
  checkLoc(root.entries()[2].keyLoc, 4, 3, 6);
  checkLoc(root.entries()[2].value.loc(), 4, 11, 3);
  const Value& flags = root.entries()[3].value;
  checkLoc(root.entries()[3].keyLoc, 5, 3, 7);
  checkLoc(flags.loc(), 5, 12, 1);
  REQUIRE(flags.items().size() == 3);
  checkLoc(flags.items()[0].loc(), 5, 13, 4);
  checkLoc(flags.items()[1].loc(), 5, 19, 4);
  checkLoc(flags.items()[2].loc(), 5, 25, 6);
  CHECK(flags.items()[2].asString() == "x\ty");
  const Value& init = root.entries()[4].value;
  checkLoc(root.entries()[4].keyLoc, 6, 3, 6);
  checkLoc(init.loc(), 6, 11, 1);
  checkLoc(init.entries()[0].keyLoc, 6, 12, 12);
  checkLoc(init.entries()[0].value.loc(), 6, 26, 7);
  checkLoc(init.entries()[1].keyLoc, 6, 35, 8);
  checkLoc(init.entries()[1].value.loc(), 6, 45, 1);
  CHECK(init.entries()[1].value.isMap());
  CHECK(init.entries()[1].value.entries().empty());
}

TEST_CASE("columns count bytes, and CRLF line ends count once", "[json]") {
  Value v = parsedRoot("{\"\xc3\xa9\": \"\xc3\xbc\", \"k\": 1}");
  checkLoc(v.entries()[0].keyLoc, 1, 2, 4);
  checkLoc(v.entries()[0].value.loc(), 1, 8, 4);
  checkLoc(v.entries()[1].keyLoc, 1, 14, 3);
  checkLoc(v.entries()[1].value.loc(), 1, 19, 1);

  Value crlf = parsedRoot("{\r\n  \"a\": 1,\r\n  \"b\": [\r\n    2]\r\n}");
  checkLoc(crlf.entries()[0].keyLoc, 2, 3, 3);
  checkLoc(crlf.entries()[0].value.loc(), 2, 8, 1);
  checkLoc(crlf.entries()[1].value.loc(), 3, 8, 1);
  checkLoc(crlf.entries()[1].value.items()[0].loc(), 4, 5, 1);
  checkError("{\r\n  \"a\": 1,\r\n}", "found '}'", 3, 1);
}

TEST_CASE("a leading byte-order mark is skipped", "[json]") {
  const std::string bom = "\xef\xbb\xbf";
  Value v = parsedRoot(bom + "{\"a\": 1}");
  CHECK(v.str() == "{\"a\": 1}");
  // Line 1 starts after the mark, as the YAML reader (yaml-cpp) counts it.
  checkLoc(v.loc(), 1, 1, 1);
  checkLoc(v.entries()[0].keyLoc, 1, 2, 3);
  CHECK(parsedRoot(bom + "42").asInt() == 42);
  checkLoc(parsedRoot(bom + "\n  42").loc(), 2, 3, 2);
  checkError(bom, "expected a JSON value, found the end of the input (the input is empty)", 1, 1);
  checkError(bom + "[1,]", "found ']'", 1, 4);
  checkError(bom + "[\"\xff\"]", "byte 0xff at offset 5 is not valid UTF-8", 1, 3);
  // Only one mark, only at the start.
  checkError(bom + bom + "[]", "expected a JSON value, found '\xef\xbb\xbf'", 1, 1);
  checkError("[" + bom + "]", "expected a value or ']', found '\xef\xbb\xbf'", 1, 2);
}

TEST_CASE("only the given bytes are read", "[json]") {
  std::string text = "[1, 2]]]]";
  Result<ParsedJson> result = parseJson(llvm::StringRef(text.data(), 6));
  REQUIRE(result.ok());
  CHECK(result->root.str() == "[1, 2]");
}

TEST_CASE("a large document keeps every value in order", "[json]") {
  std::string text = "[";
  for (int i = 0; i < 2000; ++i) {
    std::string n = std::to_string(i);
    text += (i ? ", " : "") + std::string("{\"i\": ") + n + ", \"s\": \"v" + n + "\", \"l\": [" + n + ", [" +
            n + "]], \"e\": \"\\u00e9" + n + "\"}";
  }
  text += "]";
  ParsedJson json = parsed(text);
  REQUIRE(json.root.items().size() == 2000);
  for (int i = 0; i < 2000; ++i) {
    std::string n = std::to_string(i);
    const Value& item = json.root.items()[static_cast<size_t>(i)];
    REQUIRE(item.entries().size() == 4);
    CHECK(item.find("i")->asInt() == i);
    CHECK(item.find("s")->asString() == "v" + n);
    CHECK(item.find("l")->str() == "[" + n + ", [" + n + "]]");
    CHECK(item.find("e")->asString() == "\xc3\xa9" + n);
  }
  CHECK(json.warnings.empty());
}
