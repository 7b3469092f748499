#pragma once
// What the Training page starts: the job, its settings, their validation and the `arml`
// command line built from them. Plain data + free functions so they are easy to test.
#include <QString>
#include <QStringList>

namespace arml::ui {

enum class JobKind { Stage1, PseudoMasks, Stage2, Evaluate, Pipeline };
// The engine's presets (run/run_presets.h), by name: presetId() is the engine's preset name.
enum class Preset { Paper, CpuDemo };

struct JobSettings {
  JobKind kind = JobKind::Pipeline;
  QString dataset;     // dataset root folder
  QString outDir;      // run folder (stage 1, stage 2, pipeline) or mask folder (pseudo masks)
  QString model;       // checkpoint for pseudo masks / evaluation
  QString masks;       // pseudo-mask folder for stage 2
  QString edits;       // stage 2 on reviewed masks: corrected masks (a project's edits/) replace pseudo masks
  QString review;      // stage 2 on reviewed masks: review.json; rejected patches are left out
  QString arch = QStringLiteral("resnet38d");  // resnet38d | resnet38d-lite (stage 2: --width-divisor 8)
  QString ars = QStringLiteral("reference");   // stage 1: reference | intended | off
  Preset preset = Preset::Paper;              // the pipeline's --preset; the others take its values below
  // The defaults below are the paper preset's stage 1 (run/run_presets.h; applyPreset sets them).
  int epochs = 20;
  int batch = 20;
  int patchSize = 224;                         // training images resized to this square size
  double lr = 0.0;                             // 0 = the job's default
  QString layers = QStringLiteral("bn7");      // pseudo masks: comma-separated
  QString split = QStringLiteral("test");      // evaluation: val | test
  QString device = QStringLiteral("auto");     // auto | cpu | cuda[:N]
  int threads = 0;                             // 0 = all cores
  qint64 seed = 0;
  bool resume = false;                         // continue from the run folder's checkpoint
  int nproc = 1;                               // stage 1, stage 2, pipeline: worker processes (--nproc; 1 = omitted)
  bool syncBatchNorm = false;                  // with nproc > 1: BatchNorm over all processes (--sync-batch-norm)
  // Pipeline only: real data without image-level labels trains on a split with pixel masks, its
  // labels derived from them (--derive-labels-from-masks val|test; empty = the train/ labels).
  QString deriveLabelsFrom;
  QStringList overrides;                       // pipeline only: key.path=value, one --set each
};

// The overrides typed in one line, separated by spaces; an entry with spaces in double quotes
// ("stage2.edits=/data/my edits"). Empty entries are dropped.
QStringList parseOverrides(const QString& line);
// The problem with one override ("stage1.batch=4"), or empty when its syntax is right. Whether the
// key exists is the engine's to say (it knows every setting), before the job does any work.
QString overrideProblem(const QString& assignment);

// Sets preset, arch, epochs, batch, lr, patch size and layers to the values of the engine's preset
// (run/run_presets.h) for s.kind: stage 2's for a stage-2 job, stage 1's for the others.
void applyPreset(JobSettings& s, Preset preset);

// Problems that would make the job fail at once, as sentences for the user; empty = startable.
QStringList validateJob(const JobSettings& s);

// The arguments of `arml` (without the program) for these settings, events on stdout.
QStringList buildArmlArguments(const JobSettings& s);

// A copyable shell command line (POSIX single quotes where needed).
QString shellCommandLine(const QString& program, const QStringList& args);

QString jobKindId(JobKind kind);    // "stage1", "pseudo-masks", "stage2", "evaluate", "pipeline"
QString presetId(Preset preset);    // "paper", "cpu-demo"
bool jobKindFromId(const QString& id, JobKind* kind);
bool presetFromId(const QString& id, Preset* preset);
// True for jobs that train (loss curves, epochs, resume).
bool jobTrains(JobKind kind);

}  // namespace arml::ui
