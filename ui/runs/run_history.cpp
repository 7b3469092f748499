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
QJsonObject readJsonObject(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
}

// A GUI job record, as an older version wrote it into config.json: it has "kind" ("command" too,
// but records written by hand may not), which none of the CLI's config.json files has.
bool isGuiRecord(const QJsonObject& o) {
  return o.value(QStringLiteral("kind")).isString() && !o.contains(QStringLiteral("stage")) &&
         !o.contains(QStringLiteral("config"));
}

// Columns of the trainers' metrics.csv that describe the run, not the model.
bool isBookkeepingColumn(const QString& name) {
  static const QStringList names = {"epoch", "epochs", "lr", "ars", "seconds", "images_per_s"};
  return names.contains(name);
}

QJsonValue csvNumber(const QString& text) {
  bool ok = false;
  const double v = text.trimmed().toDouble(&ok);
  return ok && std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

// A comma-separated file without quoting, as the CLI writes it: header and rows.
struct CsvTable {
  QStringList header;
  QVector<QStringList> rows;
};
CsvTable readCsv(const QString& path) {
  CsvTable table;
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return table;
  const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  if (lines.isEmpty()) return table;
  table.header = lines.first().trimmed().split(QLatin1Char(','));
  for (int i = 1; i < lines.size(); ++i) table.rows << lines[i].trimmed().split(QLatin1Char(','));
  return table;
}

// The CLI's metrics.csv: a pipeline's "stage,split,metric,value" rows become "stage/split/metric";
// a trainer's per-epoch table (a header with "epoch") gives its last row as "last_epoch/<column>".
void addCsvMetrics(const QString& path, QJsonObject& out) {
  const CsvTable table = readCsv(path);
  if (table.rows.isEmpty()) return;
  const QStringList& header = table.header;
  if (header == QStringList{"stage", "split", "metric", "value"}) {
    for (const QStringList& cells : table.rows)
      if (cells.size() == 4) out[cells[0] + QLatin1Char('/') + cells[1] + QLatin1Char('/') + cells[2]] = csvNumber(cells[3]);
  } else if (header.contains(QStringLiteral("epoch"))) {
    const QStringList& last = table.rows.last();
    for (int i = 0; i < header.size() && i < last.size(); ++i)
      if (!isBookkeepingColumn(header[i]) && csvNumber(last[i]).isDouble())
        out[QStringLiteral("last_epoch/") + header[i]] = csvNumber(last[i]);
  }
}

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
// in config.json, and each epoch's mean loss and learning rate on the loss plot.
RunCurves curvesFromTrainerCsv(const QDir& run) {
  RunCurves curves;
  const CsvTable table = readCsv(run.filePath(QStringLiteral("metrics.csv")));
  if (!table.header.contains(QStringLiteral("epoch"))) return curves;  // a pipeline's summary table
  const QString stage = readJsonObject(run.filePath(QStringLiteral("config.json"))).value("stage").toString();
  const QString lossColumn = table.header.contains(QStringLiteral("loss")) ? QStringLiteral("loss") : QStringLiteral("train_loss");
  for (const QStringList& cells : table.rows) {
    QJsonObject epoch{{"type", "epoch"}, {"stage", stage}};
    QJsonObject step{{"type", "step"}, {"stage", stage}};
    for (int i = 0; i < table.header.size() && i < cells.size(); ++i) {
      const QString& column = table.header[i];
      const QJsonValue value = csvNumber(cells[i]);
      if (column == QLatin1String("epoch")) {
        if (value.isDouble()) epoch["epoch"] = value.toInt();
      } else if (column == QLatin1String("lr")) {
        step["lr"] = value;
      } else if (!isBookkeepingColumn(column)) {
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

// The largest val_miou of a per-epoch table (a trainer's metrics.csv, the GUI's job-metrics.csv)
// as best_epoch/val_miou: what the best checkpoint scored, not the last epoch.
void addBestValMiou(const QString& path, QJsonObject& out) {
  const CsvTable table = readCsv(path);
  const int column = table.header.indexOf(QStringLiteral("val_miou"));
  if (column < 0) return;
  double best = kNaN;
  for (const QStringList& cells : table.rows) {
    const QJsonValue v = csvNumber(cells.value(column));
    if (v.isDouble() && !(v.toDouble() <= best)) best = v.toDouble();
  }
  if (std::isfinite(best)) out[QStringLiteral("best_epoch/val_miou")] = best;
}

// The settings the CLI resolved and recorded in config.json: a trainer's whole file, a pipeline's
// "config" object; empty for anything else (an older GUI record, no file).
QJsonObject cliSettings(const QDir& run) {
  const QJsonObject config = readJsonObject(run.filePath(QStringLiteral("config.json")));
  if (config.value("stage").isString()) return config;
  return config.value("config").toObject();
}

// The final metrics the run's own files hold, as "split/name", "stage/split/metric" and summary keys.
QJsonObject ownMetrics(const QDir& run) {
  QJsonObject metrics;
  addCsvMetrics(run.filePath(QStringLiteral("metrics.csv")), metrics);
  addBestValMiou(run.filePath(QStringLiteral("metrics.csv")), metrics);
  addBestValMiou(run.filePath(QStringLiteral("job-metrics.csv")), metrics);
  const QJsonObject test = readJsonObject(run.filePath(QStringLiteral("test_metrics.json")));  // arml train-seg
  if (test.value("mean_iou").isDouble()) metrics[QStringLiteral("test/mean_iou")] = test.value("mean_iou");
  const QJsonObject summary = readJsonObject(run.filePath(QStringLiteral("summary.json")));  // arml pipeline
  for (const char* key : {"stage1_cam_miou", "pseudo_mask_miou", "stage2_best_val_miou", "stage2_test_miou"})
    if (summary.value(QLatin1String(key)).isDouble()) metrics[QLatin1String(key)] = summary.value(QLatin1String(key));
  return metrics;
}

// What a run folder the CLI made alone says about its job, in job.json's shape (kind, state).
QJsonObject derivedJobRecord(const QDir& run) {
  const QJsonObject config = readJsonObject(run.filePath(QStringLiteral("config.json")));
  QJsonObject job;
  if (config.value("stage").isString()) {  // arml train-cls / train-seg
    job["kind"] = config.value("stage");
  } else if (config.value("config").isObject()) {  // arml pipeline
    job["kind"] = QStringLiteral("pipeline");
  }
  const QFileInfo summary(run.filePath(QStringLiteral("summary.json")));
  const bool finished = summary.exists() || run.exists(QStringLiteral("checkpoints/final.pt")) ||
                        run.exists(QStringLiteral("test_metrics.json"));
  if (finished) job["state"] = QStringLiteral("finished");
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
  return curvesFromTrainerCsv(dir);
}

QJsonObject readJobRecord(const QString& runFolder) {
  const QDir dir(runFolder);
  QJsonObject job = readJsonObject(dir.filePath(QStringLiteral("job.json")));
  if (!job.isEmpty()) return job;
  const QJsonObject config = readJsonObject(dir.filePath(QStringLiteral("config.json")));
  return isGuiRecord(config) ? config : QJsonObject();  // written before job.json existed
}

RunRecord readRun(const QString& runFolder) {
  RunRecord r;
  const QFileInfo info(runFolder);
  const QDir dir(runFolder);
  r.folder = QDir::cleanPath(info.absoluteFilePath());
  r.id = info.fileName();
  r.job = readJobRecord(runFolder);
  if (r.job.isEmpty()) r.job = derivedJobRecord(dir);
  r.kind = r.job.value("kind").toString();
  r.preset = r.job.value("preset").toString();
  r.state = r.job.value("state").toString();
  r.command = r.job.value("command").toString();
  r.exitCode = r.job.value("exit_code").toInt(-1);
  r.started = QDateTime::fromString(r.job.value("started").toString(), Qt::ISODate);
  r.finished = QDateTime::fromString(r.job.value("finished").toString(), Qt::ISODate);
  if (!r.started.isValid()) r.started = info.birthTime().isValid() ? info.birthTime() : info.lastModified();
  // The run's own config.json says what it used; the GUI's record only what the form held.
  r.settings = cliSettings(dir);
  r.settingsFile = QStringLiteral("config.json");
  if (r.settings.isEmpty()) {
    r.settings = r.job.value("settings").toObject();
    r.settingsFile = r.settings.isEmpty() ? QString() : QStringLiteral("job.json");
  }
  QJsonObject metrics = r.job.value("final_metrics").toObject();
  const QJsonObject own = ownMetrics(dir);
  for (auto it = own.begin(); it != own.end(); ++it) metrics[it.key()] = it.value();
  for (auto it = metrics.begin(); it != metrics.end(); ++it)
    r.finalMetrics.insert(it.key(), it.value().isDouble() ? it.value().toDouble() : kNaN);
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
    const QDir d(sub.absoluteFilePath());
    if (d.exists(QStringLiteral("job.json")) || d.exists(QStringLiteral("config.json")) ||
        d.exists(QStringLiteral("events.jsonl")))
      runs.push_back(readRun(sub.absoluteFilePath()));
  }
  std::sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) {
    return a.started != b.started ? a.started > b.started : a.id > b.id;
  });
  return runs;
}

}  // namespace arml::ui
