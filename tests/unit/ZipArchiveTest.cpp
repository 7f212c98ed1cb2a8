#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "frontends/keras/KerasArchive.h"
#include "support/ZipArchive.h"
#include "ZipTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

ZipArchive opened(const std::string& bytes) {
  Result<ZipArchive> archive = ZipArchive::open(bytes);
  if (!archive) FAIL("open failed: " << archive.error().message);
  return std::move(*archive);
}

std::string openError(const std::string& bytes) {
  Result<ZipArchive> archive = ZipArchive::open(bytes);
  if (archive) return "opened, with members " + archive->describeMembers();
  return archive.error().message;
}

std::string readError(const ZipArchive& archive, const std::string& name,
                      uint64_t maxBytes = ZipArchive::kDefaultMaxBytes) {
  Result<std::string> data = archive.read(name, maxBytes);
  if (data) return "read " + std::to_string(data->size()) + " bytes";
  return data.error().message;
}

/// Compressible but not trivially so: words drawn from a small vocabulary.
std::string textLike(size_t size, unsigned seed) {
  static const char* const kWords[] = {"conv2d ", "dense ", "kernel ", "bias ", "relu ", "\n"};
  std::mt19937 random(seed);
  std::string text;
  while (text.size() < size) text += kWords[random() % std::size(kWords)];
  text.resize(size);
  return text;
}

std::string randomBytes(size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xff);
  return bytes;
}

/// A small archive with one stored and one deflated member, for damage tests.
std::vector<ZipMember> smallMembers() {
  return {{"config.json", R"({"class_name": "Sequential", "config": {"layers": []}})", ZIP_CM_STORE},
          {"weights.bin", textLike(2000, 7), ZIP_CM_DEFLATE}};
}

}  // namespace

TEST_CASE("stored and deflated members read back exactly", "[zip]") {
  int32_t method = GENERATE(as<int32_t>{}, ZIP_CM_STORE, ZIP_CM_DEFLATE);
  INFO("compression method " << method);
  std::vector<ZipMember> members = {{"small.txt", "hello, archive", method},
                                    {"empty.bin", "", method},
                                    {"big.bin", textLike(3 << 20, 1), method},
                                    {"random.bin", randomBytes(70000, 2), method}};
  std::string bytes = makeZip(members);
  if (method == ZIP_CM_DEFLATE) CHECK(bytes.size() < (3u << 20) / 2);  // really deflated
  ZipArchive archive = opened(bytes);
  for (const ZipMember& member : members) {
    INFO("member " << member.name);
    Result<std::string> data = archive.read(member.name);
    REQUIRE(data);
    CHECK(data->size() == member.data.size());
    CHECK(*data == member.data);
  }
}

TEST_CASE("names come in archive order", "[zip]") {
  std::string bytes = makeZip({{"b.npy", "1"}, {"a.npy", "2"}, {"dir/c.npy", "3"},
                               {"\xe6\xa8\xa1\xe5\x9e\x8b.json", "4"}});
  ZipArchive archive = opened(bytes);
  CHECK(archive.names() ==
        std::vector<std::string>{"b.npy", "a.npy", "dir/c.npy", "\xe6\xa8\xa1\xe5\x9e\x8b.json"});
  CHECK(archive.contains("a.npy"));
  CHECK(archive.contains("dir/c.npy"));
  CHECK_FALSE(archive.contains("c.npy"));
  CHECK_FALSE(archive.contains("A.npy"));
  CHECK(*archive.read("\xe6\xa8\xa1\xe5\x9e\x8b.json") == "4");
}

TEST_CASE("a moved archive still reads", "[zip]") {
  std::string bytes = makeZip({{"x.npy", "data"}});
  ZipArchive first = opened(bytes);
  ZipArchive second = std::move(first);
  CHECK(*second.read("x.npy") == "data");
}

TEST_CASE("a missing member is an error listing what the archive has", "[zip]") {
  std::string bytes = makeZip({{"a.npy", "1"}, {"b.npy", "2"}});
  ZipArchive archive = opened(bytes);
  CHECK(readError(archive, "c.npy") == "archive member 'c.npy' is missing; the archive has a.npy, b.npy");

  std::vector<ZipMember> many;
  for (int i = 0; i < 12; ++i) many.push_back({"w" + std::to_string(i), "x"});
  CHECK(opened(makeZip(many)).describeMembers() == "w0, w1, w2, w3, w4, w5, w6, w7, w8, w9 and 2 more");
}

TEST_CASE("an archive with no members opens empty", "[zip]") {
  std::string endRecord("PK\x05\x06", 4);
  endRecord.append(18, '\0');
  ZipArchive archive = opened(endRecord);
  CHECK(archive.names().empty());
  CHECK(archive.describeMembers() == "no members");
  CHECK(readError(archive, "config.json") == "archive member 'config.json' is missing; the archive has no members");
}

TEST_CASE("input that is not a zip archive is an error showing its first bytes", "[zip]") {
  auto [input, message] = GENERATE(table<std::string, std::string>({
      {R"({"class_name": "Functional"})", "not a zip archive (found bytes starting with '{\"cla')"},
      {"", "not a zip archive (found empty input)"},
      {"{}", "not a zip archive (found only the bytes '{}')"},
      {std::string("\x89HDF\r\n\x1a\n", 8), "not a zip archive (found bytes starting with '\\x89HDF\\x0d')"},
      {"it's", "not a zip archive (found only the bytes 'it\\'s')"},
  }));
  CHECK(openError(input) == message);
}

TEST_CASE("random bytes are not a zip archive", "[zip]") {
  unsigned seed = GENERATE(range(1u, 21u));
  std::string bytes = randomBytes(1 + seed * 37, seed);
  INFO("seed " << seed);
  CHECK_THAT(openError(bytes), Catch::StartsWith("not a zip archive (found "));
}

TEST_CASE("a truncated archive is an error, never a crash", "[zip]") {
  std::vector<ZipMember> members = smallMembers();
  std::string bytes = makeZip(members);
  CHECK(openError(bytes.substr(0, bytes.size() / 2)) ==
        "damaged zip archive: expected an end-of-central-directory record at its end, found none (truncated?)");
  for (size_t length = 1; length < bytes.size(); ++length) {
    INFO("first " << length << " of " << bytes.size() << " bytes");
    CHECK_FALSE(ZipArchive::open(llvm::StringRef(bytes).take_front(length)));
  }
}

TEST_CASE("a corrupted member is a CRC or inflate error", "[zip]") {
  std::string bytes = makeZip(smallMembers());

  SECTION("stored") {
    bytes[dataOffset(bytes, "config.json") + 5] ^= 0x20;
    CHECK(readError(opened(bytes), "config.json") == "archive member 'config.json' is damaged: CRC mismatch");
  }
  SECTION("deflated") {
    size_t middle = dataOffset(bytes, "weights.bin") + compressedSize(bytes, "weights.bin") / 2;
    bytes[middle] ^= 0x55;
    CHECK(readError(opened(bytes), "weights.bin") ==
          "archive member 'weights.bin' is damaged: its compressed data is invalid");
  }
  SECTION("the stored CRC") {
    bytes[centralHeader(bytes, "weights.bin") + 16] ^= 0x01;
    CHECK(readError(opened(bytes), "weights.bin") == "archive member 'weights.bin' is damaged: CRC mismatch");
  }
}

TEST_CASE("any one flipped byte gives an error or the exact original data", "[zip]") {
  std::vector<ZipMember> members = smallMembers();
  std::string original = makeZip(members);
  size_t errors = 0;
  for (size_t at = 0; at < original.size(); ++at) {
    for (unsigned char mask : {0x01, 0x80}) {
      std::string bytes = original;
      bytes[at] ^= static_cast<char>(mask);
      Result<ZipArchive> archive = ZipArchive::open(bytes);
      if (!archive) {
        ++errors;
        continue;
      }
      for (const ZipMember& member : members) {
        Result<std::string> data = archive->read(member.name);
        INFO("byte " << at << " ^ " << int(mask) << ", member " << member.name);
        if (data)
          CHECK(*data == member.data);
        else
          ++errors;
      }
    }
  }
  CHECK(errors > 0);
}

TEST_CASE("a member over the size limit is refused before it is inflated", "[zip]") {
  std::string bytes = makeZip({{"x.npy", std::string(1000, 'a'), ZIP_CM_DEFLATE}});
  ZipArchive archive = opened(bytes);
  CHECK(readError(archive, "x.npy", 999) == "archive member 'x.npy' is 1000 bytes uncompressed, more than the 999 bytes limit");
  CHECK(readError(archive, "x.npy", 1000) == "read 1000 bytes");

  // A zip bomb: 3.2 GB declared (the header is the only thing checked, nothing is inflated).
  setHeaderField(bytes, "x.npy", kLocalSize, kCentralSize, 4, 3435973837u);
  CHECK(readError(opened(bytes), "x.npy") == "archive member 'x.npy' is 3.2 GB uncompressed, more than the 512 MB limit");
}

TEST_CASE("a member that holds more or less than its header declares is damaged", "[zip]") {
  // libzip notices a stored member that ends before its declared size; the reader, the rest.
  auto [method, declared, message] = GENERATE(table<int32_t, uint32_t, std::string>({
      {ZIP_CM_STORE, 1000, "archive member 'bomb.npy' is damaged: its header declares 1000 bytes uncompressed, but it holds more"},
      {ZIP_CM_STORE, 300000, "archive member 'bomb.npy' is damaged: its sizes or offsets disagree with the archive"},
      {ZIP_CM_DEFLATE, 1000, "archive member 'bomb.npy' is damaged: its header declares 1000 bytes uncompressed, but it holds more"},
      {ZIP_CM_DEFLATE, 300000, "archive member 'bomb.npy' is damaged: its header declares 300000 bytes uncompressed, but it holds 200000"},
  }));
  INFO("compression method " << method << ", declared size " << declared);
  std::string bytes = makeZip({{"bomb.npy", std::string(200000, 'z'), method}});
  setHeaderField(bytes, "bomb.npy", kLocalSize, kCentralSize, 4, declared);
  // The limit passes the declared size, so only reading can find the lie.
  CHECK(readError(opened(bytes), "bomb.npy", declared + 1) == message);
}

TEST_CASE("an encrypted member is refused", "[zip]") {
  uint16_t method = GENERATE(as<uint16_t>{}, ZIP_EM_AES_256, ZIP_EM_TRAD_PKWARE);
  if (!zip_encryption_method_supported(method, 1)) {
    WARN("this libzip cannot write encryption method " << method << "; case not tested");
    return;
  }
  std::string bytes = makeZip({{"secret.npy", "hidden weights", ZIP_CM_DEFLATE, method, "password"},
                               {"plain.npy", "visible", ZIP_CM_STORE}});
  ZipArchive archive = opened(bytes);
  std::string expected = method == ZIP_EM_AES_256
                             ? "archive member 'secret.npy' is encrypted (AES-256); expected an unencrypted member"
                             : "archive member 'secret.npy' is encrypted (traditional PKWARE encryption); "
                               "expected an unencrypted member";
  CHECK(readError(archive, "secret.npy") == expected);
  CHECK(*archive.read("plain.npy") == "visible");
}

TEST_CASE("a compression method libzip cannot inflate is refused", "[zip]") {
  std::string bytes = makeZip({{"old.bin", "imploded long ago", ZIP_CM_STORE}});
  setHeaderField(bytes, "old.bin", kLocalMethod, kCentralMethod, 2, ZIP_CM_IMPLODE);
  CHECK(readError(opened(bytes), "old.bin") == "archive member 'old.bin' uses compression implode; expected stored or deflated");
}

TEST_CASE("a name that appears twice is refused", "[zip]") {
  std::string bytes = makeZip({{"a.npy", "first"}, {"b.npy", "second"}});
  size_t local = localHeader(bytes, "b.npy");
  size_t central = centralHeader(bytes, "b.npy");
  bytes[local + kLocalName] = 'a';
  bytes[central + kCentralName] = 'a';
  Result<ZipArchive> archive = ZipArchive::open(bytes);
  if (archive)
    CHECK(readError(*archive, "a.npy") == "archive member 'a.npy' appears 2 times; expected each name once");
  else
    CHECK_THAT(archive.error().message, Catch::StartsWith("damaged zip archive: "));
}

TEST_CASE("looksLikeZip knows a zip archive's first bytes", "[zip]") {
  CHECK(looksLikeZip(makeZip({{"a", "b"}})));
  CHECK(looksLikeZip(llvm::StringRef("PK\x05\x06\0\0", 6)));
  CHECK_FALSE(looksLikeZip(""));
  CHECK_FALSE(looksLikeZip("PK"));
  CHECK_FALSE(looksLikeZip(llvm::StringRef("PK\x01\x02", 4)));
  CHECK_FALSE(looksLikeZip(R"({"class_name": "Sequential"})"));
}

TEST_CASE("byte sizes read as a person would write them", "[zip]") {
  auto [bytes, text] = GENERATE(table<uint64_t, std::string>({
      {0, "0 bytes"},
      {1, "1 byte"},
      {1023, "1023 bytes"},
      {1024, "1 KB"},
      {1536, "1.5 KB"},
      {uint64_t{512} << 20, "512 MB"},
      {3435973837u, "3.2 GB"},
      {UINT64_MAX, "16 EB"},
  }));
  CHECK(formatByteSize(bytes) == text);
}

TEST_CASE("a .keras archive gives its config and metadata", "[zip][keras]") {
  std::string config = R"({"module": "keras", "class_name": "Sequential", "config": {"layers": []}})";
  std::string metadata = R"({"keras_version": "3.3.3", "date_saved": "2024-05-01@12:00:00"})";

  SECTION("config only") {
    Result<KerasArchive> archive = readKerasArchive(makeZip({{"config.json", config, ZIP_CM_DEFLATE}}));
    REQUIRE(archive);
    CHECK(archive->configJson == config);
    CHECK_FALSE(archive->metadataJson);
  }
  SECTION("config, metadata and weights") {
    Result<KerasArchive> archive = readKerasArchive(makeZip({{"metadata.json", metadata, ZIP_CM_DEFLATE},
                                                             {"config.json", config, ZIP_CM_DEFLATE},
                                                             {"model.weights.h5", randomBytes(5000, 3)}}));
    REQUIRE(archive);
    CHECK(archive->configJson == config);
    REQUIRE(archive->metadataJson);
    CHECK(*archive->metadataJson == metadata);
  }
}

TEST_CASE("a .keras archive without config.json is an error", "[zip][keras]") {
  auto keras = [](const std::string& bytes) {
    Result<KerasArchive> archive = readKerasArchive(bytes);
    return archive ? std::string("read") : archive.error().message;
  };
  CHECK(keras(makeZip({{"model.weights.h5", "HDF"}, {"metadata.json", "{}"}})) ==
        "a .keras archive holds config.json; this one has: model.weights.h5, metadata.json");
  std::string endRecord("PK\x05\x06", 4);
  endRecord.append(18, '\0');
  CHECK(keras(endRecord) == "a .keras archive holds config.json; this one has no members");
  CHECK(keras(R"({"class_name": "Functional"})") ==
        "not a zip archive (a .keras file is a zip archive holding config.json; found bytes starting with '{\"cla')");
  CHECK(keras("") == "not a zip archive (a .keras file is a zip archive holding config.json; found empty input)");

  std::string damaged = makeZip({{"config.json", "{\"layers\": []}"}});
  damaged[dataOffset(damaged, "config.json")] ^= 0x01;
  CHECK(keras(damaged) == "archive member 'config.json' is damaged: CRC mismatch");
}
