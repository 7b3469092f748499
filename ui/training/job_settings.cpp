#include "ui/training/job_settings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>

#include "run/run_presets.h"

namespace arml::ui {

namespace {
bool isDir(const QString& path) { return !path.isEmpty() && QFileInfo(path).isDir(); }
}  // namespace

QString jobKindId(JobKind kind) {
  switch (kind) {
    case JobKind::Stage1: return QStringLiteral("stage1");
    case JobKind::PseudoMasks: return QStringLiteral("pseudo-masks");
    case JobKind::Stage2: return QStringLiteral("stage2");
    case JobKind::Evaluate: return QStringLiteral("evaluate");
    case JobKind::Pipeline: return QStringLiteral("pipeline");
  }
  return QString();
}

QString presetId(Preset preset) {
  return preset == Preset::Paper ? QStringLiteral("paper") : QStringLiteral("cpu-demo");
}

bool jobKindFromId(const QString& id, JobKind* kind) {
  for (JobKind k : {JobKind::Stage1, JobKind::PseudoMasks, JobKind::Stage2, JobKind::Evaluate, JobKind::Pipeline})
    if (jobKindId(k) == id) {
      *kind = k;
      return true;
    }
  return false;
}

bool presetFromId(const QString& id, Preset* preset) {
  if (id == QLatin1String("paper")) *preset = Preset::Paper;
  else if (id == QLatin1String("cpu-demo")) *preset = Preset::CpuDemo;
  else return false;
  return true;
}

bool jobTrains(JobKind kind) {
  return kind == JobKind::Stage1 || kind == JobKind::Stage2 || kind == JobKind::Pipeline;
}

QStringList parseOverrides(const QString& line) {
  QStringList entries;
  for (const QString& e : QProcess::splitCommand(line))
    if (!e.trimmed().isEmpty()) entries << e.trimmed();
  return entries;
}

QString overrideProblem(const QString& assignment) {
  static const QRegularExpression syntax(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*=.*$"));
  if (syntax.match(assignment).hasMatch()) return QString();
  return QCoreApplication::translate("JobSettings", "The override \"%1\" is not key.path=value, e.g. stage1.batch=4.")
      .arg(assignment);
}

void applyPreset(JobSettings& s, Preset preset) {
  const arml::run::RunPreset& p = arml::run::presetConfig(presetId(preset).toStdString());
  s.preset = preset;
  QStringList layers;
  for (const std::string& layer : p.pseudoMasks.layers) layers << QString::fromStdString(layer);
  s.layers = layers.join(QLatin1Char(','));
  // The form has one set of training fields: a stage-2 job takes the preset's stage 2, every other
  // job its stage 1 (a pipeline sends only --preset; its fields show what stage 1 will use).
  if (s.kind == JobKind::Stage2) {
    s.arch = p.stage2.widthDivisor > 1 ? QStringLiteral("resnet38d-lite") : QStringLiteral("resnet38d");
    s.epochs = p.stage2.epochs;
    s.batch = p.stage2.batch;
    s.lr = p.stage2.lr;
    s.patchSize = p.stage2.patchSize;
  } else {
    s.arch = QString::fromStdString(p.stage1.arch);
    s.epochs = p.stage1.epochs;
    s.batch = p.stage1.batch;
    s.lr = p.stage1.lr;
    s.patchSize = p.stage1.patchSize;
  }
}

QStringList validateJob(const JobSettings& s) {
  QStringList problems;
  if (s.dataset.trimmed().isEmpty()) {
    problems << QCoreApplication::translate("JobSettings", "Choose the dataset folder.");
  } else if (!isDir(s.dataset)) {
    problems << QCoreApplication::translate("JobSettings", "The dataset folder %1 does not exist.").arg(QDir::toNativeSeparators(s.dataset));
  } else {
    const QDir root(s.dataset);
    const bool needsTrain = s.kind == JobKind::Stage1 || s.kind == JobKind::PseudoMasks || s.kind == JobKind::Stage2 ||
                            (s.kind == JobKind::Pipeline && s.deriveLabelsFrom.isEmpty());
    if (needsTrain && !root.exists(QStringLiteral("train")) && !root.exists(QStringLiteral("training")))
      problems << QCoreApplication::translate("JobSettings", "The dataset folder %1 has no train/ folder of labelled patches.")
                      .arg(QDir::toNativeSeparators(s.dataset));
    if (s.kind == JobKind::Evaluate && !root.exists(s.split + QStringLiteral("/img")) && !root.exists(s.split))
      problems << QCoreApplication::translate("JobSettings", "The dataset folder has no %1/ split to evaluate on.").arg(s.split);
  }

  if (s.kind != JobKind::Evaluate) {
    if (s.outDir.trimmed().isEmpty()) {
      problems << QCoreApplication::translate("JobSettings", "Choose the output folder.");
    } else {
      const QFileInfo out(s.outDir);
      if (out.exists() && !out.isDir())
        problems << QCoreApplication::translate("JobSettings", "The output %1 is a file, not a folder.").arg(QDir::toNativeSeparators(s.outDir));
      if (s.resume && !out.isDir())
        problems << QCoreApplication::translate("JobSettings", "Resume needs the folder of an earlier run; %1 does not exist.")
                        .arg(QDir::toNativeSeparators(s.outDir));
    }
  }
  if (s.kind == JobKind::PseudoMasks || s.kind == JobKind::Evaluate) {
    if (s.model.trimmed().isEmpty())
      problems << QCoreApplication::translate("JobSettings", "Choose the model checkpoint.");
    else if (!QFileInfo(s.model).isFile())
      problems << QCoreApplication::translate("JobSettings", "The model checkpoint %1 does not exist.").arg(QDir::toNativeSeparators(s.model));
  }
  if (s.kind == JobKind::Stage2) {
    if (s.masks.trimmed().isEmpty())
      problems << QCoreApplication::translate("JobSettings", "Choose the pseudo-mask folder to train on.");
    else if (!isDir(s.masks))
      problems << QCoreApplication::translate("JobSettings", "The pseudo-mask folder %1 does not exist.").arg(QDir::toNativeSeparators(s.masks));
  }
  if (s.kind == JobKind::PseudoMasks) {
    static const QRegularExpression layerList(QStringLiteral("^(bn7|b5_2|b4_5)(,(bn7|b5_2|b4_5))*$"));
    if (!layerList.match(s.layers.trimmed()).hasMatch())
      problems << QCoreApplication::translate("JobSettings", "Layers must be a comma-separated list of bn7, b5_2 and b4_5.");
  }
  if (jobTrains(s.kind)) {
    if (s.epochs < 1) problems << QCoreApplication::translate("JobSettings", "Epochs must be at least 1.");
    if (s.batch < 1) problems << QCoreApplication::translate("JobSettings", "The batch size must be at least 1.");
    if (s.kind == JobKind::Stage2 && s.batch < 2)
      problems << QCoreApplication::translate("JobSettings", "Stage 2 needs a batch of at least 2 images.");
    if (s.patchSize < 32) problems << QCoreApplication::translate("JobSettings", "The patch size must be at least 32 pixels.");
    if (s.lr < 0) problems << QCoreApplication::translate("JobSettings", "The learning rate cannot be negative.");
  }
  if (s.nproc < 1) problems << QCoreApplication::translate("JobSettings", "Processes must be at least 1.");
  if (s.kind == JobKind::Pipeline) {
    if (!s.deriveLabelsFrom.isEmpty() && s.deriveLabelsFrom != QLatin1String("val") && s.deriveLabelsFrom != QLatin1String("test"))
      problems << QCoreApplication::translate("JobSettings", "Labels can be derived from the masks of val or test only.");
    for (const QString& o : s.overrides)
      if (const QString problem = overrideProblem(o); !problem.isEmpty()) problems << problem;
  }
  if (s.threads < 0) problems << QCoreApplication::translate("JobSettings", "Threads must be 0 (all cores) or more.");
  static const QRegularExpression deviceName(QStringLiteral("^(auto|cpu|cuda(:[0-9]+)?)$"));
  if (!deviceName.match(s.device).hasMatch())
    problems << QCoreApplication::translate("JobSettings", "The device must be auto, cpu or cuda.");
  return problems;
}

QStringList buildArmlArguments(const JobSettings& s) {
  QStringList a;
  a << QStringLiteral("--device") << s.device << QStringLiteral("--threads") << QString::number(s.threads)
    << QStringLiteral("--seed") << QString::number(s.seed) << QStringLiteral("--events") << QStringLiteral("-");
  const auto path = [](const QString& p) { return QDir::cleanPath(p.trimmed()); };
  const auto training = [&] {
    a << QStringLiteral("--epochs") << QString::number(s.epochs) << QStringLiteral("--batch")
      << QString::number(s.batch);
    a << QStringLiteral("--patch-size") << QString::number(s.patchSize);
    if (s.lr > 0) a << QStringLiteral("--lr") << QString::number(s.lr, 'g', 10);
    if (s.resume) a << QStringLiteral("--resume");
  };
  const auto processes = [&] {
    if (s.nproc <= 1) return;
    a << QStringLiteral("--nproc") << QString::number(s.nproc);
    if (s.syncBatchNorm) a << QStringLiteral("--sync-batch-norm");
  };
  switch (s.kind) {
    case JobKind::Stage1:
      a << QStringLiteral("train-cls") << QStringLiteral("--data") << path(s.dataset) << QStringLiteral("--out")
        << path(s.outDir) << QStringLiteral("--arch") << s.arch << QStringLiteral("--ars") << s.ars;
      training();
      processes();
      break;
    case JobKind::PseudoMasks:
      a << QStringLiteral("pseudo-masks") << QStringLiteral("--model") << path(s.model) << QStringLiteral("--data")
        << path(s.dataset) << QStringLiteral("--out") << path(s.outDir) << QStringLiteral("--layers")
        << s.layers.trimmed();
      break;
    case JobKind::Stage2:
      a << QStringLiteral("train-seg") << QStringLiteral("--data") << path(s.dataset) << QStringLiteral("--masks")
        << path(s.masks) << QStringLiteral("--out") << path(s.outDir);
      if (!s.edits.isEmpty()) a << QStringLiteral("--edits") << path(s.edits);
      if (!s.review.isEmpty()) a << QStringLiteral("--review") << path(s.review);
      if (s.arch == QLatin1String("resnet38d-lite")) a << QStringLiteral("--width-divisor") << QStringLiteral("8");
      training();
      processes();
      break;
    case JobKind::Evaluate:
      a << QStringLiteral("evaluate") << QStringLiteral("--model") << path(s.model) << QStringLiteral("--data")
        << path(s.dataset) << QStringLiteral("--split") << s.split;
      if (!s.outDir.trimmed().isEmpty())
        a << QStringLiteral("--json") << path(s.outDir) + QStringLiteral("/metrics.json");
      break;
    case JobKind::Pipeline:
      a << QStringLiteral("pipeline") << QStringLiteral("--data") << path(s.dataset) << QStringLiteral("--out")
        << path(s.outDir) << QStringLiteral("--preset") << presetId(s.preset);
      if (!s.deriveLabelsFrom.isEmpty()) a << QStringLiteral("--derive-labels-from-masks") << s.deriveLabelsFrom;
      for (const QString& o : s.overrides) a << QStringLiteral("--set") << o;
      processes();
      break;  // re-running the same command continues a stopped pipeline: no --resume
  }
  return a;
}

QString shellCommandLine(const QString& program, const QStringList& args) {
  static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
  QStringList parts;
  for (const QString& word : QStringList{program} + args) {
    if (!word.isEmpty() && safe.match(word).hasMatch()) {
      parts << word;
    } else {
      QString quoted = word;
      quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
      parts << QLatin1Char('\'') + quoted + QLatin1Char('\'');
    }
  }
  return parts.join(QLatin1Char(' '));
}

}  // namespace arml::ui
