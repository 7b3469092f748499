#pragma once
// A project folder (like QuPath's): project.json with paths relative to the folder, the tissue
// classes (name, colour, hotkey), and the runs/, masks/ and edits/ subfolders.
#include <QColor>
#include <QString>
#include <QStringList>
#include <QVector>

namespace arml::ui {

// A class name as shown: the standard tissue names of the supported datasets in the interface's
// language (project.json and exported annotations keep `name` itself); any other name unchanged.
QString displayClassName(const QString& name);

struct TissueClass {
  QString name;
  QColor colour;
  QString hotkey;  // a QKeySequence string, e.g. "1"
  bool operator==(const TissueClass& o) const { return name == o.name && colour == o.colour && hotkey == o.hotkey; }
  bool operator!=(const TissueClass& o) const { return !(*this == o); }
  QString displayName() const { return displayClassName(name); }
};

class Project {
public:
  static constexpr int kFormatVersion = 1;

  // Creates folder (if needed) with runs/, masks/, edits/ and a project.json; fails when a
  // project.json is already there.
  static bool create(const QString& folder, const QString& name, const QString& datasetPath,
                     Project* out, QString* error);
  // folderOrFile: the project folder or its project.json.
  static bool open(const QString& folderOrFile, Project* out, QString* error);
  // Writes project.json atomically (temp file + rename).
  bool save(QString* error) const;

  bool isValid() const { return !folder_.isEmpty(); }
  QString folder() const { return folder_; }
  QString filePath() const;
  QString name() const { return name_; }
  void setName(const QString& name) { name_ = name; }
  // Absolute dataset path (stored relative to the project folder when possible).
  QString datasetPath() const;
  void setDatasetPath(const QString& absolutePath);
  QString runsDir() const;
  QString masksDir() const;
  QString editsDir() const;
  const QVector<TissueClass>& classes() const { return classes_; }
  void setClasses(const QVector<TissueClass>& classes) { classes_ = classes; }
  int backgroundIndex() const { return backgroundIndex_; }
  // The dataset kind the classes were read from ("wsss4luad", ...); empty while they are the defaults.
  QString classesSource() const { return classesSource_; }
  // Takes the classes a dataset inspection found (tissue classes, then the background entry at
  // backgroundIndex). Detected again from the same kind, the project's entries are kept as they
  // are (the user's names, colours, hotkeys); from another kind, a class of the same name keeps
  // its colour and hotkey. Returns whether anything changed (then save()).
  bool adoptDatasetClasses(const QVector<TissueClass>& detected, int backgroundIndex, const QString& source);

  // A new, unused run id: "<yyyyMMdd-HHmmss>-<kind>", suffixed when taken.
  QString newRunId(const QString& kind) const;

  // LUAD-HistoSeg classes (spec §1.2) with hotkeys 1..5; index 4 = background / exclude.
  static QVector<TissueClass> defaultClasses();

private:
  QString folder_;
  QString name_;
  QString dataset_;  // as stored: relative to folder_ when inside reach, else absolute
  QString runs_ = QStringLiteral("runs");
  QString masks_ = QStringLiteral("masks");
  QString edits_ = QStringLiteral("edits");
  QVector<TissueClass> classes_;
  int backgroundIndex_ = 4;
  QString classesSource_;
};

// Recently opened project folders, newest first (QSettings "recentProjects"), at most 8.
QStringList recentProjects();
void addRecentProject(const QString& folder);
void removeRecentProject(const QString& folder);

}  // namespace arml::ui
