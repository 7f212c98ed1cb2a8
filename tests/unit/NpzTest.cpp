#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "NpyTestUtil.h"
#include "ZipTestUtil.h"
#include "runtime/Npy.h"

using namespace graphlint;
using graphlint::test::makeZip;
using graphlint::test::ZipMember;

namespace {

using NamedTensors = std::vector<std::pair<std::string, HostTensor>>;

NamedTensors readOk(const std::string& bytes) {
  Result<NamedTensors> tensors = readNpz(bytes);
  if (!tensors) FAIL("read error: " << tensors.error().message);
  return std::move(*tensors);
}

std::string readError(const std::string& bytes, uint64_t limit = kNpzDefaultMaxBytes) {
  Result<NamedTensors> tensors = readNpz(bytes, limit);
  if (tensors) return "read " + std::to_string(tensors->size()) + " tensors";
  return tensors.error().message;
}

}  // namespace

TEST_CASE("npz members are read in order, stored or deflated, keyed without .npy", "[npy][npz]") {
  HostTensor weights = *HostTensor::fromValues<float>({2, 2}, {1, 2, 3, 4});
  HostTensor bias = *HostTensor::fromValues<int64_t>({3}, {-1, 0, 1});
  HostTensor big = *HostTensor::zeros(ElementType::Float64, {100, 10});
  std::string archive = makeZip({
      {"dense/kernel.npy", writeNpy(weights), ZIP_CM_STORE},
      {"bias.npy", writeNpy(bias), ZIP_CM_DEFLATE},
      {"zeros.npy", writeNpy(big), ZIP_CM_DEFLATE},
  });
  REQUIRE(graphlint::test::compressedSize(archive, "zeros.npy") < big.byteSize() / 10);
  NamedTensors tensors = readOk(archive);
  REQUIRE(tensors.size() == 3);
  CHECK(tensors[0].first == "dense/kernel");
  CHECK(tensors[0].second == weights);
  CHECK(tensors[1].first == "bias");
  CHECK(tensors[1].second == bias);
  CHECK(tensors[2].first == "zeros");
  CHECK(tensors[2].second == big);
}

TEST_CASE("npz members that are not .npy files are errors naming them", "[npy][npz]") {
  std::string npy = writeNpy(*HostTensor::zeros(ElementType::Int8, {2}));
  CHECK(readError(makeZip({{"a.npy", npy}, {"notes.txt", "hello"}})) ==
        "archive member 'notes.txt' is not a .npy file; expected every member of an .npz to be "
        "named NAME.npy");
  CHECK(readError(makeZip({{"a.npy", "hello, world"}})) ==
        "archive member 'a.npy': not a .npy file: expected the magic '\\x93NUMPY' at byte 0, found "
        "bytes starting with 'hello'");
  std::string truncated = npy.substr(0, npy.size() - 1);
  CHECK(readError(makeZip({{"a.npy", truncated, ZIP_CM_DEFLATE}})) ==
        "archive member 'a.npy': truncated .npy data: the header says int8 (2,), 2 bytes from byte "
        "128, but the file has only 1 bytes after the header");
}

TEST_CASE("damaged npz archives and members are errors", "[npy][npz]") {
  CHECK(readError("not a zip") == "cannot read the .npz: not a zip archive (found bytes starting with 'not a')");
  std::string npy = writeNpy(*HostTensor::fromValues<float>({4}, {1, 2, 3, 4}));
  std::string archive = makeZip({{"x.npy", npy, ZIP_CM_DEFLATE}});
  size_t data = graphlint::test::dataOffset(archive, "x.npy");
  for (size_t i = 0; i < graphlint::test::compressedSize(archive, "x.npy"); ++i) archive[data + i] ^= 0x5a;
  CHECK_THAT(readError(archive), Catch::StartsWith("archive member 'x.npy' is damaged: "));
}

TEST_CASE("the npz byte limit covers all members together", "[npy][npz]") {
  std::string npy = writeNpy(*HostTensor::zeros(ElementType::UInt8, {1000}));  // 1128 bytes
  std::string archive = makeZip({{"a.npy", npy, ZIP_CM_DEFLATE}, {"b.npy", npy, ZIP_CM_DEFLATE}});
  CHECK(readError(archive, 2256) == "read 2 tensors");
  CHECK(readError(archive, 2000) ==
        "archive member 'b.npy' is 1.1 KB uncompressed, more than the 872 bytes limit (what is left "
        "of the 2 KB limit for the whole .npz)");
  CHECK(readError(archive, 1000) ==
        "archive member 'a.npy' is 1.1 KB uncompressed, more than the 1000 bytes limit");
}
