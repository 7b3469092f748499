#include "ui/runs/run_history.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <algorithm>
#include <cmath>
#include <limits>

#include "run/run_catalog.h"
#include "run/run_files.h"
#include "run/run_layout.h"
#include "ui/training/event_stream_parser.h"

namespace arml::ui {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool saveAtomically(const QString& path, const QByteArray& bytes, QString* error) {
  QSaveFile f(path);
  if (f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() && f.commit()) return true;
  if (error) *error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), f.errorString());
  return false;
}

void flatten(const QString& name, const QJsonValue& v, QMap<QString, double>& out) {
  if (v.isDouble()) {
    out.insert(name, v.toDouble());
  } else if (v.isNull()) {
    out.insert(name, kNaN);  // the writer turns NaN into null
  } else if (v.isArray()) {
    const QJsonArray a = v.toArray();
    for (int i = 0; i < a.size(); ++i) flatten(name + QStringLiteral("_%1").arg(i), a[i], out);
  } else if (v.isObject()) {
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) flatten(name + QLatin1Char('.') + it.key(), it.value(), out);
  }
}

// nlohmann::json (engine/run's documents) as Qt JSON, for the record's fields.
QJsonValue toQt(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      QJsonObject o;
      for (const auto& [key, value] : j.items()) o.insert(QString::fromStdString(key), toQt(value));
      return o;
    }
    case nlohmann::json::value_t::array: {
      QJsonArray a;
      for (const auto& value : j) a.append(toQt(value));
      return a;
    }
    case nlohmann::json::value_t::string: return QString::fromStdString(j.get<std::string>());
    case nlohmann::json::value_t::boolean: return j.get<bool>();
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return static_cast<qint64>(j.get<long long>());
    case nlohmann::json::value_t::number_float: return j.get<double>();
    default: return QJsonValue();
  }
}

QJsonObject toQtObject(const nlohmann::json& j) { return j.is_object() ? toQt(j).toObject() : QJsonObject(); }

std::filesystem::path toPath(const QString& path) { return std::filesystem::path(path.toStdString()); }

QJsonValue finiteOrNull(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(); }

RunCurves curvesFromEventFile(const QString& path) {
  RunCurves curves;
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return curves;
  EventStreamParser parser;
  auto consume = [&](const QVector<StreamItem>& items) {
    for (const StreamItem& item : items)
      if (item.isEvent()) curves.addEvent(item.fields);
  };
  while (!f.atEnd()) consume(parser.feed(f.read(1 << 20)));
  consume(parser.finish());
  return curves;
}

// train-cls / train-seg's metrics.csv (stage 1: epoch,loss,exact_match,jaccard,lr,ars,seconds;
// stage 2: epoch,train_loss,...,lr,val_miou,...,seconds): one epoch row per line, named by the stage
// in config.json, and each epoch's mean loss and learning rate on the loss plot. Read through
// engine/run; a run without such a table (a pipeline's summary table, a malformed file) has none.
RunCurves curvesFromTrainerCsv(const QString& runFolder) {
  RunCurves curves;
  const arml::run::RunLayout layout(toPath(runFolder));
  QString stage;
  arml::run::EpochTable table;
  try {
    arml::run::RunConfig config;
    if (std::filesystem::exists(layout.config())) config = arml::run::readRunConfig(layout.config());
    if (config.kind == arml::run::RunKind::Pipeline) return curves;  // its metrics.csv is a summary table
    if (config.kind != arml::run::RunKind::Unknown) stage = QString::fromStdString(arml::run::runKindName(config.kind));
    if (!std::filesystem::exists(layout.metrics())) return curves;
    table = arml::run::readEpochTable(layout.metrics());
  } catch (const std::exception&) {
    return curves;  // readRun names the malformed file among the run's problems
  }
  QStringList header;
  for (const std::string& column : table.columns) header << QString::fromStdString(column);
  if (!header.contains(QStringLiteral("epoch"))) return curves;
  const QString lossColumn = header.contains(QStringLiteral("loss")) ? QStringLiteral("loss") : QStringLiteral("train_loss");
  for (const std::vector<double>& cells : table.rows) {
    QJsonObject epoch{{"type", "epoch"}, {"stage", stage}};
    QJsonObject step{{"type", "step"}, {"stage", stage}};
    for (int i = 0; i < header.size() && i < static_cast<int>(cells.size()); ++i) {
      const QString& column = header[i];
      const QJsonValue value = finiteOrNull(cells[i]);
      if (column == QLatin1String("epoch")) {
        if (value.isDouble()) epoch["epoch"] = value.toInt();
      } else if (column == QLatin1String("lr")) {
        step["lr"] = value;
      } else if (!arml::run::isBookkeepingColumn(table.columns[i])) {
        epoch[column] = value;
        if (column == lossColumn) step["loss"] = value;
      }
    }
    curves.addStep(step);
    curves.addEpoch(epoch);
  }
  curves.stepsArePerEpoch = !curves.stepX.isEmpty();
  return curves;
}

// What a run folder the CLI made alone says about its job, in job.json's shape (kind, state).
QJsonObject derivedJobRecord(const arml::run::RunInfo& info) {
  QJsonObject job;
  if (info.kind != arml::run::RunKind::Unknown) job["kind"] = QString::fromStdString(arml::run::runKindName(info.kind));
  if (info.status == arml::run::RunStatus::Finished) job["state"] = QStringLiteral("finished");
  const QFileInfo summary(QString::fromStdString(arml::run::RunLayout(info.dir).summary().string()));
  if (summary.exists()) job["finished"] = summary.lastModified().toString(Qt::ISODate);
  return job;
}
}  // namespace

QMap<QString, double> RunCurves::epochValues(const QJsonObject& epoch) {
  static const QStringList skip = {"type", "time", "stage", "epoch", "epochs"};
  QMap<QString, double> values;
  for (auto it = epoch.begin(); it != epoch.end(); ++it)
    if (!skip.contains(it.key())) flatten(it.key(), it.value(), values);
  return values;
}

bool RunCurves::isPlottedMetric(const QString& name) {
  const QString n = name.toLower();
  return n.contains(QLatin1String("iou")) || n.contains(QLatin1String("acc")) || n.contains(QLatin1String("dice")) ||
         n.contains(QLatin1String("f1")) || n.contains(QLatin1String("jaccard")) || n.contains(QLatin1String("exact"));
}

QString RunCurves::stageSeriesName(const QString& stage, const QString& metric) {
  return stage.isEmpty() ? metric : stage + QStringLiteral(": ") + metric;
}

void RunCurves::addEvent(const QJsonObject& event) {
  const QString type = event.value("type").toString();
  if (type == QLatin1String("step")) {
    addStep(event);
  } else if (type == QLatin1String("epoch")) {
    addEpoch(event);
  } else if (type == QLatin1String("metric")) {
    const QString split = event.value("split").toString();
    const QString name = event.value("name").toString();
    if (!name.isEmpty() && event.value("value").isDouble())
      finalMetrics.insert(split.isEmpty() ? name : split + QLatin1Char('/') + name, event.value("value").toDouble());
  } else if (type == QLatin1String("done")) {
    QMap<QString, double> summary;
    for (auto it = event.begin(); it != event.end(); ++it)
      if (it.key() != QLatin1String("time") && it.key() != QLatin1String("exit_code")) flatten(it.key(), it.value(), summary);
    for (auto it = summary.begin(); it != summary.end(); ++it) finalMetrics.insert(it.key(), it.value());
  }
}

void RunCurves::addStep(const QJsonObject& step) {
  const QString stage = step.value("stage").toString();
  const double x = stepX.size() + 1;
  if (stageNames.isEmpty() || stageNames.last() != stage) {
    stageNames << stage;
    stageStartX << x;
  }
  stepX << x;
  loss << (step.value("loss").isDouble() ? step.value("loss").toDouble() : kNaN);
  lr << (step.value("lr").isDouble() ? step.value("lr").toDouble() : kNaN);
}

void RunCurves::addEpoch(const QJsonObject& epoch) {
  const QMap<QString, double> values = epochValues(epoch);
  const int row = epochX.size();
  epochX << row + 1;
  const QString stage = epoch.value("stage").toString();
  epochStage << stage;
  epochNumber << epoch.value("epoch").toDouble(row + 1);
  if (epoch.value("epoch").isDouble()) {
    const int number = epoch.value("epoch").toInt();
    if (!stageEpochBase.contains(stage)) stageEpochBase.insert(stage, std::min(number, 1));  // 0- or 1-based
    stageEpochX << number - stageEpochBase.value(stage) + 1;
  } else {
    stageEpochX << static_cast<double>(epochStage.count(stage));
  }
  for (auto it = values.begin(); it != values.end(); ++it) {
    QVector<double>& column = epochMetrics[it.key()];
    while (column.size() < row) column << kNaN;
    column << it.value();
  }
  for (auto it = epochMetrics.begin(); it != epochMetrics.end(); ++it)
    while (it->size() < row + 1) *it << kNaN;
}

QString RunCurves::csv() const {
  QStringList header = {QStringLiteral("stage"), QStringLiteral("epoch")};
  header += epochMetrics.keys();
  QStringList lines = {header.join(QLatin1Char(','))};
  for (int r = 0; r < epochX.size(); ++r) {
    QStringList cells = {epochStage.value(r), QString::number(epochNumber.value(r))};
    for (auto it = epochMetrics.begin(); it != epochMetrics.end(); ++it) {
      const double v = it->value(r, kNaN);
      cells << (std::isnan(v) ? QString() : QString::number(v, 'g', 8));
    }
    lines << cells.join(QLatin1Char(','));
  }
  return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

bool writeJobRecord(const QString& runFolder, const QJsonObject& job, QString* error) {
  QDir().mkpath(runFolder);
  return saveAtomically(QDir(runFolder).filePath(QStringLiteral("job.json")),
                        QJsonDocument(job).toJson(QJsonDocument::Indented), error);
}

bool writeMetricsCsv(const QString& runFolder, const RunCurves& curves, QString* error) {
  QDir().mkpath(runFolder);
  return saveAtomically(QDir(runFolder).filePath(QStringLiteral("job-metrics.csv")), curves.csv().toUtf8(), error);
}

RunCurves loadRunCurves(const QString& runFolder) {
  const QDir dir(runFolder);
  if (dir.exists(QStringLiteral("events.jsonl"))) return curvesFromEventFile(dir.filePath(QStringLiteral("events.jsonl")));
  // Events the CLI wrote with --events FILE into the run folder: the newest file with curves.
  for (const QFileInfo& file : dir.entryInfoList({QStringLiteral("*.jsonl")}, QDir::Files, QDir::Time)) {
    RunCurves curves = curvesFromEventFile(file.absoluteFilePath());
    if (!curves.isEmpty()) return curves;
  }
  return curvesFromTrainerCsv(runFolder);
}

QJsonObject readJobRecord(const QString& runFolder) {
  return toQtObject(arml::run::readJobRecord(toPath(runFolder)));
}

RunRecord readRun(const QString& runFolder) {
  const arml::run::RunInfo info = arml::run::readRun(toPath(runFolder));
  RunRecord r;
  const QFileInfo dir(runFolder);
  r.folder = QDir::cleanPath(dir.absoluteFilePath());
  r.id = dir.fileName();
  r.job = toQtObject(info.job);
  if (r.job.isEmpty()) r.job = derivedJobRecord(info);
  r.kind = r.job.value("kind").toString();
  r.preset = r.job.value("preset").toString();
  r.state = r.job.value("state").toString();
  r.command = r.job.value("command").toString();
  r.exitCode = r.job.value("exit_code").toInt(-1);
  r.started = QDateTime::fromString(r.job.value("started").toString(), Qt::ISODate);
  r.finished = QDateTime::fromString(r.job.value("finished").toString(), Qt::ISODate);
  if (!r.started.isValid()) r.started = dir.birthTime().isValid() ? dir.birthTime() : dir.lastModified();
  // The run's own config.json says what it used; the GUI's record only what the form held.
  r.settings = toQtObject(info.settings);
  if (!r.settings.isEmpty()) r.settingsFile = QString::fromStdString(info.settingsFile.filename().string());
  QJsonObject metrics = r.job.value("final_metrics").toObject();
  for (const auto& [key, value] : info.metrics) metrics[QString::fromStdString(key)] = finiteOrNull(value);
  for (auto it = metrics.begin(); it != metrics.end(); ++it)
    r.finalMetrics.insert(it.key(), it.value().isDouble() ? it.value().toDouble() : kNaN);
  for (const std::string& problem : info.problems) r.problems << QString::fromStdString(problem);
  if (r.state.isEmpty()) r.state = QStringLiteral("unknown");
  return r;
}

RunHeadline runHeadline(const RunRecord& run) {
  // Keys by what they measure: a pipeline's summary.json and metrics.csv, the metric events a job
  // sent (test_miou of train-seg, stage2_test_miou of a pipeline, mean_iou of an evaluation), the
  // trainers' files and epoch events.
  static const QStringList test = {"stage2_test_miou", "stage2/test/miou", "test/stage2_test_miou",
                                   "test/test_miou",   "test/mean_iou",    "test/miou"};
  static const QStringList bestVal = {"stage2_best_val_miou", "stage2/val/best_miou", "best_epoch/val_miou",
                                      "last_epoch/best_val_miou"};
  static const QStringList evaluatedVal = {"val/mean_iou", "val/miou"};
  const auto first = [&run](const QStringList& keys) {
    for (const QString& key : keys)
      if (std::isfinite(run.finalMetrics.value(key, kNaN))) return run.finalMetrics.value(key);
    return kNaN;
  };
  if (const double v = first(test); std::isfinite(v)) return {QCoreApplication::translate("RunHistory", "test"), v};
  if (const double v = first(bestVal); std::isfinite(v)) return {QCoreApplication::translate("RunHistory", "best val"), v};
  if (const double v = first(evaluatedVal); std::isfinite(v)) return {QCoreApplication::translate("RunHistory", "val"), v};
  return {};
}

QString RunHeadline::name() const { return QCoreApplication::translate("RunHistory", "%1 mIoU").arg(scope); }

QVector<RunRecord> scanRuns(const QString& runsDir) {
  QVector<RunRecord> runs;
  const QDir dir(runsDir);
  for (const QFileInfo& sub : dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
    if (arml::run::isRunFolder(toPath(sub.absoluteFilePath()))) runs.push_back(readRun(sub.absoluteFilePath()));
  }
  std::sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) {
    return a.started != b.started ? a.started > b.started : a.id > b.id;
  });
  return runs;
}

}  // namespace arml::ui
