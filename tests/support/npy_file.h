#pragma once
// Reads the float32 .npy files `arml` writes (version 1 header, little-endian, C order).
#include <QFile>
#include <QRegularExpression>
#include <QString>
#include <QVector>
#include <cstring>

namespace arml::test {

struct NpyFloat32 {
  QVector<qint64> shape;
  QVector<float> values;
};

// Empty shape when the file cannot be read or is not a little-endian float32 array.
inline NpyFloat32 readNpyFloat32(const QString& path) {
  NpyFloat32 out;
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return out;
  const QByteArray bytes = f.readAll();
  if (bytes.size() < 10 || !bytes.startsWith("\x93NUMPY")) return out;
  const int headerLength = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
  const QString header = QString::fromLatin1(bytes.mid(10, headerLength));
  if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) return out;
  const QRegularExpressionMatch m = QRegularExpression(R"('shape': \(([0-9, ]*)\))").match(header);
  if (!m.hasMatch()) return out;
  qint64 count = 1;
  QVector<qint64> shape;
  for (const QString& d : m.captured(1).split(',', Qt::SkipEmptyParts)) {
    shape << d.trimmed().toLongLong();
    count *= shape.back();
  }
  const qint64 offset = 10 + headerLength;
  if (bytes.size() - offset != count * 4) return out;
  out.shape = shape;
  out.values.resize(count);
  std::memcpy(out.values.data(), bytes.constData() + offset, size_t(count) * 4);
  return out;
}

}  // namespace arml::test
