#include "ui/review/review_queue_model.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPixmap>
#include <QRegularExpression>
#include <algorithm>

#include "ui/project/project.h"
#include "ui/review/review_reviewer.h"
#include "ui/runs/run_history.h"

namespace arml::ui {

using arml::data::ReviewFile;
using arml::data::ReviewState;

namespace {

// The training split of a dataset: training/ (WSSS4LUAD), train/ (BCSS, LUAD), else the root.
QString trainFolder(const QString& dataset) {
  for (const char* sub : {"training", "train"}) {
    const QString p = dataset + QLatin1Char('/') + QLatin1String(sub);
    if (QFileInfo(p).isDir()) return p;
  }
  return dataset;
}

// stem -> image path of the training split (mask folders skipped).
QHash<QString, QString> indexImages(const QString& dataset) {
  QHash<QString, QString> images;
  if (dataset.isEmpty() || !QFileInfo(dataset).isDir()) return images;
  QDirIterator it(trainFolder(dataset), {QStringLiteral("*.png"), QStringLiteral("*.jpg"), QStringLiteral("*.jpeg"),
                                         QStringLiteral("*.tif"), QStringLiteral("*.tiff")},
                  QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString p = it.next();
    if (p.contains(QStringLiteral("mask/")) || p.contains(QStringLiteral("/mask"))) continue;
    images.insert(QFileInfo(p).completeBaseName(), p);
  }
  return images;
}

// The patch-level label in a training file name ("...-[1, 0, 1]", "[1 0 1]", "[101]"): the indices
// of the 1 digits, or empty when the name carries none.
QVector<int> labelFromName(const QString& stem) {
  static const QRegularExpression re(QStringLiteral("\\[([01](?:(?:, | )?[01])*)\\][^\\[]*$"));
  const QRegularExpressionMatch m = re.match(stem);
  QVector<int> classes;
  if (!m.hasMatch()) return classes;
  int index = 0;
  for (const QChar c : m.captured(1)) {
    if (c == QLatin1Char('1')) classes.append(index);
    if (c.isDigit()) ++index;
  }
  return classes;
}

// The name as listed: the label vector written without separators ("x-[1, 0, 1]" -> "x-[101]"),
// so that more of the stem's distinguishing tail fits; the full name is in the tooltip.
QString listedName(const QString& stem) {
  static const QRegularExpression vector(QStringLiteral("\\[([01](?:(?:, | )?[01])*)\\]([^\\[]*)$"));
  const QRegularExpressionMatch m = vector.match(stem);
  if (!m.hasMatch()) return stem;
  QString digits = m.captured(1);
  digits.remove(QLatin1Char(',')).remove(QLatin1Char(' '));
  return stem.left(m.capturedStart()) + QLatin1Char('[') + digits + QLatin1Char(']') + m.captured(2);
}

QPixmap stateIcon(ReviewState s) {
  QPixmap pm(12, 12);
  pm.fill(Qt::transparent);
  QPainter p(&pm);
  p.setRenderHint(QPainter::Antialiasing);
  p.setPen(QPen(ReviewQueueModel::stateColour(s).darker(140), 1));
  p.setBrush(ReviewQueueModel::stateColour(s));
  p.drawEllipse(QRectF(1.5, 1.5, 9, 9));
  return pm;
}

double numberOr(const QJsonObject& o, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    const QJsonValue v = o.value(QLatin1String(k));
    if (v.isDouble()) return v.toDouble();
  }
  return -1;
}

}  // namespace

ReviewQueueModel::ReviewQueueModel(QObject* parent) : QAbstractTableModel(parent) {}

QString ReviewQueueModel::stateText(ReviewState s) {
  switch (s) {
    case ReviewState::Unreviewed: return tr("unreviewed");
    case ReviewState::Accepted: return tr("accepted");
    case ReviewState::Corrected: return tr("corrected");
    case ReviewState::Rejected: return tr("rejected");
    case ReviewState::Flagged: return tr("flagged");
  }
  return {};
}

QColor ReviewQueueModel::stateColour(ReviewState s) {
  switch (s) {
    case ReviewState::Unreviewed: return QColor(200, 200, 200);
    case ReviewState::Accepted: return QColor(46, 160, 67);
    case ReviewState::Corrected: return QColor(52, 120, 220);
    case ReviewState::Rejected: return QColor(214, 48, 49);
    case ReviewState::Flagged: return QColor(240, 170, 20);
  }
  return {};
}

void ReviewQueueModel::clear() {
  beginResetModel();
  patches_.clear();
  rows_.clear();
  projectFolder_.clear();
  editsDir_.clear();
  reviewPath_.clear();
  scoresPath_.clear();
  loadError_.clear();
  scoresError_.clear();
  cursor_.clear();
  maskSet_.clear();
  maskSets_.clear();
  hasRelocation_ = hasDisagreement_ = false;
  endResetModel();
  Q_EMIT progressChanged();
}

bool ReviewQueueModel::load(const Project& project) {
  clear();
  if (!project.isValid()) return true;
  projectFolder_ = project.folder();
  editsDir_ = project.editsDir();
  reviewPath_ = projectFolder_ + QStringLiteral("/review.json");
  scoresPath_ = projectFolder_ + QStringLiteral("/review/scores.json");

  // The mask set: the one review.json records while it exists, else the newest.
  maskSets_ = findMaskSets(project);
  ReviewFile recorded;
  if (readReview(&recorded) && !recorded.maskSet().empty())
    maskSet_ = QDir::cleanPath(QDir(projectFolder_).absoluteFilePath(QString::fromStdString(recorded.maskSet())));
  if (std::none_of(maskSets_.begin(), maskSets_.end(), [&](const ReviewMaskSet& m) { return m.path == maskSet_; })) {
    const auto newestDone = std::find_if(maskSets_.begin(), maskSets_.end(), [](const ReviewMaskSet& m) { return !m.running; });
    maskSet_ = newestDone == maskSets_.end() ? QString() : newestDone->path;
  }

  beginResetModel();
  QStringList masks;
  if (!maskSet_.isEmpty())
    for (const QFileInfo& f : QDir(maskSet_).entryInfoList({QStringLiteral("*.png")}, QDir::Files, QDir::Name))
      masks << f.absoluteFilePath();
  const QHash<QString, QString> images = indexImages(project.datasetPath());
  QHash<QString, int> byStem;
  for (const QString& m : masks) {
    const QString stem = QFileInfo(m).completeBaseName();
    const auto found = byStem.constFind(stem);
    if (found != byStem.constEnd()) continue;
    ReviewPatch p;
    p.stem = stem;
    p.maskPath = m;
    p.imagePath = images.value(stem);
    p.classes = labelFromName(stem);
    byStem.insert(stem, static_cast<int>(patches_.size()));
    patches_.append(p);
  }
  // File order: by stem, as the dataset lists its training files.
  std::sort(patches_.begin(), patches_.end(), [](const ReviewPatch& a, const ReviewPatch& b) { return a.stem < b.stem; });
  for (int i = 0; i < patches_.size(); ++i) rows_.insert(patches_[i].stem, i);
  endResetModel();
  return reload();  // review.json (its states and the slide patches it adds) and the scores
}

QVector<ReviewMaskSet> ReviewQueueModel::findMaskSets(const Project& project) {
  QVector<ReviewMaskSet> sets;
  if (!project.isValid()) return sets;
  const auto addFoldersWithMasks = [&](const QString& root, const QString& runId, const QString& kindRoot) {
    // A job of this app records its state in runs/<id>/job.json while it runs.
    const bool running = readJobRecord(QDir(project.runsDir()).filePath(runId)).value(QStringLiteral("state")).toString() ==
                         QLatin1String("running");
    QStringList folders{root};
    QDirIterator it(root, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) folders << it.next();
    for (const QString& folder : folders) {
      if (QDir(folder).entryList({QStringLiteral("*.png")}, QDir::Files).isEmpty()) continue;
      const QString kind = QDir(kindRoot).relativeFilePath(folder);
      ReviewMaskSet set;
      set.path = QDir::cleanPath(folder);
      set.name = kind.isEmpty() || kind == QLatin1String(".") ? runId : QStringLiteral("%1 (%2)").arg(runId, kind);
      set.running = running;
      if (running) set.name = tr("%1 — still running").arg(set.name);
      sets.append(set);
    }
  };
  // Pseudo-mask jobs: masks/<run>/...; masks directly in masks/ form a set of their own.
  const QString masks = project.masksDir();
  if (!QDir(masks).entryList({QStringLiteral("*.png")}, QDir::Files).isEmpty())
    sets.append({QFileInfo(masks).fileName(), QDir::cleanPath(masks)});
  for (const QFileInfo& run : QDir(masks).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
    addFoldersWithMasks(run.absoluteFilePath(), run.fileName(), run.absoluteFilePath());
  // Pipelines: runs/<run>/masks/...
  for (const QFileInfo& run : QDir(project.runsDir()).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    const QString runMasks = run.absoluteFilePath() + QStringLiteral("/masks");
    if (QFileInfo(runMasks).isDir()) addFoldersWithMasks(runMasks, run.fileName(), runMasks);
  }
  // Newest first: run ids start with their time.
  std::stable_sort(sets.begin(), sets.end(), [](const ReviewMaskSet& a, const ReviewMaskSet& b) { return a.name > b.name; });
  return sets;
}

bool ReviewQueueModel::setMaskSet(const Project& project, const QString& folder, QString* error) {
  const QString relative = QDir(projectFolder_).relativeFilePath(folder);
  if (!writeReview([&](ReviewFile& review) { review.setMaskSet(relative.toStdString()); }, error)) return false;
  return load(project);
}

bool ReviewQueueModel::reload() {
  if (projectFolder_.isEmpty()) return true;
  ReviewFile review;
  const bool ok = readReview(&review);
  applyReview(review);
  readScores();
  Q_EMIT progressChanged();
  return ok;
}

bool ReviewQueueModel::readReview(ReviewFile* out) {
  try {
    *out = ReviewFile::load(reviewPath_.toStdString());
    loadError_.clear();
    return true;
  } catch (const std::exception& e) {
    loadError_ = QString::fromUtf8(e.what());
    return false;
  }
}

void ReviewQueueModel::applyReview(const ReviewFile& review) {
  cursor_ = QString::fromStdString(review.cursor());
  // Patches that review.json adds (cut from slides): appended in stem order.
  QVector<ReviewPatch> added;
  for (const auto& [stemStd, entry] : review.patches()) {
    const QString stem = QString::fromStdString(stemStd);
    if (entry.image.empty() || rows_.contains(stem)) continue;
    ReviewPatch p;
    p.stem = stem;
    p.fromSlide = true;
    p.imagePath = QDir::cleanPath(QDir(projectFolder_).absoluteFilePath(QString::fromStdString(entry.image)));
    const QFileInfo image(p.imagePath);
    const QString beside = image.absolutePath() + QLatin1Char('/') + stem + QStringLiteral("_mask.png");
    if (QFileInfo::exists(beside)) p.maskPath = beside;
    added.append(p);
  }
  if (!added.isEmpty()) {
    beginInsertRows({}, static_cast<int>(patches_.size()), static_cast<int>(patches_.size() + added.size() - 1));
    for (const ReviewPatch& p : added) {
      rows_.insert(p.stem, static_cast<int>(patches_.size()));
      patches_.append(p);
    }
    endInsertRows();
  }
  for (ReviewPatch& p : patches_) {
    const arml::data::PatchReview r = review.get(p.stem.toStdString());
    p.state = r.state;
    p.note = QString::fromStdString(r.note);
    p.reviewer = QString::fromStdString(r.reviewer);
    if (r.hasClasses) p.classes = QVector<int>(r.classes.begin(), r.classes.end());
    p.edited = QFileInfo::exists(editsDir_ + QLatin1Char('/') + p.stem + QStringLiteral(".png"));
  }
  if (!patches_.isEmpty()) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void ReviewQueueModel::readScores() {
  scoresError_.clear();
  hasRelocation_ = hasDisagreement_ = false;
  for (ReviewPatch& p : patches_) p.relocationChange = p.disagreement = -1;
  QFile f(scoresPath_);
  if (!f.exists()) return;
  if (!f.open(QIODevice::ReadOnly)) {
    scoresError_ = tr("%1: %2").arg(scoresPath_, f.errorString());
    return;
  }
  QJsonParseError parseError;
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
  const QJsonObject patches = doc.object().value(QStringLiteral("patches")).toObject();
  if (doc.isNull() || !doc.isObject()) {
    scoresError_ = tr("%1: not a scores file (%2)").arg(scoresPath_, parseError.errorString());
    return;
  }
  for (auto it = patches.begin(); it != patches.end(); ++it) {
    const int row = rows_.value(it.key(), -1);
    if (row < 0) continue;
    const QJsonObject o = it.value().toObject();
    ReviewPatch& p = patches_[row];
    p.relocationChange = numberOr(o, {"relocalization_change", "relocalizationChange"});
    p.disagreement = numberOr(o, {"peer_disagreement", "disagreement", "peerDisagreement"});
    hasRelocation_ |= p.relocationChange >= 0;
    hasDisagreement_ |= p.disagreement >= 0;
  }
}

void ReviewQueueModel::setClassNames(const QStringList& names, const QVector<QColor>& colours) {
  classNames_ = names;
  classColours_ = colours;
  if (!patches_.isEmpty()) Q_EMIT dataChanged(index(0, ClassesColumn), index(rowCount() - 1, ClassesColumn));
}

void ReviewQueueModel::setShownScore(ShownScore score) {
  if (score == shownScore_) return;
  shownScore_ = score;
  Q_EMIT headerDataChanged(Qt::Horizontal, ScoreColumn, ScoreColumn);
  if (!patches_.isEmpty()) Q_EMIT dataChanged(index(0, ScoreColumn), index(rowCount() - 1, ScoreColumn));
}

QString ReviewQueueModel::classText(const QVector<int>& classes) const {
  QStringList parts;
  for (int c : classes) parts << (c >= 0 && c < classNames_.size() ? classNames_[c] : QString::number(c));
  return parts.join(QStringLiteral(", "));
}

QPixmap ReviewQueueModel::classSwatches(const QVector<int>& classes) const {
  constexpr int kSwatch = 11, kGap = 3;
  QPixmap pm(classes.size() * (kSwatch + kGap), kSwatch);
  pm.fill(Qt::transparent);
  QPainter painter(&pm);
  for (int i = 0; i < classes.size(); ++i) {
    const int c = classes[i];
    painter.setPen(QColor(90, 90, 90));
    painter.setBrush(c >= 0 && c < classColours_.size() ? classColours_[c] : QColor(Qt::gray));
    painter.drawRect(i * (kSwatch + kGap), 0, kSwatch - 1, kSwatch - 1);
  }
  return pm;
}

int ReviewQueueModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(patches_.size());
}

int ReviewQueueModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ReviewQueueModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= patches_.size()) return {};
  const ReviewPatch& p = patches_[index.row()];
  switch (role) {
    case StemRole: return p.stem;
    case StateRole: return static_cast<int>(p.state);
    case ClassesRole: return QVariant::fromValue(QList<int>(p.classes.begin(), p.classes.end()));
    case RelocationRole: return p.relocationChange;
    case DisagreementRole: return p.disagreement;
    default: break;
  }
  switch (index.column()) {
    case StemColumn:
      if (role == Qt::DisplayRole) return listedName(p.stem);
      if (role == Qt::ToolTipRole) {
        QStringList lines{p.stem};
        if (p.fromSlide) lines << tr("Cut from a slide: %1").arg(p.imagePath);
        lines << (p.maskPath.isEmpty() ? tr("No generated mask: starts from the background") : p.maskPath);
        if (p.edited) lines << tr("Corrected mask saved in edits/");
        if (p.relocationChange >= 0) lines << tr("Relocalization change: %1").arg(p.relocationChange, 0, 'f', 3);
        if (p.disagreement >= 0) lines << tr("Peer disagreement: %1").arg(p.disagreement, 0, 'f', 3);
        return lines.join(QLatin1Char('\n'));
      }
      break;
    case ClassesColumn:
      // One colour swatch per label class (compact and easy to scan); the names in the tooltip.
      if (role == Qt::ToolTipRole) return classText(p.classes);
      if (role == Qt::DecorationRole && !p.classes.isEmpty()) return classSwatches(p.classes);
      break;
    case StateColumn:
      if (role == Qt::DisplayRole) return stateText(p.state);
      if (role == Qt::DecorationRole) return stateIcon(p.state);
      if (role == Qt::ToolTipRole && !p.reviewer.isEmpty()) return tr("by %1").arg(p.reviewer);
      break;
    case NoteColumn:
      if (role == Qt::DisplayRole || role == Qt::ToolTipRole) return p.note;
      break;
    case ScoreColumn: {
      const double score = shownScore_ == ShownScore::RelocationChange ? p.relocationChange
                           : shownScore_ == ShownScore::Disagreement   ? p.disagreement
                                                                       : -1;
      if (role == Qt::DisplayRole) return score >= 0 ? QString::number(score, 'f', 3) : QStringLiteral("–");
      if (role == Qt::TextAlignmentRole) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
      if (role == Qt::ToolTipRole && score < 0) return tr("No score for this patch (listed last)");
      break;
    }
    default: break;
  }
  return {};
}

QVariant ReviewQueueModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation == Qt::Horizontal && section == ScoreColumn && role == Qt::ToolTipRole)
    return shownScore_ == ShownScore::RelocationChange
               ? tr("How much relocalization changed the patch's CAM, largest first; patches without a score last")
               : tr("How much the two stage-2 peers disagree on the patch, largest first; patches without a score last");
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case StemColumn: return tr("Patch");
    case ClassesColumn: return tr("Classes");
    case StateColumn: return tr("State");
    case NoteColumn: return tr("Note");
    case ScoreColumn:
      return shownScore_ == ShownScore::RelocationChange ? tr("Reloc. ↓")
             : shownScore_ == ShownScore::Disagreement   ? tr("Disagr. ↓")
                                                         : QString();
    default: return {};
  }
}

ReviewProgress ReviewQueueModel::progress() const {
  ReviewProgress r;
  r.total = static_cast<int>(patches_.size());
  for (const ReviewPatch& p : patches_) ++r.counts[static_cast<int>(p.state)];
  return r;
}

template <typename Change>
bool ReviewQueueModel::writeReview(Change change, QString* error, bool recordMaskSet) {
  QString message;
  if (projectFolder_.isEmpty()) {
    message = tr("No project is open.");
  } else if (isReadOnly()) {
    message = tr("Not saved: %1. Fix or remove the file, then reopen the project.").arg(loadError_);
  } else {
    try {
      ReviewFile review = ReviewFile::load(reviewPath_.toStdString());  // keep what others added
      // The set under review is recorded with the first decision, so that a newer job's masks
      // never replace it silently.
      if (recordMaskSet && review.maskSet().empty() && !maskSet_.isEmpty())
        review.setMaskSet(QDir(projectFolder_).relativeFilePath(maskSet_).toStdString());
      change(review);
      review.save(reviewPath_.toStdString());
    } catch (const std::exception& e) {
      message = tr("Not saved: %1").arg(QString::fromUtf8(e.what()));
    }
  }
  if (message.isEmpty()) return true;
  if (error) *error = message;
  Q_EMIT writeFailed(message);
  return false;
}

bool ReviewQueueModel::setState(int row, ReviewState state, QString* error) {
  if (row < 0 || row >= patches_.size()) return false;
  ReviewPatch& p = patches_[row];
  const std::string stem = p.stem.toStdString();
  const QString reviewer = reviewerName();
  const bool ok = writeReview(
      [&](ReviewFile& review) {
        arml::data::PatchReview entry = review.get(stem);
        if (p.fromSlide && entry.image.empty())
          entry.image = QDir(projectFolder_).relativeFilePath(p.imagePath).toStdString();
        entry.state = state;
        entry.note = p.note.toStdString();
        entry.reviewer = reviewer.toStdString();
        entry.time.clear();  // stamped now
        review.put(stem, entry);
      },
      error);
  if (!ok) return false;
  p.state = state;
  p.reviewer = reviewer;
  Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
  Q_EMIT progressChanged();
  return true;
}

bool ReviewQueueModel::setNote(int row, const QString& note, QString* error) {
  if (row < 0 || row >= patches_.size()) return false;
  ReviewPatch& p = patches_[row];
  if (p.note == note) return true;
  const std::string stem = p.stem.toStdString();
  const QString reviewer = reviewerName();
  const bool ok = writeReview(
      [&](ReviewFile& review) {
        arml::data::PatchReview entry = review.get(stem);
        entry.note = note.toStdString();
        entry.state = p.state;
        entry.reviewer = reviewer.toStdString();
        entry.time.clear();
        review.put(stem, entry);
      },
      error);
  if (!ok) return false;
  p.note = note;
  p.reviewer = reviewer;
  Q_EMIT dataChanged(index(row, NoteColumn), index(row, NoteColumn));
  return true;
}

bool ReviewQueueModel::setCursor(const QString& stem, QString* error) {
  if (stem == cursor_) return true;
  // Only looking at a patch does not choose its mask set.
  if (!writeReview([&](ReviewFile& review) { review.setCursor(stem.toStdString()); }, error, false)) return false;
  cursor_ = stem;
  return true;
}

QStringList ReviewQueueModel::generatedFolders() const {
  QHash<QString, int> uses;
  for (const ReviewPatch& p : patches_)
    if (!p.fromSlide && !p.maskPath.isEmpty()) ++uses[QFileInfo(p.maskPath).absolutePath()];
  QStringList dirs = uses.keys();
  std::sort(dirs.begin(), dirs.end(), [&](const QString& a, const QString& b) {
    return uses[a] != uses[b] ? uses[a] > uses[b] : a > b;  // a tie: the newer run
  });
  return dirs;
}

void ReviewQueueModel::markEdited(int row, bool edited) {
  if (row < 0 || row >= patches_.size() || patches_[row].edited == edited) return;
  patches_[row].edited = edited;
  Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

}  // namespace arml::ui
