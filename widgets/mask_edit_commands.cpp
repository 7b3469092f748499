#include "widgets/mask_edit_commands.h"

#include <algorithm>
#include <cstring>

namespace arml::widgets {

namespace {
constexpr int kCompressLevel = 1;  // masks are long runs of one value: level 1 is fast and small
}

MaskModel::MaskModel(QObject* parent) : QObject(parent) {}

void MaskModel::reset(int width, int height, const QByteArray& data, quint8 fill) {
  width_ = std::max(0, width);
  height_ = std::max(0, height);
  const qsizetype n = static_cast<qsizetype>(width_) * height_;
  if (data.size() == n) {
    pixels_ = data;
  } else {
    pixels_ = QByteArray(n, static_cast<char>(fill));
  }
  pending_.clear();
  pendingFlag_ = QVector<quint8>(tilesX() * tilesY(), 0);
  Q_EMIT resetDone();
  Q_EMIT changed(rect());
}

QRect MaskModel::tileRect(int index) const {
  const int tx = index % tilesX(), ty = index / tilesX();
  return QRect(tx * kTile, ty * kTile, kTile, kTile).intersected(rect());
}

QByteArray MaskModel::tileRaw(int index) const {
  const QRect r = tileRect(index);
  QByteArray out(static_cast<qsizetype>(r.width()) * r.height(), Qt::Uninitialized);
  for (int y = 0; y < r.height(); ++y)
    std::memcpy(out.data() + static_cast<qsizetype>(y) * r.width(),
                constBits() + static_cast<qsizetype>(r.y() + y) * width_ + r.x(), r.width());
  return out;
}

void MaskModel::touch(const QRect& r0) {
  const QRect r = r0.intersected(rect());
  if (r.isEmpty()) return;
  const int tx0 = r.left() / kTile, tx1 = r.right() / kTile;
  const int ty0 = r.top() / kTile, ty1 = r.bottom() / kTile;
  for (int ty = ty0; ty <= ty1; ++ty)
    for (int tx = tx0; tx <= tx1; ++tx) {
      const int index = ty * tilesX() + tx;
      if (pendingFlag_[index]) continue;
      pendingFlag_[index] = 1;
      pending_.append({index, tileRaw(index)});
    }
}

QVector<TileChange> MaskModel::takeDelta() {
  QVector<TileChange> out;
  QRect region;
  std::sort(pending_.begin(), pending_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [index, before] : pending_) {
    pendingFlag_[index] = 0;
    const QByteArray after = tileRaw(index);
    if (after == before) continue;
    out.append({index, qCompress(before, kCompressLevel), qCompress(after, kCompressLevel)});
    region |= tileRect(index);
  }
  pending_.clear();
  if (!region.isEmpty()) Q_EMIT changed(region);
  return out;
}

void MaskModel::applyTiles(const QVector<TileBytes>& tiles) {
  QRect region;
  for (const TileBytes& t : tiles) {
    if (t.index < 0 || t.index >= tilesX() * tilesY()) continue;
    const QRect r = tileRect(t.index);
    const QByteArray raw = qUncompress(t.data);
    if (raw.size() != static_cast<qsizetype>(r.width()) * r.height()) continue;
    for (int y = 0; y < r.height(); ++y)
      std::memcpy(bits() + static_cast<qsizetype>(r.y() + y) * width_ + r.x(),
                  raw.constData() + static_cast<qsizetype>(y) * r.width(), r.width());
    region |= r;
  }
  if (!region.isEmpty()) Q_EMIT changed(region);
}

// ---------------------------------------------------------------------------------------------

MaskStrokeCommand::MaskStrokeCommand(MaskModel* model, int strokeId, QVector<TileChange> changes,
                                     const QString& text)
    : model_(model), strokeId_(strokeId), changes_(std::move(changes)) {
  setText(text);
}

void MaskStrokeCommand::undo() { model_->applyTiles(beforeTiles()); }

void MaskStrokeCommand::redo() {
  if (firstRedo_) {
    firstRedo_ = false;
    return;
  }
  model_->applyTiles(afterTiles());
}

bool MaskStrokeCommand::mergeWith(const QUndoCommand* other) {
  const auto* o = dynamic_cast<const MaskStrokeCommand*>(other);
  if (!o || o->strokeId_ != strokeId_) return false;
  for (const TileChange& c : o->changes_) {
    auto it = std::find_if(changes_.begin(), changes_.end(), [&](const TileChange& m) { return m.index == c.index; });
    if (it == changes_.end())
      changes_.append(c);
    else
      it->after = c.after;  // keep the stroke's first "before"
  }
  return true;
}

qint64 MaskStrokeCommand::bytes() const {
  qint64 n = 0;
  for (const TileChange& c : changes_) n += c.before.size() + c.after.size() + static_cast<qint64>(sizeof(TileChange));
  return n + static_cast<qint64>(sizeof(*this));
}

QVector<TileBytes> MaskStrokeCommand::beforeTiles() const {
  QVector<TileBytes> out;
  out.reserve(changes_.size());
  for (const TileChange& c : changes_) out.append({c.index, c.before});
  return out;
}

QVector<TileBytes> MaskStrokeCommand::afterTiles() const {
  QVector<TileBytes> out;
  out.reserve(changes_.size());
  for (const TileChange& c : changes_) out.append({c.index, c.after});
  return out;
}

// ---------------------------------------------------------------------------------------------

MaskUndoStack::MaskUndoStack(QObject* parent) : QObject(parent) {}
MaskUndoStack::~MaskUndoStack() = default;

void MaskUndoStack::setByteLimit(qint64 bytes) {
  limit_ = std::max<qint64>(0, bytes);
  enforceLimit();
}

void MaskUndoStack::push(std::unique_ptr<MaskStrokeCommand> segment) {
  if (!segment) return;
  const bool wasClean = isClean();
  // Drop the redo tail.
  while (count() > index_) {
    bytes_ -= commands_.back()->bytes();
    commands_.pop_back();
  }
  if (cleanIndex_ > index_) cleanIndex_ = -1;
  segment->redo();  // no-op the first time: the tool painted already
  if (strokeOpen_ && index_ > 0 && commands_.back()->strokeId() == segment->strokeId()) {
    bytes_ -= commands_.back()->bytes();
    commands_.back()->mergeWith(segment.get());
    bytes_ += commands_.back()->bytes();
  } else {
    bytes_ += segment->bytes();
    commands_.push_back(std::move(segment));
    ++index_;
    strokeOpen_ = true;
    Q_EMIT indexChanged(index_);
  }
  enforceLimit();
  if (wasClean != isClean()) Q_EMIT cleanChanged(isClean());
}

void MaskUndoStack::closeStroke() {
  if (!strokeOpen_) return;
  strokeOpen_ = false;
  if (index_ > 0) Q_EMIT strokeCommitted(commands_[static_cast<size_t>(index_ - 1)]->afterTiles());
}

void MaskUndoStack::undo() {
  closeStroke();
  if (!canUndo()) return;
  const bool wasClean = isClean();
  MaskStrokeCommand* c = commands_[static_cast<size_t>(--index_)].get();
  c->undo();
  Q_EMIT tilesApplied(c->beforeTiles());
  Q_EMIT indexChanged(index_);
  if (wasClean != isClean()) Q_EMIT cleanChanged(isClean());
}

void MaskUndoStack::redo() {
  closeStroke();
  if (!canRedo()) return;
  const bool wasClean = isClean();
  MaskStrokeCommand* c = commands_[static_cast<size_t>(index_++)].get();
  c->redo();
  Q_EMIT tilesApplied(c->afterTiles());
  Q_EMIT indexChanged(index_);
  if (wasClean != isClean()) Q_EMIT cleanChanged(isClean());
}

void MaskUndoStack::clear() {
  commands_.clear();
  index_ = 0;
  cleanIndex_ = 0;
  bytes_ = 0;
  strokeOpen_ = false;
  Q_EMIT indexChanged(0);
  Q_EMIT cleanChanged(true);
}

void MaskUndoStack::setClean() {
  const bool was = isClean();
  cleanIndex_ = index_;
  if (!was) Q_EMIT cleanChanged(true);
}

void MaskUndoStack::enforceLimit() {
  // Keep at least the newest command so the last stroke can always be undone.
  while (bytes_ > limit_ && count() > 1 && index_ > 1) {
    bytes_ -= commands_.front()->bytes();
    commands_.pop_front();
    --index_;
    cleanIndex_ = cleanIndex_ > 0 ? cleanIndex_ - 1 : -1;
  }
}

}  // namespace arml::widgets
