// LineTable: byte offsets to 1-based line and column, in any lookup order.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/LineTable.h"

using namespace graphlint;

namespace {

/// Line and column of every offset of `text` (and its end), counted the slow way.
std::vector<std::pair<uint32_t, uint32_t>> expectedPositions(const std::string& text, size_t lineStart) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  uint32_t line = 1;
  for (size_t offset = 0; offset <= text.size(); ++offset) {
    out.push_back({line, offset < lineStart ? 1 : static_cast<uint32_t>(offset - lineStart + 1)});
    if (offset < text.size() && text[offset] == '\n') {
      ++line;
      lineStart = offset + 1;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("offsets map to line and column in any lookup order", "[lines]") {
  std::string text = GENERATE(as<std::string>{}, "", "x", "ab\ncd\n\nefg", "\n\n\n", "a\r\nb\r\n",
                              "\xef\xbb\xbfkey: 1\nnext");
  size_t firstLineStart = text.rfind("\xef\xbb\xbf", 0) == 0 ? 3 : 0;
  std::vector<std::pair<uint32_t, uint32_t>> expected = expectedPositions(text, firstLineStart);
  LineTable lines(text);
  auto check = [&](size_t offset) {
    SourceLoc loc = lines.locate(offset, 2);
    INFO("text '" << text << "', offset " << offset);
    CHECK(loc.line == expected[offset].first);
    CHECK(loc.column == expected[offset].second);
    CHECK(loc.length == 2);
  };
  for (size_t offset = 0; offset <= text.size(); ++offset) check(offset);     // forwards
  for (size_t offset = text.size() + 1; offset-- > 0;) check(offset);         // backwards
  for (size_t offset = 0; offset <= text.size(); offset += 3) check(offset);  // jumps
  check(text.size());
  check(0);
}

TEST_CASE("line 1 starts after a byte-order mark", "[lines]") {
  LineTable lines("\xef\xbb\xbf{\n}");
  SourceLoc brace = lines.locate(3);
  CHECK(brace.line == 1);
  CHECK(brace.column == 1);
  SourceLoc inMark = lines.locate(1);
  CHECK(inMark.line == 1);
  CHECK(inMark.column == 1);
  CHECK(lines.locate(5).line == 2);
}
