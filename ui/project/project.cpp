#include "ui/project/project.h"

#include "core/safe_path.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSettings>

namespace arml::ui {

namespace {
const char* kProjectFile = "project.json";
}  // namespace

QString displayClassName(const QString& name) {
  // The class names of BCSS-WSSS, LUAD-HistoSeg and WSSS4LUAD (engine/data/class_scheme) and the
  // project's background row, in any letter case.
  static const char* const kKnown[] = {
      QT_TRANSLATE_NOOP("TissueClass", "Tumour epithelium"),
      QT_TRANSLATE_NOOP("TissueClass", "Tumour-associated stroma"),
      QT_TRANSLATE_NOOP("TissueClass", "Tumour"),
      QT_TRANSLATE_NOOP("TissueClass", "Stroma"),
      QT_TRANSLATE_NOOP("TissueClass", "Lymphocyte"),
      QT_TRANSLATE_NOOP("TissueClass", "Lymphocytic infiltrate"),
      QT_TRANSLATE_NOOP("TissueClass", "Necrosis"),
      QT_TRANSLATE_NOOP("TissueClass", "Normal"),
      QT_TRANSLATE_NOOP("TissueClass", "Background / exclude"),
  };
  for (const char* known : kKnown)
    if (name.compare(QLatin1String(known), Qt::CaseInsensitive) == 0)
      return QCoreApplication::translate("TissueClass", known);
  return name;
}

QVector<TissueClass> Project::defaultClasses() {
  return {
      {QStringLiteral("Tumour epithelium"), QColor(205, 51, 51), QStringLiteral("1")},
      {QStringLiteral("Necrosis"), QColor(0, 255, 0), QStringLiteral("2")},
      {QStringLiteral("Lymphocyte"), QColor(65, 105, 225), QStringLiteral("3")},
      {QStringLiteral("Tumour-associated stroma"), QColor(255, 165, 0), QStringLiteral("4")},
      {QStringLiteral("Background / exclude"), QColor(255, 255, 255), QStringLiteral("5")},
  };
}

QString Project::filePath() const { return QDir(folder_).filePath(QString::fromLatin1(kProjectFile)); }

QString Project::datasetPath() const {
  if (dataset_.isEmpty()) return QString();
  return QDir::cleanPath(QDir(folder_).absoluteFilePath(dataset_));
}

void Project::setDatasetPath(const QString& absolutePath) {
  if (absolutePath.isEmpty()) {
    dataset_.clear();
    return;
  }
  dataset_ = QDir(folder_).relativeFilePath(QDir::cleanPath(QFileInfo(absolutePath).absoluteFilePath()));
}

QString Project::runsDir() const { return QDir::cleanPath(QDir(folder_).absoluteFilePath(runs_)); }
QString Project::masksDir() const { return QDir::cleanPath(QDir(folder_).absoluteFilePath(masks_)); }
QString Project::editsDir() const { return QDir::cleanPath(QDir(folder_).absoluteFilePath(edits_)); }

QString Project::newRunId(const QString& kind) const {
  const QString base = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")) +
                       QLatin1Char('-') + kind;
  QString id = base;
  for (int n = 2; QFileInfo::exists(QDir(runsDir()).filePath(id)); ++n) id = base + QStringLiteral("-%1").arg(n);
  return id;
}

bool Project::create(const QString& folder, const QString& name, const QString& datasetPath, Project* out,
                     QString* error) {
  const QString abs = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
  if (QFileInfo::exists(QDir(abs).filePath(QString::fromLatin1(kProjectFile)))) {
    if (error) *error = QCoreApplication::translate("Project", "%1 already holds a project; open it instead.").arg(QDir::toNativeSeparators(abs));
    return false;
  }
  Project p;
  p.folder_ = abs;
  p.name_ = name.isEmpty() ? QFileInfo(abs).fileName() : name;
  p.classes_ = defaultClasses();
  p.setDatasetPath(datasetPath);
  for (const QString& sub : {p.runs_, p.masks_, p.edits_})
    if (!QDir().mkpath(QDir(abs).filePath(sub))) {
      if (error) *error = QCoreApplication::translate("Project", "Cannot create the folder %1.").arg(QDir::toNativeSeparators(QDir(abs).filePath(sub)));
      return false;
    }
  if (!p.save(error)) return false;
  *out = p;
  return true;
}

bool Project::open(const QString& folderOrFile, Project* out, QString* error) {
  QFileInfo info(folderOrFile);
  const QString folder = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
  const QString file = QDir(folder).filePath(QString::fromLatin1(kProjectFile));
  QFile f(file);
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = QCoreApplication::translate("Project", "%1 is not a project folder (no project.json).").arg(QDir::toNativeSeparators(folder));
    return false;
  }
  QJsonParseError parseError{};
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
  if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
    if (error) *error = QCoreApplication::translate("Project", "%1 is not valid JSON: %2").arg(QDir::toNativeSeparators(file), parseError.errorString());
    return false;
  }
  const QJsonObject o = doc.object();
  if (o.value("version").toInt(1) > kFormatVersion) {
    if (error) *error = QCoreApplication::translate("Project", "%1 was written by a newer ARML Studio (format %2).")
                            .arg(QDir::toNativeSeparators(file)).arg(o.value("version").toInt());
    return false;
  }
  Project p;
  p.folder_ = QDir::cleanPath(folder);
  p.name_ = o.value("name").toString(QFileInfo(folder).fileName());
  p.dataset_ = o.value("dataset").toString();
  p.runs_ = o.value("runs").toString(p.runs_);
  p.masks_ = o.value("masks").toString(p.masks_);
  p.edits_ = o.value("edits").toString(p.edits_);
  // runs/, masks/ and edits/ are written to: they must stay inside the project folder. (The
  // dataset is only read and is wherever the user chose it.)
  for (const auto& [key, value] : {std::pair{"runs", p.runs_}, {"masks", p.masks_}, {"edits", p.edits_}}) {
    if (!arml::isSafeRelativePath(value.toStdString())) {
      if (error)
        *error = QCoreApplication::translate("Project", "%1: \"%2\" is '%3', which is not a folder inside the project "
                                                        "(a relative path without '..' is required).")
                     .arg(QDir::toNativeSeparators(file), QLatin1String(key), value);
      return false;
    }
  }
  p.backgroundIndex_ = o.value("background_index").toInt(4);
  p.classesSource_ = o.value("classes_source").toString();
  for (const QJsonValue& v : o.value("classes").toArray()) {
    const QJsonObject c = v.toObject();
    p.classes_.push_back({c.value("name").toString(), QColor(c.value("colour").toString()), c.value("hotkey").toString()});
  }
  if (p.classes_.isEmpty()) {
    p.classes_ = defaultClasses();
    p.backgroundIndex_ = 4;
    p.classesSource_.clear();
  }
  *out = p;
  return true;
}

bool Project::save(QString* error) const {
  QJsonArray classes;
  for (int i = 0; i < classes_.size(); ++i) {
    const TissueClass& c = classes_[i];
    classes.append(QJsonObject{{"index", i},
                               {"name", c.name},
                               {"colour", c.colour.name(QColor::HexRgb)},
                               {"hotkey", c.hotkey}});
  }
  const QJsonObject o{{"format", "arml-studio-project"},
                      {"version", kFormatVersion},
                      {"name", name_},
                      {"dataset", dataset_},
                      {"runs", runs_},
                      {"masks", masks_},
                      {"edits", edits_},
                      {"background_index", backgroundIndex_},
                      {"classes_source", classesSource_},
                      {"classes", classes}};
  QSaveFile f(filePath());
  if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(o).toJson(QJsonDocument::Indented)) < 0 || !f.commit()) {
    if (error) *error = QCoreApplication::translate("Project", "Cannot write %1: %2").arg(QDir::toNativeSeparators(filePath()), f.errorString());
    return false;
  }
  return true;
}

bool Project::adoptDatasetClasses(const QVector<TissueClass>& detected, int backgroundIndex, const QString& source) {
  if (detected.isEmpty() || backgroundIndex < 0 || backgroundIndex >= detected.size()) return false;
  if (source == classesSource_ && classes_.size() == detected.size() && backgroundIndex == backgroundIndex_)
    return false;  // the same scheme again: keep the user's edits
  QVector<TissueClass> merged = detected;
  if (!classesSource_.isEmpty())
    for (TissueClass& c : merged)
      for (const TissueClass& old : classes_)
        if (old.name.compare(c.name, Qt::CaseInsensitive) == 0) {
          c.colour = old.colour;
          c.hotkey = old.hotkey;
          break;
        }
  const bool changed = merged != classes_ || backgroundIndex != backgroundIndex_ || source != classesSource_;
  classes_ = merged;
  backgroundIndex_ = backgroundIndex;
  classesSource_ = source;
  return changed;
}

QStringList recentProjects() {
  return QSettings().value(QStringLiteral("recentProjects")).toStringList();
}

void addRecentProject(const QString& folder) {
  QStringList list = recentProjects();
  const QString clean = QDir::cleanPath(folder);
  list.removeAll(clean);
  list.prepend(clean);
  while (list.size() > 8) list.removeLast();
  QSettings().setValue(QStringLiteral("recentProjects"), list);
}

void removeRecentProject(const QString& folder) {
  QStringList list = recentProjects();
  list.removeAll(QDir::cleanPath(folder));
  QSettings().setValue(QStringLiteral("recentProjects"), list);
}

}  // namespace arml::ui
