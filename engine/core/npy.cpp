#include "core/npy.h"

#include <cstring>
#include <sstream>
#include <string>

#include "core/atomic_file.h"
#include "core/errors.h"

namespace arml {

void writeNpyFloat32(const std::filesystem::path& path, const std::vector<std::int64_t>& shape, const float* data) {
  std::ostringstream dict;
  dict << "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  std::int64_t count = 1;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    dict << shape[i] << (shape.size() == 1 || i + 1 < shape.size() ? "," : "");
    if (i + 1 < shape.size()) dict << " ";
    count *= shape[i];
  }
  dict << "), }";
  std::string header = dict.str();
  // Magic (6) + version (2) + header length (2) + header + '\n', padded to a multiple of 64.
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  std::vector<unsigned char> bytes;
  bytes.reserve(10 + header.size() + static_cast<std::size_t>(count) * 4);
  const unsigned char magic[] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  bytes.insert(bytes.end(), magic, magic + 8);
  bytes.push_back(static_cast<unsigned char>(header.size() & 0xff));
  bytes.push_back(static_cast<unsigned char>(header.size() >> 8));
  bytes.insert(bytes.end(), header.begin(), header.end());
  const auto* raw = reinterpret_cast<const unsigned char*>(data);
  bytes.insert(bytes.end(), raw, raw + count * 4);
  writeFileAtomically(path, bytes);
}

NpyArray readNpyFloat(const std::filesystem::path& path) {
  const std::vector<unsigned char> bytes = readFileBytes(path);
  const std::string name = path.string();
  if (bytes.size() < 10 || bytes[0] != 0x93 || std::memcmp(&bytes[1], "NUMPY", 5) != 0)
    throw InputError(name, "not a .npy file");
  const int major = bytes[6];
  std::size_t headerLen = 0, offset = 0;
  if (major == 1) {
    headerLen = bytes[8] | (bytes[9] << 8);
    offset = 10;
  } else if (bytes.size() >= 12) {
    headerLen = bytes[8] | (bytes[9] << 8) | (bytes[10] << 16) | (static_cast<std::size_t>(bytes[11]) << 24);
    offset = 12;
  }
  if (offset == 0 || offset + headerLen > bytes.size()) throw InputError(name, "truncated .npy header");
  const std::string header(bytes.begin() + offset, bytes.begin() + offset + headerLen);
  const bool f8 = header.find("'<f8'") != std::string::npos;
  if (!f8 && header.find("'<f4'") == std::string::npos) throw InputError(name, "only little-endian f4/f8 .npy is supported");
  if (header.find("'fortran_order': True") != std::string::npos) throw InputError(name, "Fortran-order .npy is not supported");
  NpyArray out;
  const auto open = header.find('(', header.find("'shape'"));
  const auto close = header.find(')', open);
  if (open == std::string::npos || close == std::string::npos) throw InputError(name, "no shape in .npy header");
  std::stringstream dims(header.substr(open + 1, close - open - 1));
  std::string tok;
  std::int64_t count = 1;
  while (std::getline(dims, tok, ',')) {
    if (tok.find_first_not_of(" ") == std::string::npos) continue;
    out.shape.push_back(std::stoll(tok));
    count *= out.shape.back();
  }
  const std::size_t dataStart = offset + headerLen;
  const std::size_t elem = f8 ? 8 : 4;
  if (bytes.size() - dataStart < static_cast<std::size_t>(count) * elem) throw InputError(name, "truncated .npy data");
  out.data.resize(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) {
    if (f8) {
      double v;
      std::memcpy(&v, &bytes[dataStart + i * 8], 8);
      out.data[i] = static_cast<float>(v);
    } else {
      std::memcpy(&out.data[i], &bytes[dataStart + i * 4], 4);
    }
  }
  return out;
}

}  // namespace arml
