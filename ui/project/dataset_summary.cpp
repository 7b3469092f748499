#include "ui/project/dataset_summary.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include "ui/shell/app_settings.h"
#include "ui/shell/child_process.h"

namespace arml::ui {

namespace {
QColor colourOf(const QJsonValue& v) {
  const QJsonArray rgb = v.toArray();
  return rgb.size() == 3 ? QColor(rgb[0].toInt(), rgb[1].toInt(), rgb[2].toInt()) : QColor();
}

QVector<int> intsOf(const QJsonValue& v) {
  QVector<int> out;
  for (const QJsonValue& x : v.toArray()) out << x.toInt();
  return out;
}

QString capitalised(QString s) {
  if (!s.isEmpty()) s[0] = s[0].toUpper();
  return s;
}

DatasetSplitCounts splitOf(const QJsonObject& splits, const char* name, const char* countKey, const char* perClassKey) {
  DatasetSplitCounts c;
  const QJsonObject s = splits.value(QLatin1String(name)).toObject();
  c.present = !s.isEmpty();
  c.images = s.value(QLatin1String(countKey)).toInt();
  c.perClass = intsOf(s.value(QLatin1String(perClassKey)));
  c.hasBackgroundMasks = s.value("has_background_masks").toBool();
  return c;
}
}  // namespace

QString datasetLayoutName(const QString& kind) {
  if (kind == QLatin1String("bcss")) return QStringLiteral("BCSS-WSSS");
  if (kind == QLatin1String("luad")) return QStringLiteral("LUAD-HistoSeg");
  if (kind == QLatin1String("wsss4luad")) return QStringLiteral("WSSS4LUAD");
  if (kind == QLatin1String("csv")) return QCoreApplication::translate("DatasetSummary", "CSV labels");
  return kind;
}

bool parseDatasetInspection(const QByteArray& json, DatasetSummary* out, QString* error) {
  QJsonParseError parseError{};
  // The object is the last non-empty line: anything the reader logged comes before it.
  QByteArray line = json.trimmed();
  line = line.mid(line.lastIndexOf('\n') + 1);
  const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
  const QJsonObject o = doc.object();
  if (parseError.error != QJsonParseError::NoError || !o.contains("kind") || !o.value("classes").isArray()) {
    if (error) *error = QCoreApplication::translate("DatasetSummary", "`arml inspect-data` printed no dataset report (%1).").arg(parseError.errorString());
    return false;
  }
  DatasetSummary s;
  s.root = o.value("root").toString();
  s.kind = o.value("kind").toString();
  s.layout = datasetLayoutName(s.kind);
  for (const QJsonValue& v : o.value("classes").toArray()) {
    const QJsonObject c = v.toObject();
    s.classes.push_back({capitalised(c.value("name").toString()), colourOf(c.value("colour")),
                         QString::number(s.classes.size() + 1)});
    s.abbreviations << c.value("abbreviation").toString();
  }
  const QJsonObject background = o.value("background").toObject();
  s.backgroundIndex = background.value("index").toInt(int(s.classes.size()));
  while (s.classes.size() < s.backgroundIndex) {  // no built-in scheme has gaps; keep indices right if one does
    s.classes.push_back({QCoreApplication::translate("DatasetSummary", "Class %1").arg(s.classes.size()), QColor(Qt::black), QString()});
    s.abbreviations << QString::number(s.classes.size() - 1);
  }
  s.classes.push_back({QCoreApplication::translate("DatasetSummary", "Background / exclude"), colourOf(background.value("colour")),
                       QString::number(s.backgroundIndex + 1)});
  s.abbreviations << QStringLiteral("BG");
  const QJsonObject splits = o.value("splits").toObject();
  s.train = splitOf(splits, "train", "images", "images_per_class");
  s.val = splitOf(splits, "val", "pairs", "masks_per_class");
  s.test = splitOf(splits, "test", "pairs", "masks_per_class");
  for (const QJsonValue& v : splits.value("train").toObject().value("samples").toArray())
    s.samples.push_back({v.toObject().value("image").toString(), intsOf(v.toObject().value("label"))});
  for (const QJsonValue& v : o.value("problems").toArray()) s.problems << v.toString();
  *out = s;
  return true;
}

DatasetInspector::DatasetInspector(QObject* parent) : QObject(parent), process_(new ChildProcess(this)) {
  connect(process_, &ChildProcess::finished, this, &DatasetInspector::onFinished);
  connect(process_, &ChildProcess::failedToStart, this, [this](const QString& message) {
    DatasetSummary s;
    s.root = root_;
    s.error = message;
    Q_EMIT finished(s);
  });
}

bool DatasetInspector::isRunning() const { return process_->isRunning(); }

void DatasetInspector::inspect(const QString& root) {
  process_->abandon();
  root_ = root;
  process_->start(armlProgramPath(), {QStringLiteral("inspect-data"), QStringLiteral("--data"), root, QStringLiteral("--json")});
}

void DatasetInspector::onFinished(int exitCode, bool crashed) {
  const QByteArray out = process_->readAllStandardOutput();
  const QString err = QString::fromUtf8(process_->readAllStandardError()).trimmed();
  DatasetSummary s;
  QString parseError;
  // Exit 2 with a report means "read, with problems"; exit 2 without one means unreadable.
  if (crashed || !parseDatasetInspection(out, &s, &parseError)) {
    s = DatasetSummary();
    const QString lastLine = err.section(QLatin1Char('\n'), -1).remove(QRegularExpression(QStringLiteral("^error: ")));
    s.error = crashed ? tr("The dataset reader stopped unexpectedly.")
              : !lastLine.isEmpty() ? lastLine
                                    : tr("the dataset reader gave no answer (exit code %1). %2").arg(exitCode).arg(parseError);
  }
  s.root = root_;
  Q_EMIT finished(s);
}

}  // namespace arml::ui
