#pragma once
// The runs of a project (runs/<id>/): what the GUI records about each job and how it reads runs
// back for the Runs page. The GUI's own files in a run folder: job.json (its record of the job:
// kind, settings, command, state, exit code, times, final metrics), job-metrics.csv (the curves'
// epoch rows) and events.jsonl (the event stream, except for a pipeline, whose CLI writes it).
// config.json, metrics.csv and summary.json belong to the `arml` job and are never written here:
// train-cls / train-seg record their resolved settings in config.json, and `arml pipeline`
// re-reads its config.json on resume to refuse a changed setting.
#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

namespace arml::ui {

// Curves of one run, accumulated from step/epoch events (live or from events.jsonl), or for a run
// the CLI made without an event file, from its metrics.csv (one point per epoch).
struct RunCurves {
  QVector<double> stepX, loss, lr;  // x = running count of step events over the whole run
  bool stepsArePerEpoch = false;    // from metrics.csv: stepX counts epochs, loss is each epoch's mean
  QStringList stageNames;           // stages in the order they started
  QVector<double> stageStartX;      // stepX where each stage started
  QVector<double> epochX;           // running epoch count (1, 2, ...) over the whole run
  QStringList epochStage;           // stage of each epoch row
  QVector<double> epochNumber;      // the job's own epoch number of each row
  QVector<double> stageEpochX;      // epoch within its stage, from 1 (the metric plots' x)
  QMap<QString, int> stageEpochBase;  // per stage: 0 or 1, how the job numbers its epochs
  QMap<QString, QVector<double>> epochMetrics;  // name -> value per epoch row (NaN when absent)
  QMap<QString, double> finalMetrics;           // "split/name" from metric events, done summary

  void addEvent(const QJsonObject& event);
  void addStep(const QJsonObject& step);
  void addEpoch(const QJsonObject& epoch);
  bool isEmpty() const { return stepX.isEmpty() && epochX.isEmpty(); }
  QString csv() const;  // metrics.csv: stage,epoch,<metric columns>

  // Numeric fields of an epoch event except bookkeeping; arrays become name_0, name_1, ...
  static QMap<QString, double> epochValues(const QJsonObject& epoch);
  // Epoch values worth a curve: segmentation/classification quality (stage 1 reports exact_match
  // and jaccard of its multi-label predictions), not loss or bookkeeping.
  static bool isPlottedMetric(const QString& name);
  // The metric plots' series of `metric` in `stage`: "stage2: val_miou" (each stage's epochs count
  // from 1, so the stage tells the series apart); the bare name when the stage is not known.
  static QString stageSeriesName(const QString& stage, const QString& metric);
};

struct RunRecord {
  QString id, folder, kind, preset, state, command;
  QDateTime started, finished;
  int exitCode = -1;
  QJsonObject job;  // the whole job.json, or for a run the CLI made alone, what readRun derived
  // What the run used: the CLI's own config.json (a trainer's whole file, a pipeline's "config"),
  // else, for a job that writes none, the settings of job.json; settingsFile names which.
  QJsonObject settings;
  QString settingsFile;
  QMap<QString, double> finalMetrics;
  // One sentence per malformed file of the run (it names the file and the problem); what could be
  // read is filled in all the same.
  QStringList problems;
};

// The one number a run is judged by, named for what it is: its test mIoU where it has one, else
// its best validation mIoU over all epochs, else an evaluation's val mIoU; empty when none.
struct RunHeadline {
  QString scope;  // "test", "best val", "val" (translated); empty when the run has none
  double value = 0;
  bool isEmpty() const { return scope.isEmpty(); }
  QString name() const;  // "test mIoU"
};
RunHeadline runHeadline(const RunRecord& run);

// The GUI's record of a job, runs/<id>/job.json, written atomically.
bool writeJobRecord(const QString& runFolder, const QJsonObject& job, QString* error = nullptr);
// The curves' epoch rows, runs/<id>/job-metrics.csv, written atomically.
bool writeMetricsCsv(const QString& runFolder, const RunCurves& curves, QString* error = nullptr);

// Runs are read through engine/run (run/run_catalog.h), the one reader of a run folder's files.
//
// The GUI's record of a job: job.json, else an older project's config.json that holds one (it has
// "kind", which the CLI's config.json never has); an empty object when the folder has neither.
QJsonObject readJobRecord(const QString& runFolder);

// job.json when there is one (see readJobRecord); for a run the CLI made alone, what its files say
// (run::readRun: the kind from config.json, the state from summary.json and the final files).
// Either way the settings come from config.json when the run has one, and the final metrics from
// job.json overlaid with the run's own files (run::RunInfo::metrics: summary.json,
// test_metrics.json, metrics.csv's last epoch as last_epoch/<column>, the best epoch's val_miou as
// best_epoch/val_miou). Never throws: a malformed file is one of RunRecord::problems.
RunRecord readRun(const QString& runFolder);
// Every runs/<id>/ with a job.json, config.json or events.jsonl, newest first.
QVector<RunRecord> scanRuns(const QString& runsDir);
// The run's curves from events.jsonl; else from another event file in the folder (`arml --events
// runs/<id>/FILE.jsonl train-cls ...`); else, for train-cls / train-seg, from their metrics.csv.
RunCurves loadRunCurves(const QString& runFolder);

}  // namespace arml::ui
