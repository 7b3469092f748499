#include "models/mxnet_params_reader.h"

#include <ATen/ATen.h>

#include <fstream>
#include <optional>

#include "core/errors.h"

namespace arml::models {

namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kListMagic = 0x112;
constexpr std::uint32_t kMagicV1 = 0xF993FAC8;
constexpr std::uint32_t kMagicV2 = 0xF993FAC9;
constexpr std::uint32_t kMagicV3 = 0xF993FACA;
constexpr std::int64_t kMaxDims = 32;

std::optional<c10::ScalarType> dtypeOfTypeFlag(std::int32_t flag) {
  switch (flag) {
    case 0: return c10::ScalarType::Float;
    case 1: return c10::ScalarType::Double;
    case 2: return c10::ScalarType::Half;
    case 3: return c10::ScalarType::Byte;
    case 4: return c10::ScalarType::Int;
    case 5: return c10::ScalarType::Char;
    case 6: return c10::ScalarType::Long;
    case 7: return c10::ScalarType::Bool;
    case 8: return c10::ScalarType::Short;
    case 12: return c10::ScalarType::BFloat16;
    default: return std::nullopt;  // 9-11 are unsigned 16/32/64-bit, which LibTorch 1.13 lacks
  }
}

class Stream {
public:
  explicit Stream(const fs::path& path) : path_(path.string()), in_(path, std::ios::binary) {
    if (!in_) throw InputError(path_, fs::exists(path) ? "cannot be read" : "no such file");
    in_.seekg(0, std::ios::end);
    size_ = static_cast<std::uint64_t>(in_.tellg());
    in_.seekg(0, std::ios::beg);
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(path_, "MXNet params at byte " + std::to_string(pos_) + ": " + what);
  }
  std::uint64_t remaining() const { return size_ - pos_; }
  void read(void* dst, std::uint64_t n, const char* what) {
    if (n > remaining()) fail(std::string("file ends inside ") + what + " (truncated)");
    if (n && !in_.read(static_cast<char*>(dst), static_cast<std::streamsize>(n))) fail("read failed");
    pos_ += n;
  }
  template <typename T>
  T get(const char* what) {
    T v;
    read(&v, sizeof v, what);
    return v;
  }
  const std::string& path() const { return path_; }

private:
  std::string path_;
  std::ifstream in_;
  std::uint64_t size_ = 0;
  std::uint64_t pos_ = 0;
};

std::vector<std::int64_t> readShape(Stream& s, std::int64_t ndim, bool dims64) {
  if (ndim < 0 || ndim > kMaxDims) s.fail("implausible number of dimensions " + std::to_string(ndim));
  std::vector<std::int64_t> dims;
  for (std::int64_t i = 0; i < ndim; ++i) {
    const std::int64_t d = dims64 ? s.get<std::int64_t>("a shape") : s.get<std::uint32_t>("a shape");
    if (d < 0) s.fail("negative dimension");
    dims.push_back(d);
  }
  return dims;
}

// One NDArray record. Empty arrays (ndim 0 before V3, -1 in V3) become shape-[0] tensors.
at::Tensor readArray(Stream& s) {
  const std::uint32_t first = s.get<std::uint32_t>("an array header");
  std::vector<std::int64_t> dims;
  bool scalarAllowed = false;
  if (first == kMagicV1) {
    dims = readShape(s, s.get<std::int32_t>("a shape"), true);
  } else if (first == kMagicV2 || first == kMagicV3) {
    const std::int32_t stype = s.get<std::int32_t>("a storage type");
    if (stype != 0) s.fail("sparse array (storage type " + std::to_string(stype) + ") is not supported");
    const std::int32_t ndim = s.get<std::int32_t>("a shape");
    if (first == kMagicV3 && ndim == -1) return at::empty({0});
    scalarAllowed = first == kMagicV3;
    dims = readShape(s, ndim, true);
  } else {
    dims = readShape(s, static_cast<std::int64_t>(first), false);  // legacy: `first` is ndim
  }
  if (dims.empty() && !scalarAllowed) return at::empty({0});
  s.get<std::int32_t>("a context");  // dev_type: irrelevant, everything loads to the CPU
  s.get<std::int32_t>("a context");  // dev_id
  const std::int32_t flag = s.get<std::int32_t>("a type flag");
  const auto dtype = dtypeOfTypeFlag(flag);
  if (!dtype) s.fail("unsupported data type flag " + std::to_string(flag));
  std::uint64_t numel = 1;
  for (std::int64_t d : dims) {
    numel *= static_cast<std::uint64_t>(d);
    if (numel > s.remaining()) s.fail("array is larger than the rest of the file (truncated?)");
  }
  const std::uint64_t bytes = numel * c10::elementSize(*dtype);
  if (bytes > s.remaining()) s.fail("file ends inside array data (truncated)");
  at::Tensor t = at::empty(dims, at::TensorOptions().dtype(*dtype));
  s.read(t.data_ptr(), bytes, "array data");
  return t;
}

}  // namespace

StateDict readMxnetParams(const fs::path& path) {
  Stream s(path);
  if (s.get<std::uint64_t>("the header") != kListMagic) s.fail("not an MXNet NDArray list (wrong header)");
  s.get<std::uint64_t>("the header");  // reserved
  const std::uint64_t count = s.get<std::uint64_t>("the array count");
  if (count > s.remaining() / 4) s.fail("implausible array count " + std::to_string(count));
  std::vector<at::Tensor> arrays;
  arrays.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) arrays.push_back(readArray(s));
  const std::uint64_t nameCount = s.get<std::uint64_t>("the name count");
  if (nameCount != 0 && nameCount != count)
    s.fail(std::to_string(nameCount) + " names for " + std::to_string(count) + " arrays");
  StateDict sd;
  sd.source = path.string();
  sd.format = WeightFileFormat::MxnetParams;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string name = std::to_string(i);
    if (nameCount) {
      const std::uint64_t len = s.get<std::uint64_t>("a name");
      if (len > 65536 || len > s.remaining()) s.fail("implausible name length " + std::to_string(len));
      name.assign(static_cast<std::size_t>(len), '\0');
      s.read(name.data(), len, "a name");
    }
    if (sd.contains(name)) s.fail("array name '" + name + "' occurs twice");
    sd.insert(name, arrays[i]);
  }
  return sd;
}

}  // namespace arml::models
