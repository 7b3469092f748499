#pragma once
// Test helper: a structurally valid PNG (signature, IHDR, one IDAT, IEND, correct CRCs) that
// declares any size but holds only a few compressed bytes: a "decompression bomb" header for
// checking that readers refuse by the declared size before decoding. Qt only (qCompress for zlib).
#include <QByteArray>
#include <QFile>
#include <QString>
#include <cstdint>

namespace arml::test {

inline std::uint32_t pngCrc(const QByteArray& bytes) {
  std::uint32_t c = 0xffffffffu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xedb88320u ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xffffffffu;
}

inline void appendBe32(QByteArray& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.append(char((v >> s) & 0xff));
}

inline void appendChunk(QByteArray& out, const char* type, const QByteArray& data) {
  appendBe32(out, std::uint32_t(data.size()));
  const QByteArray typed = QByteArray(type, 4) + data;
  out.append(typed);
  appendBe32(out, pngCrc(typed));
}

// 8-bit RGB PNG of width x height whose IDAT is the zlib stream of a few zero rows only.
inline QByteArray bombPng(std::uint32_t width, std::uint32_t height) {
  QByteArray png("\x89PNG\r\n\x1a\n", 8);
  QByteArray ihdr;
  appendBe32(ihdr, width);
  appendBe32(ihdr, height);
  ihdr.append(char(8)).append(char(2)).append(char(0)).append(char(0)).append(char(0));
  appendChunk(png, "IHDR", ihdr);
  appendChunk(png, "IDAT", qCompress(QByteArray(4096, '\0')).mid(4));  // qCompress prefixes the length
  appendChunk(png, "IEND", QByteArray());
  return png;
}

inline bool writeBytes(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

}  // namespace arml::test
