#include "models/mxnet_params_reader.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/errors.h"

namespace arml::models {

namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kListMagic = 0x112;
constexpr std::uint32_t kMagicV1 = 0xF993FAC8;
constexpr std::uint32_t kMagicV2 = 0xF993FAC9;
constexpr std::uint32_t kMagicV3 = 0xF993FACA;
constexpr std::int64_t kMaxDims = 32;
constexpr std::int64_t kMaxDimension = std::int64_t(1) << 40;
constexpr std::uint64_t kMaxNameLength = 65536;

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

// Sequential reader that knows which part of the file it is in, so that a short file can say
// where it ends ("inside the data of array 17 of 193").
class Stream {
public:
  Stream(std::istream& in, std::uint64_t size, std::string source) : path_(std::move(source)), in_(in), size_(size) {}
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(path_, "MXNet params at byte " + std::to_string(pos_) + where() + ": " + what);
  }
  [[noreturn]] void truncated(const std::string& what, std::uint64_t needed) const {
    const std::string need = needed ? std::to_string(needed) + " bytes needed from byte " + std::to_string(pos_) + ", "
                                    : std::string();
    throw InputError(path_, "MXNet params file is truncated: it ends at byte " + std::to_string(size_) + " inside " +
                                what + where() + " (" + need + std::to_string(remaining()) + " left)");
  }
  // Describes the current array or name for messages.
  void setPlace(std::string place) { place_ = std::move(place); }
  std::uint64_t remaining() const { return size_ - pos_; }
  void read(void* dst, std::uint64_t n, const char* what) {
    if (n > remaining()) truncated(what, n);
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
  std::string where() const { return place_.empty() ? std::string() : " (" + place_ + ")"; }
  std::string path_;
  std::istream& in_;
  std::uint64_t size_ = 0;
  std::uint64_t pos_ = 0;
  std::string place_;
};

std::vector<std::int64_t> readShape(Stream& s, std::int64_t ndim, bool dims64) {
  if (ndim < 0 || ndim > kMaxDims) s.fail("implausible number of dimensions " + std::to_string(ndim));
  std::vector<std::int64_t> dims;
  for (std::int64_t i = 0; i < ndim; ++i) {
    const std::int64_t d = dims64 ? s.get<std::int64_t>("a shape") : s.get<std::uint32_t>("a shape");
    if (d < 0 || d > kMaxDimension) s.fail("implausible dimension " + std::to_string(d) + " (damaged file)");
    dims.push_back(d);
  }
  return dims;
}

std::string shapeText(const std::vector<std::int64_t>& dims) {
  std::ostringstream out;
  out << "[";
  for (std::size_t i = 0; i < dims.size(); ++i) out << (i ? ", " : "") << dims[i];
  out << "]";
  return out.str();
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
  // Byte count; beyond 1 TB (or 64 bits) the shape itself is damaged, otherwise a short rest of
  // the file means it was cut off.
  const std::uint64_t width = c10::elementSize(*dtype);
  constexpr std::uint64_t kMaxArrayBytes = std::uint64_t(1) << 40;
  std::uint64_t numel = 1;
  bool absurd = false;
  for (std::int64_t d : dims) {
    const auto n = static_cast<std::uint64_t>(d);
    if (n == 0) {
      numel = 0;
      absurd = false;
      break;
    }
    if (numel > kMaxArrayBytes / n) absurd = true;
    else numel *= n;
  }
  if (!absurd && numel > kMaxArrayBytes / width) absurd = true;
  const std::string what = "the data of an array of shape " + shapeText(dims);
  if (absurd) s.fail(what + " is larger than the rest of the file (damaged file)");
  if (numel == 0) {  // an empty array; its other dimensions must still make a plausible shape
    std::uint64_t nonZero = 1;
    for (std::int64_t d : dims) {
      if (d == 0) continue;
      if (nonZero > kMaxArrayBytes / static_cast<std::uint64_t>(d))
        s.fail("implausible shape " + shapeText(dims) + " (damaged file)");
      nonZero *= static_cast<std::uint64_t>(d);
    }
  }
  if (numel * width > s.remaining()) s.truncated(what, numel * width);
  const std::uint64_t bytes = numel * width;
  at::Tensor t = at::empty(dims, at::TensorOptions().dtype(*dtype));
  s.read(t.data_ptr(), bytes, "array data");
  return t;
}

}  // namespace

StateDict readMxnetParams(std::istream& in, std::uint64_t size, const std::string& sourceName) {
  Stream s(in, size, sourceName);
  if (s.get<std::uint64_t>("the header") != kListMagic) s.fail("not an MXNet NDArray list (wrong header)");
  s.get<std::uint64_t>("the header");  // reserved
  const std::uint64_t count = s.get<std::uint64_t>("the array count");
  // Every array record takes at least 4 bytes: a count beyond that is a damaged file when absurd,
  // a cut-off one otherwise.
  if (count > (std::uint64_t(1) << 24)) s.fail("implausible array count " + std::to_string(count) + " (damaged file)");
  if (count > s.remaining() / 4) s.truncated("the records of " + std::to_string(count) + " arrays", count * 4);
  std::vector<at::Tensor> arrays;
  arrays.reserve(std::min<std::uint64_t>(count, 4096));
  const std::string ofCount = " of " + std::to_string(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    s.setPlace("array " + std::to_string(i + 1) + ofCount);
    arrays.push_back(readArray(s));
  }
  s.setPlace("after the last array");
  const std::uint64_t nameCount = s.get<std::uint64_t>("the name count");
  if (nameCount != 0 && nameCount != count)
    s.fail(std::to_string(nameCount) + " names for " + std::to_string(count) + " arrays");
  StateDict sd;
  sd.source = sourceName;
  sd.format = WeightFileFormat::MxnetParams;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string name = std::to_string(i);
    if (nameCount) {
      s.setPlace("name " + std::to_string(i + 1) + ofCount);
      const std::uint64_t len = s.get<std::uint64_t>("the length of a name");
      if (len > kMaxNameLength) s.fail("implausible name length " + std::to_string(len) + " (damaged file)");
      name.assign(static_cast<std::size_t>(len), '\0');
      s.read(name.data(), len, "a name");
    }
    if (sd.contains(name)) s.fail("array name '" + name + "' occurs twice");
    sd.insert(name, arrays[i]);
  }
  return sd;
}

StateDict readMxnetParams(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), fs::exists(path) ? "cannot be read" : "no such file");
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::uint64_t>(in.tellg());
  in.seekg(0, std::ios::beg);
  return readMxnetParams(in, size, path.string());
}

}  // namespace arml::models
