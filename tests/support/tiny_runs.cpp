#include "tiny_runs.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include "cli_runner.h"

namespace arml::test {

namespace {
// The first of final.pt, best.pt, last.pt under folder/checkpoints.
QString checkpointIn(const QString& folder) {
  for (const char* name : {"final.pt", "best.pt", "last.pt"}) {
    const QString p = folder + "/checkpoints/" + name;
    if (QFileInfo::exists(p)) return p;
  }
  return {};
}
}  // namespace

TinyRuns makeTinyRuns(const QString& folder) {
  TinyRuns r;
  r.data = folder + "/demo";
  const QString cls = folder + "/stage1", seg = folder + "/stage2";
  auto run = [&r](const QStringList& args) {
    if (!r.ok()) return;
    const CliResult c = runArml(args);
    if (c.exitCode != 0)
      r.error = "arml " + args.join(' ') + " exited with " + QString::number(c.exitCode) + ": " + c.err;
  };
  if (!QFileInfo::exists(r.data + "/train_mask"))
    run({"make-demo-data", "--out", r.data, "--train", "8", "--val", "2", "--test", "2", "--patch-size", "64", "--seed",
         "3"});
  if (!QFileInfo::exists(cls + "/checkpoints/final.pt"))
    run({"train-cls",
         "--data",
         r.data,
         "--out",
         cls,
         "--arch",
         "resnet38d-lite",
         "--ars",
         "reference",
         "--epochs",
         "2",
         "--ars-from-epoch",
         "1",
         "--batch",
         "4",
         "--max-steps-per-epoch",
         "2",
         "--patch-size",
         "64",
         "--workers",
         "1"});
  if (checkpointIn(seg).isEmpty())
    run({"train-seg",
         "--data",
         r.data,
         "--masks",
         r.data + "/train_mask",
         "--out",
         seg,
         "--epochs",
         "1",
         "--batch",
         "2",
         "--width-divisor",
         "8",
         "--patch-size",
         "64",
         "--max-steps-per-epoch",
         "2",
         "--no-val",
         "--no-test",
         "--workers",
         "1"});
  r.classifier = QFileInfo::exists(cls + "/checkpoints/last.pt") ? cls + "/checkpoints/last.pt" : QString();
  r.classifierFinal = QFileInfo::exists(cls + "/checkpoints/final.pt") ? cls + "/checkpoints/final.pt" : QString();
  r.segmenter = checkpointIn(seg);
  if (r.ok() && (r.classifier.isEmpty() || r.classifierFinal.isEmpty() || r.segmenter.isEmpty()))
    r.error = "the tiny runs wrote no checkpoint under " + folder;
  return r;
}

}  // namespace arml::test
