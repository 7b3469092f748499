#pragma once
// Corrections are never written over a generated mask: they go to the project's edits/<stem>.png
// with edits/<stem>.json (provenance: source mask, checkpoint, editor, time), both written
// atomically. Between saves every completed stroke, undo and redo is appended to
// edits/<stem>.journal and fsync'ed, so a crash loses no completed stroke: opening the mask again
// replays the journal onto the last saved edit. Records hold absolute tile bytes, so replaying a
// journal onto an edit that already contains it changes nothing.
#include <QDateTime>
#include <array>
#include <QFile>
#include <QObject>
#include <QSize>
#include <QString>
#include <QVector>

#include "widgets/mask_edit_commands.h"

namespace arml::ui {

class EditJournal {
public:
  EditJournal() = default;
  ~EditJournal() { close(); }
  EditJournal(const EditJournal&) = delete;
  EditJournal& operator=(const EditJournal&) = delete;

  // Opens `path` for appending. A missing file, or one written for another mask size, is started
  // afresh (header only).
  bool open(const QString& path, QSize maskSize, QString* error);
  bool isOpen() const { return file_.isOpen(); }
  // Appends one record (the new bytes of the tiles) and fsyncs it before returning.
  bool append(const QVector<widgets::TileBytes>& tiles, QString* error);
  // Drops all records (after a save); fsynced.
  bool clear(QString* error);
  void close();
  int records() const { return records_; }

  // Applies every complete record of the journal at `path` to `model` in order; a torn last
  // record (the process died while writing it) is ignored. Returns the number applied, or -1
  // when the file is not a journal for a mask of this size.
  static int replay(const QString& path, widgets::MaskModel& model, QString* error);

private:
  QFile file_;
  QSize size_;
  int records_ = 0;
};

struct EditProvenance {
  QString sourceMask;   // path of the generated mask the edit started from
  QString checkpoint;   // the checkpoint that produced it, when known
  QString editor;       // user name
  QDateTime time;       // of the save (UTC)
  int strokes = 0;      // strokes since the edit was first created
};

// One mask under correction: its model, undo stack, journal and files in the edits folder.
// The session remembers the project the mask belongs to (setProjectRoot before open): it opens
// and saves only when the stem is a plain file name and every file it writes lies inside the
// edits folder, itself inside that project; otherwise it refuses with a message and writes nothing.
class MaskEditSession : public QObject {
  Q_OBJECT
public:
  explicit MaskEditSession(QObject* parent = nullptr);
  ~MaskEditSession() override;

  // Loads edits/<stem>.png when present, else `sourceMask`; then replays edits/<stem>.journal.
  // `stem` defaults to the source's file name without extension.
  bool open(const QString& editsDir, const QString& sourceMask, QString* error, const QString& stem = {});
  // For a patch without a generated mask (cut from a slide): loads edits/<stem>.png when present,
  // else starts from an all-`fill` mask of `size` whose saved PNG gets `palette`.
  bool openBlank(const QString& editsDir, const QString& stem, QSize size, quint8 fill,
                 const QVector<std::array<quint8, 3>>& palette, QString* error);
  // Closes the journal; the model keeps its pixels (the canvas keeps showing them).
  void close();
  // close(), then empties the model and the undo stack: nothing of the mask is left to show.
  void clear();
  bool isOpen() const { return !stem_.isEmpty(); }
  // The project folder the next open() and the open mask belong to; empty: no project (a mask
  // opened on its own, edits beside it).
  void setProjectRoot(const QString& folder) { projectRoot_ = folder; }
  QString projectRoot() const { return projectRoot_; }
  QString stem() const { return stem_; }

  widgets::MaskModel* model() const { return model_; }
  widgets::MaskUndoStack* undoStack() const { return undo_; }
  QString editPngPath() const;
  QString provenancePath() const;
  QString journalPath() const;
  int recoveredRecords() const { return recovered_; }
  bool isModified() const { return modified_; }
  void setCheckpoint(const QString& checkpoint) { checkpoint_ = checkpoint; }
  void setEditor(const QString& editor) { editor_ = editor; }

  // Writes edits/<stem>.png and .json atomically, then clears the journal.
  bool save(QString* error);

  static EditProvenance readProvenance(const QString& jsonPath);

Q_SIGNALS:
  void modifiedChanged(bool modified);
  void journalError(const QString& message);

private:
  void journal(const QVector<widgets::TileBytes>& tiles, bool stroke);
  void setModified(bool m);
  // Empty when the edits folder and stem are fit to write to; else what is wrong.
  QString whyNotWritable() const;

  widgets::MaskModel* model_;
  widgets::MaskUndoStack* undo_;
  EditJournal journal_;
  QString editsDir_, stem_, source_, checkpoint_, editor_, projectRoot_;
  QVector<std::array<quint8, 3>> palette_;
  struct Blank {
    QSize size;
    quint8 fill = 0;
    QVector<std::array<quint8, 3>> palette;
  } blank_;  // set only while openBlank() runs
  int recovered_ = 0;
  int strokes_ = 0;
  bool modified_ = false;
};

}  // namespace arml::ui
