#include "ui/review/edit_journal.h"

#include <unistd.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QtEndian>
#include <cstring>

#include "core/safe_path.h"
#include "data/palette_png.h"

namespace arml::ui {

using arml::widgets::MaskModel;
using arml::widgets::MaskUndoStack;
using arml::widgets::TileBytes;

namespace {

constexpr char kMagic[8] = {'A', 'R', 'M', 'L', 'J', 'N', 'L', '1'};
constexpr quint32 kRecordMagic = 0x4b525453;  // "STRK"
constexpr int kHeaderSize = 8 + 3 * 4;

quint32 fnv1a(const char* data, qsizetype n) {
  quint32 h = 2166136261u;
  for (qsizetype i = 0; i < n; ++i) h = (h ^ static_cast<quint8>(data[i])) * 16777619u;
  return h;
}

void putU32(QByteArray& out, quint32 v) {
  const quint32 le = qToLittleEndian(v);
  out.append(reinterpret_cast<const char*>(&le), 4);
}

quint32 getU32(const char* p) {
  quint32 v;
  std::memcpy(&v, p, 4);
  return qFromLittleEndian(v);
}

QByteArray header(QSize size) {
  QByteArray h(kMagic, 8);
  putU32(h, static_cast<quint32>(size.width()));
  putU32(h, static_cast<quint32>(size.height()));
  putU32(h, MaskModel::kTile);
  return h;
}

bool syncFile(QFile& f) { return f.flush() && ::fsync(f.handle()) == 0; }

}  // namespace

bool EditJournal::open(const QString& path, QSize maskSize, QString* error) {
  close();
  size_ = maskSize;
  records_ = 0;
  file_.setFileName(path);
  const QByteArray expected = header(maskSize);
  bool fresh = true;
  if (file_.exists() && file_.open(QIODevice::ReadOnly)) {
    fresh = file_.read(kHeaderSize) != expected;
    file_.close();
  }
  if (!file_.open(fresh ? (QIODevice::WriteOnly | QIODevice::Truncate) : (QIODevice::ReadWrite | QIODevice::Append))) {
    if (error) *error = QStringLiteral("%1: %2").arg(path, file_.errorString());
    return false;
  }
  if (fresh && (file_.write(expected) != expected.size() || !syncFile(file_))) {
    if (error) *error = QStringLiteral("%1: %2").arg(path, file_.errorString());
    file_.close();
    return false;
  }
  return true;
}

bool EditJournal::append(const QVector<TileBytes>& tiles, QString* error) {
  if (!file_.isOpen()) {
    if (error) *error = QStringLiteral("journal is not open");
    return false;
  }
  QByteArray payload;
  putU32(payload, static_cast<quint32>(tiles.size()));
  for (const TileBytes& t : tiles) {
    putU32(payload, static_cast<quint32>(t.index));
    putU32(payload, static_cast<quint32>(t.data.size()));
    payload.append(t.data);
  }
  QByteArray record;
  putU32(record, kRecordMagic);
  putU32(record, static_cast<quint32>(payload.size()));
  record.append(payload);
  putU32(record, fnv1a(payload.constData(), payload.size()));
  if (file_.write(record) != record.size() || !syncFile(file_)) {
    if (error) *error = QStringLiteral("%1: %2").arg(file_.fileName(), file_.errorString());
    return false;
  }
  ++records_;
  return true;
}

bool EditJournal::clear(QString* error) {
  if (!file_.isOpen()) return true;
  if (!file_.resize(kHeaderSize) || !file_.seek(kHeaderSize) || !syncFile(file_)) {
    if (error) *error = QStringLiteral("%1: %2").arg(file_.fileName(), file_.errorString());
    return false;
  }
  records_ = 0;
  return true;
}

void EditJournal::close() {
  if (file_.isOpen()) file_.close();
}

int EditJournal::replay(const QString& path, MaskModel& model, QString* error) {
  QFile f(path);
  if (!f.exists()) return 0;
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = QStringLiteral("%1: %2").arg(path, f.errorString());
    return -1;
  }
  const QByteArray all = f.readAll();
  if (all.size() < kHeaderSize || all.left(kHeaderSize) != header(model.size())) {
    if (error) *error = QStringLiteral("%1: not a journal for a %2x%3 mask").arg(path).arg(model.width()).arg(model.height());
    return -1;
  }
  int applied = 0;
  qsizetype pos = kHeaderSize;
  while (pos + 8 <= all.size()) {
    if (getU32(all.constData() + pos) != kRecordMagic) break;
    const quint32 len = getU32(all.constData() + pos + 4);
    if (pos + 8 + static_cast<qsizetype>(len) + 4 > all.size()) break;  // torn record
    const char* payload = all.constData() + pos + 8;
    if (fnv1a(payload, len) != getU32(payload + len)) break;
    QVector<TileBytes> tiles;
    const quint32 n = len >= 4 ? getU32(payload) : 0;
    qsizetype p = 4;
    bool ok = len >= 4;
    for (quint32 i = 0; ok && i < n; ++i) {
      if (p + 8 > len) { ok = false; break; }
      const int index = static_cast<int>(getU32(payload + p));
      const quint32 size = getU32(payload + p + 4);
      p += 8;
      if (p + size > len) { ok = false; break; }
      tiles.append({index, QByteArray(payload + p, size)});
      p += size;
    }
    if (!ok) break;
    model.applyTiles(tiles);
    ++applied;
    pos += 8 + len + 4;
  }
  return applied;
}

// ---------------------------------------------------------------------------------------------

MaskEditSession::MaskEditSession(QObject* parent)
    : QObject(parent), model_(new MaskModel(this)), undo_(new MaskUndoStack(this)) {
  connect(undo_, &MaskUndoStack::strokeCommitted, this, [this](const QVector<TileBytes>& t) { journal(t, true); });
  connect(undo_, &MaskUndoStack::tilesApplied, this, [this](const QVector<TileBytes>& t) { journal(t, false); });
}

MaskEditSession::~MaskEditSession() = default;

QString MaskEditSession::editPngPath() const { return editsDir_ + QLatin1Char('/') + stem_ + QStringLiteral(".png"); }
QString MaskEditSession::provenancePath() const { return editsDir_ + QLatin1Char('/') + stem_ + QStringLiteral(".json"); }
QString MaskEditSession::journalPath() const { return editsDir_ + QLatin1Char('/') + stem_ + QStringLiteral(".journal"); }

QString MaskEditSession::whyNotWritable() const {
  // Stems come from files (review.json keys, mask names): one that is not a plain file name
  // would put edits/<stem>.png anywhere.
  if (!arml::isSafeFileName(stem_.toStdString()))
    return tr("'%1' is not a plain file name; nothing is written for it").arg(stem_);
  const std::filesystem::path edits = QDir::cleanPath(QFileInfo(editsDir_).absoluteFilePath()).toStdString();
  if (!projectRoot_.isEmpty() && !arml::isInside(projectRoot_.toStdString(), edits))
    return tr("the edits folder %1 is not inside the project %2; nothing is written there")
        .arg(QDir::toNativeSeparators(editsDir_), QDir::toNativeSeparators(projectRoot_));
  // After links: a link named like the edit must not lead out of the edits folder.
  // A link (even one leading nowhere yet) is never written through.
  for (const QString& path : {editPngPath(), provenancePath(), journalPath()})
    if (QFileInfo(path).isSymLink() || !arml::isInside(edits, path.toStdString()))
      return tr("%1 would be written outside the edits folder %2 (a link or a name leading out of it)")
          .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(editsDir_));
  return {};
}

bool MaskEditSession::open(const QString& editsDir, const QString& sourceMask, QString* error, const QString& stem) {
  close();
  editsDir_ = editsDir;
  stem_ = stem.isEmpty() ? QFileInfo(sourceMask).completeBaseName() : stem;
  source_ = sourceMask;
  if (const QString why = whyNotWritable(); !why.isEmpty()) {
    if (error) *error = why;
    stem_.clear();
    return false;
  }
  const QString editPng = editPngPath();
  const QString from = QFileInfo::exists(editPng) ? editPng : sourceMask;
  if (!QFileInfo::exists(from) && blank_.size.isValid()) {
    palette_ = blank_.palette;
    undo_->clear();
    model_->reset(blank_.size.width(), blank_.size.height(), {}, blank_.fill);
  } else {
    arml::data::IndexedImage img;
    try {
      img = arml::data::readIndexedPng(from.toStdString());
    } catch (const std::exception& e) {
      if (error) *error = QString::fromUtf8(e.what());
      stem_.clear();
      return false;
    }
    palette_.clear();
    for (const auto& c : img.palette) palette_.append({c[0], c[1], c[2]});
    const cv::Mat& m = img.indices;
    QByteArray bytes(static_cast<qsizetype>(m.rows) * m.cols, Qt::Uninitialized);
    for (int y = 0; y < m.rows; ++y) std::memcpy(bytes.data() + static_cast<qsizetype>(y) * m.cols, m.ptr(y), m.cols);
    undo_->clear();
    model_->reset(m.cols, m.rows, bytes);
  }
  const EditProvenance prov = readProvenance(provenancePath());
  strokes_ = prov.strokes;
  if (!prov.checkpoint.isEmpty()) checkpoint_ = prov.checkpoint;

  QDir().mkpath(editsDir_);
  QString journalError;
  recovered_ = EditJournal::replay(journalPath(), *model_, &journalError);
  if (recovered_ < 0) recovered_ = 0;  // a foreign journal: started afresh below
  if (!journal_.open(journalPath(), model_->size(), error)) {
    stem_.clear();
    return false;
  }
  // Recovered records stay in the journal (opened for appending) until the next save, so a
  // second crash loses nothing either.
  setModified(recovered_ > 0);
  return true;
}

bool MaskEditSession::openBlank(const QString& editsDir, const QString& stem, QSize size, quint8 fill,
                                const QVector<std::array<quint8, 3>>& palette, QString* error) {
  if (!size.isValid() || size.isEmpty()) {
    if (error) *error = QStringLiteral("%1: no mask and no image size to start from").arg(stem);
    return false;
  }
  blank_ = {size, fill, palette};
  const bool ok = open(editsDir, QString(), error, stem);
  blank_ = {};
  return ok;
}

void MaskEditSession::close() {
  journal_.close();
  stem_.clear();
  recovered_ = 0;
  setModified(false);
}

void MaskEditSession::clear() {
  close();
  editsDir_.clear();
  source_.clear();
  checkpoint_.clear();
  palette_.clear();
  strokes_ = 0;
  undo_->clear();
  model_->reset(0, 0);
}

void MaskEditSession::journal(const QVector<TileBytes>& tiles, bool stroke) {
  if (!journal_.isOpen()) return;
  if (stroke) ++strokes_;
  QString error;
  if (!journal_.append(tiles, &error)) Q_EMIT journalError(error);
  setModified(true);
}

void MaskEditSession::setModified(bool m) {
  if (m == modified_) return;
  modified_ = m;
  Q_EMIT modifiedChanged(m);
}

bool MaskEditSession::save(QString* error) {
  if (!isOpen()) {
    if (error) *error = tr("no mask is open");
    return false;
  }
  if (const QString why = whyNotWritable(); !why.isEmpty()) {
    if (error) *error = why;
    return false;
  }
  cv::Mat indices(model_->height(), model_->width(), CV_8UC1, const_cast<quint8*>(model_->constBits()));
  arml::data::Palette palette;
  for (const auto& c : palette_) palette.push_back({c[0], c[1], c[2]});
  try {
    QDir().mkpath(editsDir_);
    arml::data::writePalettePng(editPngPath().toStdString(), indices, palette);
  } catch (const std::exception& e) {
    if (error) *error = QString::fromUtf8(e.what());
    return false;
  }
  QJsonObject o;
  o[QStringLiteral("sourceMask")] = source_;
  o[QStringLiteral("checkpoint")] = checkpoint_;
  o[QStringLiteral("editor")] = editor_.isEmpty() ? qEnvironmentVariable("USER") : editor_;
  o[QStringLiteral("time")] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
  o[QStringLiteral("strokes")] = strokes_;
  o[QStringLiteral("width")] = model_->width();
  o[QStringLiteral("height")] = model_->height();
  QSaveFile f(provenancePath());
  if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(o).toJson()) < 0 || !f.commit()) {
    if (error) *error = QStringLiteral("%1: %2").arg(provenancePath(), f.errorString());
    return false;
  }
  if (!journal_.clear(error)) return false;
  undo_->setClean();
  setModified(false);
  return true;
}

EditProvenance MaskEditSession::readProvenance(const QString& jsonPath) {
  EditProvenance p;
  QFile f(jsonPath);
  if (!f.open(QIODevice::ReadOnly)) return p;
  const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
  p.sourceMask = o.value(QStringLiteral("sourceMask")).toString();
  p.checkpoint = o.value(QStringLiteral("checkpoint")).toString();
  p.editor = o.value(QStringLiteral("editor")).toString();
  p.time = QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODate);
  p.strokes = o.value(QStringLiteral("strokes")).toInt();
  return p;
}

}  // namespace arml::ui
