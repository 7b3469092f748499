#pragma once
// The mask being corrected, split into square tiles, and its undo history. As in Krita's tile
// mementos, an undo command keeps only the tiles a stroke changed (zlib-compressed before/after
// bytes), so undo memory grows with what was painted, not with the mask size. Commands talk to
// the model, never to a widget (Okular's documentcommands). Everything here lives in the GUI thread.
#include <QByteArray>
#include <QObject>
#include <QRect>
#include <QSize>
#include <QUndoCommand>
#include <QVector>
#include <deque>
#include <memory>

namespace arml::widgets {

// One tile's bytes (row-major, tile width × tile height, clipped at the mask's edge), compressed.
struct TileBytes {
  int index = 0;  // ty * tilesX + tx
  QByteArray data;
};

struct TileChange {
  int index = 0;
  QByteArray before;  // qCompress'ed
  QByteArray after;   // qCompress'ed
};

// An 8-bit class-index mask (value = class, one byte per pixel, rows packed without padding).
class MaskModel : public QObject {
  Q_OBJECT
public:
  static constexpr int kTile = 64;

  explicit MaskModel(QObject* parent = nullptr);
  // Replaces the whole mask (no undo); `data` holds width*height bytes, or is empty for all `fill`.
  void reset(int width, int height, const QByteArray& data = {}, quint8 fill = 0);

  int width() const { return width_; }
  int height() const { return height_; }
  QSize size() const { return {width_, height_}; }
  QRect rect() const { return {0, 0, width_, height_}; }
  const quint8* constBits() const { return reinterpret_cast<const quint8*>(pixels_.constData()); }
  QByteArray bytes() const { return pixels_; }
  quint8 at(int x, int y) const { return constBits()[static_cast<qsizetype>(y) * width_ + x]; }
  int tilesX() const { return (width_ + kTile - 1) / kTile; }
  int tilesY() const { return (height_ + kTile - 1) / kTile; }
  QRect tileRect(int index) const;

  // Write access for tools: first call touch(r) for every rectangle about to be written (it saves
  // the tiles' current bytes once per delta), then write through bits().
  void touch(const QRect& r);
  quint8* bits() { return reinterpret_cast<quint8*>(pixels_.data()); }
  // The tiles that really changed since the last takeDelta() (touched but unchanged ones dropped),
  // and emits changed() for their union.
  QVector<TileChange> takeDelta();
  bool hasPendingDelta() const { return !pending_.isEmpty(); }

  // Overwrites tiles with stored bytes (undo, redo, journal replay) and emits changed().
  void applyTiles(const QVector<TileBytes>& tiles);
  QByteArray tileRaw(int index) const;

Q_SIGNALS:
  void changed(const QRect& region);
  void resetDone();

private:
  int width_ = 0, height_ = 0;
  QByteArray pixels_;
  QVector<QPair<int, QByteArray>> pending_;  // touched tile -> raw bytes before (unsorted, unique)
  QVector<quint8> pendingFlag_;               // per tile: 1 when in pending_
};

// One stroke: its segments are separate pushes that merge into one command (same stroke id).
class MaskStrokeCommand : public QUndoCommand {
public:
  static constexpr int kId = 0x4d41534b;
  MaskStrokeCommand(MaskModel* model, int strokeId, QVector<TileChange> changes, const QString& text);
  void undo() override;
  void redo() override;  // the first redo is skipped: the tool already painted
  int id() const override { return kId; }
  bool mergeWith(const QUndoCommand* other) override;

  int strokeId() const { return strokeId_; }
  qint64 bytes() const;  // memory held by the stored tiles
  QVector<TileBytes> beforeTiles() const;
  QVector<TileBytes> afterTiles() const;
  const QVector<TileChange>& changes() const { return changes_; }

private:
  MaskModel* model_;
  int strokeId_;
  bool firstRedo_ = true;
  QVector<TileChange> changes_;
};

// An undo stack bounded by bytes: when the stored tiles exceed the limit the oldest commands are
// dropped (QUndoStack can only bound the count). Emits what it applied so a journal can follow.
class MaskUndoStack : public QObject {
  Q_OBJECT
public:
  explicit MaskUndoStack(QObject* parent = nullptr);
  ~MaskUndoStack() override;

  void setByteLimit(qint64 bytes);
  qint64 byteLimit() const { return limit_; }
  qint64 bytes() const { return bytes_; }
  int count() const { return static_cast<int>(commands_.size()); }
  int index() const { return index_; }  // commands below index are done
  bool canUndo() const { return index_ > 0; }
  bool canRedo() const { return index_ < count(); }
  const MaskStrokeCommand* command(int i) const { return commands_[static_cast<size_t>(i)].get(); }

  // Pushes one segment; merged into the top command when it is the same open stroke. Drops the
  // redo tail.
  void push(std::unique_ptr<MaskStrokeCommand> segment);
  // Ends the open stroke (mouse release): the top command is final; emits strokeCommitted.
  void closeStroke();
  void undo();
  void redo();
  void clear();
  bool isClean() const { return index_ == cleanIndex_; }
  void setClean();

Q_SIGNALS:
  void strokeCommitted(const QVector<TileBytes>& afterTiles);
  // Tiles written by undo() or redo(): their new bytes.
  void tilesApplied(const QVector<TileBytes>& tiles);
  void indexChanged(int index);
  void cleanChanged(bool clean);

private:
  void enforceLimit();
  std::deque<std::unique_ptr<MaskStrokeCommand>> commands_;
  int index_ = 0;
  int cleanIndex_ = 0;  // -1 when the clean state was dropped
  bool strokeOpen_ = false;
  qint64 bytes_ = 0;
  qint64 limit_ = 256ll << 20;
};

}  // namespace arml::widgets
