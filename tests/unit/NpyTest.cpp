#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "NpyTestUtil.h"
#include "runtime/Npy.h"
#include "runtime/NpyHeader.h"

using namespace graphlint;
using graphlint::test::intBytes;
using graphlint::test::npyHeader;
using graphlint::test::npyImage;

namespace {

HostTensor readOk(const std::string& bytes) {
  Result<HostTensor> tensor = readNpy(bytes);
  if (!tensor) FAIL("read error: " << tensor.error().message);
  return std::move(*tensor);
}

std::string readError(const std::string& bytes) {
  Result<HostTensor> tensor = readNpy(bytes);
  if (tensor) return "read as " + tensor->describe();
  return tensor.error().message;
}

std::string bytesOf(const HostTensor& tensor) {
  return std::string(reinterpret_cast<const char*>(tensor.bytes().data()), tensor.byteSize());
}

/// Element i of the test data: distinct bytes in every position, so a wrong swap shows.
std::string elementBytes(int index, int width, bool big) {
  uint64_t value = 0;
  for (int i = 0; i < width; ++i) value |= uint64_t(0x10 * (index + 1) + i) << (8 * i);
  if (width == 1) value = index % 2;  // also a valid bool
  return intBytes(value, width, big);
}

}  // namespace

TEST_CASE("every supported descr and byte order reads into little-endian memory", "[npy]") {
  auto [code, type, width] = GENERATE(table<std::string, ElementType, int>({
      {"b1", ElementType::Bool, 1},
      {"i1", ElementType::Int8, 1},
      {"u1", ElementType::UInt8, 1},
      {"i2", ElementType::Int16, 2},
      {"i4", ElementType::Int32, 4},
      {"i8", ElementType::Int64, 8},
      {"f2", ElementType::Float16, 2},
      {"f4", ElementType::Float32, 4},
      {"f8", ElementType::Float64, 8},
  }));
  auto order = GENERATE(as<std::string>{}, "<", ">", "=", "|", "");
  INFO("descr " << order << code);
  bool big = order == ">";
  std::string file, expected;
  for (int i = 0; i < 3; ++i) {
    file += elementBytes(i, width, big);
    expected += elementBytes(i, width, false);
  }
  HostTensor tensor = readOk(npyImage(npyHeader(order + code, "(3,)"), file));
  CHECK(tensor.elementType() == type);
  CHECK(tensor.shape() == std::vector<int64_t>{3});
  CHECK(tensor.elementCount() == 3);
  CHECK(bytesOf(tensor) == expected);
}

TEST_CASE("big-endian values read as their numbers", "[npy]") {
  HostTensor i4 = readOk(npyImage(npyHeader(">i4", "(2,)"), intBytes(1, 4, true) + intBytes(-2, 4, true)));
  CHECK(i4.data<int32_t>()[0] == 1);
  CHECK(i4.data<int32_t>()[1] == -2);
  HostTensor f8 = readOk(npyImage(npyHeader(">f8", "()"), intBytes(0x400921fb54442d18, 8, true)));
  CHECK(f8.data<double>()[0] == 3.141592653589793);
  HostTensor f4 = readOk(npyImage(npyHeader(">f4", "(1,)"), intBytes(0xbf800000, 4, true)));
  CHECK(f4.data<float>()[0] == -1.0f);
  HostTensor f2 = readOk(npyImage(npyHeader(">f2", "(1,)"), intBytes(0x3c00, 2, true)));
  CHECK(halfToFloat(f2.data<Half>()[0].bits) == 1.0f);
  HostTensor i8 = readOk(npyImage(npyHeader(">i8", "(1,)"), intBytes(uint64_t(-5), 8, true)));
  CHECK(i8.data<int64_t>()[0] == -5);
  HostTensor i2 = readOk(npyImage(npyHeader(">i2", "(1,)"), intBytes(0xfffe, 2, true)));
  CHECK(i2.data<int16_t>()[0] == -2);
}

TEST_CASE("format versions 1.0, 2.0 and 3.0 read the same array", "[npy]") {
  int major = GENERATE(1, 2, 3);
  std::string data = intBytes(7, 4) + intBytes(9, 4);
  HostTensor tensor = readOk(npyImage(npyHeader("<i4", "(2,)"), data, major));
  CHECK(tensor.shape() == std::vector<int64_t>{2});
  CHECK(tensor.data<int32_t>()[1] == 9);
}

TEST_CASE("header spellings NumPy has written are accepted", "[npy]") {
  auto header = GENERATE(as<std::string>{},
                         "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }",
                         "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3)}",
                         "{\"descr\": \"<i2\", \"fortran_order\": False, \"shape\": (2, 3)}",
                         "{'shape': (2, 3), 'fortran_order': False, 'descr': '<i2'}",
                         "{'descr':'<i2','fortran_order':False,'shape':(2,3,),}",
                         "{'descr': '<i2', 'fortran_order': False, 'shape': (2L, 3L), }",
                         "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }" +
                             std::string(60, ' ') + "\n",
                         "\t{ 'descr' : '<i2' ,\n 'fortran_order' : False , 'shape' : ( 2 , 3 ) }\r\n");
  INFO("header " << header);
  HostTensor tensor = readOk(npyImage(header, std::string(12, '\0')));
  CHECK(tensor.describe() == "int16 (2, 3)");
}

TEST_CASE("scalars and empty arrays", "[npy]") {
  HostTensor scalar = readOk(npyImage(npyHeader("<f4", "()"), intBytes(0x40490fdb, 4)));
  CHECK(scalar.rank() == 0);
  CHECK(scalar.elementCount() == 1);
  CHECK(scalar.data<float>()[0] == 3.14159274f);

  auto shape = GENERATE(as<std::string>{}, "(0,)", "(2, 0, 3)", "(0, 0)");
  HostTensor empty = readOk(npyImage(npyHeader("<f8", shape), ""));
  CHECK(empty.elementCount() == 0);
  CHECK(empty.byteSize() == 0);
  CHECK(formatShape(empty.shape()) == shape);
}

TEST_CASE("fortran_order True is transposed into C order", "[npy]") {
  // [[0, 1, 2], [3, 4, 5]] stored column by column.
  std::string columns;
  for (int value : {0, 3, 1, 4, 2, 5}) columns += intBytes(value, 2);
  HostTensor matrix = readOk(npyImage(npyHeader("<i2", "(2, 3)", true), columns));
  CHECK(std::vector<int16_t>(matrix.data<int16_t>().begin(), matrix.data<int16_t>().end()) ==
        std::vector<int16_t>{0, 1, 2, 3, 4, 5});

  // Element (i, j, k) of a (2, 3, 4) array holds its C-order index i*12 + j*4 + k and sits at
  // Fortran position i + 2*j + 6*k; big-endian too, so swap and transpose combine.
  std::vector<std::string> fortran(24);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) fortran[i + 2 * j + 6 * k] = intBytes(i * 12 + j * 4 + k, 4, true);
  std::string data;
  for (const std::string& element : fortran) data += element;
  HostTensor cube = readOk(npyImage(npyHeader(">i4", "(2, 3, 4)", true), data));
  CHECK(cube.shape() == std::vector<int64_t>{2, 3, 4});
  for (int index = 0; index < 24; ++index) {
    INFO("element " << index);
    CHECK(cube.data<int32_t>()[index] == index);
  }

  // One dim, or none, reads the same in either order.
  HostTensor vector = readOk(npyImage(npyHeader("<i2", "(3,)", true), intBytes(0x00030002, 4) + intBytes(4, 2)));
  CHECK(vector.data<int16_t>()[2] == 4);
  HostTensor empty = readOk(npyImage(npyHeader("<i2", "(0, 3)", true), ""));
  CHECK(empty.elementCount() == 0);
}

TEST_CASE("written .npy files have NumPy's header and read back equal", "[npy]") {
  HostTensor tensor = *HostTensor::fromValues<float>({2, 3}, {0.5f, -1, 2, 3, 4, 5});
  std::string file = writeNpy(tensor);
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  CHECK(file.substr(0, 10) == std::string("\x93NUMPY\x01\x00\x76\x00", 10));  // 118-byte header
  CHECK(file.substr(10, 118) == header + std::string(118 - header.size() - 1, ' ') + "\n");
  CHECK(file.size() == 128 + 24);
  CHECK(readOk(file) == tensor);

  auto shape = GENERATE(values<std::vector<int64_t>>(
      {{}, {5}, {0, 4}, {2, 1, 3}, std::vector<int64_t>(40, 1)}));
  auto type = GENERATE(ElementType::Bool, ElementType::Int8, ElementType::Int16, ElementType::Int32,
                       ElementType::Int64, ElementType::UInt8, ElementType::Float16,
                       ElementType::Float32, ElementType::Float64);
  HostTensor original = *HostTensor::zeros(type, shape);
  for (size_t i = 0; i < original.byteSize(); ++i)
    original.bytes()[i] = type == ElementType::Bool ? i % 2 : static_cast<uint8_t>(i * 37 + 1);
  INFO("tensor " << original.describe());
  std::string written = writeNpy(original);
  size_t headerLength = static_cast<uint8_t>(written[8]) | static_cast<uint8_t>(written[9]) << 8;
  CHECK((10 + headerLength) % 64 == 0);
  CHECK(written[9 + headerLength] == '\n');
  CHECK(written.size() == 10 + headerLength + original.byteSize());
  CHECK(readOk(written) == original);
}

TEST_CASE("descrs are written as NumPy writes them", "[npy]") {
  auto [type, descr] = GENERATE(table<ElementType, std::string>({
      {ElementType::Bool, "|b1"},
      {ElementType::Int8, "|i1"},
      {ElementType::UInt8, "|u1"},
      {ElementType::Int16, "<i2"},
      {ElementType::Int32, "<i4"},
      {ElementType::Int64, "<i8"},
      {ElementType::Float16, "<f2"},
      {ElementType::Float32, "<f4"},
      {ElementType::Float64, "<f8"},
  }));
  std::string file = writeNpy(*HostTensor::zeros(type, {3}));
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (3,), }";
  CHECK(file.substr(10, header.size() + 1) == header + " ");
}

TEST_CASE("unsupported descrs are refused by name", "[npy]") {
  const std::string supported =
      "; expected one of b1, i1, i2, i4, i8, u1, f2, f4, f8, after a byte order <, >, | or =";
  auto [descr, what] = GENERATE(table<std::string, std::string>({
      {"<u2", ": unsigned integers wider than 8 bits (u2, u4, u8) are not supported"},
      {">u4", ": unsigned integers wider than 8 bits (u2, u4, u8) are not supported"},
      {"<u8", ": unsigned integers wider than 8 bits (u2, u4, u8) are not supported"},
      {"<c8", " (8-byte complex numbers)"},
      {"<c16", " (16-byte complex numbers)"},
      {"<f16", " (16-byte floating-point numbers)"},
      {"<i16", " (16-byte signed integers)"},
      {"|O", " (Python objects (pickled))"},
      {"|S5", " (byte strings)"},
      {"<U3", " (unicode strings)"},
      {"|V8", " (raw void records)"},
      {"<M8[ns]", " (datetimes)"},
      {"<m8[s]", " (timedeltas)"},
      {"<float32", " (floating-point numbers)"},
      {"", ""},
      {"<", ""},
      {"x4", ""},
  }));
  INFO("descr '" << descr << "'");
  CHECK(readError(npyImage(npyHeader(descr, "(1,)"), "")) ==
        "in the .npy header at byte 10: unsupported dtype descr '" + descr + "'" + what + supported);
}

TEST_CASE("malformed headers are errors quoting the header", "[npy]") {
  auto [header, message] = GENERATE(table<std::string, std::string>({
      {"", "expected '{' starting the header dict, found the end of the header"},
      {"[1]", "expected '{' starting the header dict, found '[1]'"},
      {"{'descr': '<f4', 'fortran_order': False}", "@no 'shape' key; expected 'descr', 'fortran_order' and 'shape'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}",
       "@unknown key 'extra'; expected only 'descr', 'fortran_order' and 'shape'"},
      {"{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}",
       "@key 'descr' appears twice; expected it once"},
      {"{descr: '<f4'}", "expected a quoted key or '}', found 'descr: '<f4'...'"},
      {"{'descr' '<f4'}", "expected ':' after the key 'descr', found ''<f4'}'"},
      {"{'descr': '<f4' 'shape': ()}", "expected ',' or '}' after the value of 'descr', found ''shape': ()}'"},
      {"{'descr': '<f4', 'fortran_order': false, 'shape': ()}",
       "expected True or False for 'fortran_order', found 'false, 'shap...'"},
      {"{'descr': '<f4', 'fortran_order': 0, 'shape': ()}",
       "expected True or False for 'fortran_order', found '0, 'shape': ...'"},
      {"{'descr': '<f4', 'fortran_order': Falsey, 'shape': ()}",
       "expected True or False for 'fortran_order', found 'Falsey, 'sha...'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': [1]}",
       "expected a tuple such as (2, 3) for 'shape', found '[1]}'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (3)}",
       "@shape (3) is an integer in Python, not a tuple; expected (3,)"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,,)}", "expected an integer dim, found ',)}'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1 2)}",
       "expected ',' or ')' in the shape tuple, found '2)}'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1.0,)}",
       "expected ',' or ')' in the shape tuple, found '.0,)}'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1_000,)}",
       "expected ',' or ')' in the shape tuple, found '_000,)}'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (01,)}",
       "expected an integer without leading zeros, found '01,)}'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (-3,)}", "@dim 0 is -3; expected a dim >= 0"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 9223372036854775808)}",
       "@dim 1 is larger than 9223372036854775807"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,", "expected an integer dim, found the end of the header"},
      {"{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,)}",
       "@descr is a list of fields, a structured dtype; expected a single type such as '<f4'"},
      {"{'descr': <f4, 'fortran_order': False, 'shape': ()}",
       "expected a quoted descr such as '<f4', found '<f4, 'fortra...'"},
      {"{'descr': '<f4\\n', 'fortran_order': False, 'shape': ()}",
       "expected a string without backslash escapes, found '\\n', 'fortra...'"},
      {"{'descr': '<f4", "expected the closing ' of the string, found the end of the header"},
      {"{'descr': '<f4\"}", "expected the closing ' of the string, found the end of the header"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': ()} x", "expected the end of the header after its closing '}', found 'x'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': ()}}", "expected the end of the header after its closing '}', found '}'"},
  }));
  INFO("header " << header);
  std::string error = readError(npyImage(header, ""));
  // "@what" leaves the byte offset out of the expectation; other messages are checked whole.
  if (message[0] == '@') {
    CHECK_THAT(error, Catch::Contains(message.substr(1) + "; header: " + quoteBytes(header)));
    CHECK_THAT(error, Catch::StartsWith("invalid .npy header at byte "));
  } else {
    CHECK_THAT(error, Catch::EndsWith(message + "; header: " + quoteBytes(header)));
  }
}

TEST_CASE("header errors give the byte offset in the file", "[npy]") {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (-3,), }";
  CHECK(readError(npyImage(header, "")) ==
        "invalid .npy header at byte 61: dim 0 is -3; expected a dim >= 0; header: " + header);
  CHECK(readError(npyImage(header, "", 2)) ==
        "invalid .npy header at byte 63: dim 0 is -3; expected a dim >= 0; header: " + header);
  std::string longHeader = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::string(300, '1') + ",)}";
  CHECK(readError(npyImage(longHeader, "")) ==
        "invalid .npy header at byte 61: dim 0 is larger than 9223372036854775807; header: " +
            longHeader.substr(0, 200) + "...");
  std::string latin1 = "{'descr': '\xe9', 'fortran_order': False, 'shape': ()}";
  CHECK_THAT(readError(npyImage(latin1, "")), Catch::Contains("descr '\\xe9'"));
}

TEST_CASE("shapes whose size cannot exist are refused", "[npy]") {
  std::string rank65 = "(";
  for (int i = 0; i < 65; ++i) rank65 += "1, ";
  rank65 += ")";
  CHECK_THAT(readError(npyImage(npyHeader("<f4", rank65), "")),
             Catch::StartsWith("invalid .npy header at byte 253: shape has more than 64 dims; header: "));
  CHECK(readError(npyImage(npyHeader("<f4", "(4611686018427387904,)"), "")) ==
        "in the .npy header at byte 10: shape (4611686018427387904,) with 4-byte elements is too "
        "large: its byte size does not fit in 64 bits");
  CHECK(readError(npyImage(npyHeader("|u1", "(4294967296, 4294967296)"), "")) ==
        "in the .npy header at byte 10: shape (4294967296, 4294967296) with 1-byte elements is too "
        "large: its byte size does not fit in 64 bits");
  // NumPy skips zero dims when it checks for overflow, so this empty shape is refused too.
  CHECK(readError(npyImage(npyHeader("<f8", "(0, 4294967296, 4294967296)"), "")) ==
        "in the .npy header at byte 10: shape (0, 4294967296, 4294967296) with 8-byte elements is "
        "too large: its byte size does not fit in 64 bits");
  // Large but representable: refused because the file does not hold the data, not allocated.
  CHECK(readError(npyImage(npyHeader("<f8", "(1000000000000,)"), "")) ==
        "truncated .npy data: the header says float64 (1000000000000,), 8000000000000 bytes from "
        "byte 80, but the file has only 0 bytes after the header");
}

TEST_CASE("data shorter or longer than the header says is an error", "[npy]") {
  std::string header = npyHeader("<i4", "(2, 3)");  // 60 bytes: data at byte 70
  CHECK(readError(npyImage(header, std::string(20, '\0'))) ==
        "truncated .npy data: the header says int32 (2, 3), 24 bytes from byte 70, but the file "
        "has only 20 bytes after the header");
  CHECK(readError(npyImage(header, std::string(25, '\0'))) ==
        ".npy file has 1 bytes after its data, which ends at byte 94 (int32 (2, 3) is 24 bytes); "
        "expected the file to end there (several arrays saved into one file?)");
  CHECK(readError(npyImage(npyHeader("<i4", "(0,)"), "abcd")) ==
        ".npy file has 4 bytes after its data, which ends at byte 68 (int32 (0,) is 0 bytes); "
        "expected the file to end there (several arrays saved into one file?)");
}

TEST_CASE("bool elements other than 0 and 1 are refused", "[npy]") {
  std::string header = npyHeader("|b1", "(3,)");  // 58 bytes: data at byte 68
  CHECK(readError(npyImage(header, std::string("\x01\x00\x02", 3))) ==
        "bool element 2 at byte 70 is 2; expected 0 or 1");
}

TEST_CASE("broken magic, version and lengths are errors with offsets", "[npy]") {
  std::string header = npyHeader("<f4", "()");
  std::string good = npyImage(header, std::string(4, '\0'));
  auto [bytes, message] = GENERATE_COPY(table<std::string, std::string>({
      {"", "not a .npy file: expected the magic '\\x93NUMPY' at byte 0, found empty input"},
      {"\x93NUM", "not a .npy file: expected the magic '\\x93NUMPY' at byte 0, found only the bytes '\\x93NUM'"},
      {"PK\x03\x04rest", "not a .npy file: expected the magic '\\x93NUMPY' at byte 0, found bytes starting "
                         "with 'PK\\x03\\x04r' (a zip archive: an .npz?)"},
      {"\x93NUMPY", "truncated .npy file: it ends at byte 6, before the format version at byte 6"},
      {std::string("\x93NUMPY\x01\x00\x05", 9),
       "truncated .npy file: it ends at byte 9, before the header length at byte 8"},
      {std::string("\x93NUMPY\x02\x00\x05\x00\x00", 11),
       "truncated .npy file: it ends at byte 11, before the header length at byte 8"},
      {std::string("\x93NUMPY\x01\x00\x05\x00{'", 12),
       "truncated .npy file: it ends at byte 12, before the end of the 5-byte header that starts at byte 10"},
      {std::string("\x93NUMPY\x02\x00\xff\xff\xff\xff", 12),
       ".npy header length at byte 8 is 4294967295 bytes; expected at most 10000"},
      {std::string("\x93NUMPY\x01\x00\x11\x27", 10), ".npy header length at byte 8 is 10001 bytes; expected at most 10000"},
      {std::string("\x93NUMPY\x04\x00", 8) + good.substr(8),
       "unsupported .npy format version 4.0 at byte 6; expected 1.0, 2.0 or 3.0"},
      {std::string("\x93NUMPY\x01\x01", 8) + good.substr(8),
       "unsupported .npy format version 1.1 at byte 6; expected 1.0, 2.0 or 3.0"},
      {std::string("\x93NUMPY\x00\x00", 8) + good.substr(8),
       "unsupported .npy format version 0.0 at byte 6; expected 1.0, 2.0 or 3.0"},
  }));
  INFO("bytes " << quoteBytes(bytes));
  CHECK(readError(bytes) == message);
}

TEST_CASE("every truncation of a valid file is an error, never a crash", "[npy]") {
  std::string file = writeNpy(*HostTensor::fromValues<int16_t>({2, 2}, {1, 2, 3, 4}));
  for (size_t length = 0; length < file.size(); ++length) {
    INFO("first " << length << " bytes");
    CHECK_FALSE(readNpy(llvm::StringRef(file).take_front(length)));
  }
  CHECK(readNpy(file));
}

TEST_CASE("a header too long for format 1.0 is written as 2.0", "[npy]") {
  // Only a tensor of absurd rank needs it; readNpy refuses such a header (kNpyMaxHeaderBytes).
  HostTensor tensor = *HostTensor::zeros(ElementType::Int8, std::vector<int64_t>(30000, 1));
  std::string file = writeNpy(tensor);
  CHECK(file.substr(0, 8) == std::string("\x93NUMPY\x02\x00", 8));
  size_t headerLength = 0;
  for (int i = 3; i >= 0; --i) headerLength = headerLength << 8 | static_cast<uint8_t>(file[8 + i]);
  CHECK(headerLength > 0xffff);
  CHECK((12 + headerLength) % 64 == 0);
  CHECK(file[11 + headerLength] == '\n');
  CHECK(file.size() == 12 + headerLength + 1);
}
