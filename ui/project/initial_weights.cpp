#include "ui/project/initial_weights.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace arml::ui {

QVector<InitialWeightsFile> InitialWeightsCatalogue::files() {
  return {
      // spec/weight-formats.md §2.3: ademxapp's models/checksum.md5 gives the MD5; no SHA-256 is published.
      {InitialWeightsKind::ResNet38, tr("ResNet-38 ImageNet weights (stage 1, classifier)"),
       QStringLiteral("ilsvrc-cls_rna-a1_cls1000_ep-0001.params"),
       tr("The ILSVRC model A1 of the reference repository itijyou/ademxapp on GitHub (its README links the "
          "ILSVRC models; the MXNet file, about 437 MB)."),
       QStringLiteral("ff21f45d6bf03284100dcbec571edfad"), QString(), QStringLiteral("resnet38d"),
       QStringLiteral("resnet38d-imagenet.pt")},
      // weight-formats.md §3: the file smp 0.3 loads for timm-resnest101e; torch hub names carry the
      // first 8 digits of the file's SHA-256.
      {InitialWeightsKind::ResNeSt101, tr("ResNeSt-101 ImageNet weights (stage 2, segmenter)"),
       QStringLiteral("resnest101-22405ba7.pth"),
       tr("The ResNeSt-101 ImageNet weights that segmentation_models_pytorch 0.3 downloads for the "
          "timm-resnest101e encoder (published with zhanghang1989/ResNeSt and timm on GitHub)."),
       QString(), QStringLiteral("22405ba7"), QStringLiteral("pspnet"), QStringLiteral("pspnet-resnest101-imagenet.pt")},
  };
}

InitialWeightsFile InitialWeightsCatalogue::file(InitialWeightsKind kind) {
  for (const InitialWeightsFile& f : files())
    if (f.kind == kind) return f;
  return files().front();
}

QString initialWeightsFolder(const QString& projectFolder) { return QDir(projectFolder).filePath(QStringLiteral("weights")); }

QString importedWeightsPath(const QString& projectFolder, InitialWeightsKind kind) {
  return QDir(initialWeightsFolder(projectFolder)).filePath(InitialWeightsCatalogue::file(kind).importedName);
}

bool hasImportedWeights(const QString& projectFolder, InitialWeightsKind kind) {
  return !projectFolder.isEmpty() && QFileInfo(importedWeightsPath(projectFolder, kind)).isFile();
}

ImportCounts parseImportReport(const QString& stdoutText) {
  static const QRegularExpression line(QStringLiteral("matched (\\d+), missing (\\d+), unexpected (\\d+)"));
  ImportCounts c;
  const QRegularExpressionMatch m = line.match(stdoutText);
  if (!m.hasMatch()) return c;
  c.found = true;
  c.matched = m.captured(1).toInt();
  c.missing = m.captured(2).toInt();
  c.unexpected = m.captured(3).toInt();
  return c;
}

namespace {
QString digestHex(const QString& path, QCryptographicHash::Algorithm algorithm) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QCryptographicHash hash(algorithm);
  if (!hash.addData(&f)) return {};
  return QString::fromLatin1(hash.result().toHex());
}
}  // namespace

QString fileSha256Hex(const QString& path) { return digestHex(path, QCryptographicHash::Sha256); }
QString fileMd5Hex(const QString& path) { return digestHex(path, QCryptographicHash::Md5); }

}  // namespace arml::ui
