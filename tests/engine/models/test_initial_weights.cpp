// importInitialWeights: the one import path of arml import-weights, train-cls --init and
// train-seg --init. The reference fixture loads into the classifier; the same file without the
// layers the reference freezes, or given to the segmenter, is refused with a message naming the
// file; missing ARS modules, another class count and ImageNet-style encoder names are accepted and
// reported; MXNet files are refused for the segmenter.
#include <QtTest>

#include <torch/torch.h>

#include "core/errors.h"
#include "models/initial_weights.h"
#include "models/pspnet.h"
#include "models/resnet38d_classifier.h"
#include "test_paths.h"

using namespace arml::models;

namespace {

StateDict filtered(const StateDict& sd, const std::function<bool(const std::string&)>& keep) {
  StateDict out;
  out.source = sd.source;
  out.format = sd.format;
  for (const auto& [name, t] : sd)
    if (keep(name)) out.insert(name, t);
  return out;
}

bool startsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

QString refusal(torch::nn::Module& net, const StateDict& weights, WeightTarget target) {
  try {
    importInitialWeights(net, weights, target);
  } catch (const arml::InputError& e) {
    return e.what();
  }
  return {};
}

Resnet38dClassifier liteClassifier(int classes = 4, ArsMode ars = ArsMode::Off) {
  ClassifierOptions o;
  o.widthDivisor = 8;
  o.classes = classes;
  o.ars = ars;
  return Resnet38dClassifier(o);
}

}  // namespace

class TestInitialWeights : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void referenceFixtureIntoTheClassifier() {
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/resnet38d_w8.pt");
    auto net = liteClassifier();
    const ImportReport r = importInitialWeights(*net, loadStateDict(path), WeightTarget::Classifier);
    QCOMPARE(int(r.matched.size()), 229);
    QVERIFY(r.missing.empty() && r.missingRequired.empty());
    QVERIFY(QString::fromStdString(r.toString()).contains("matched 229, missing 0, unexpected 0"));
  }

  void classifierRefusesWhatTheReferenceFreezes() {
    // The file: the fixture without the parameters of conv1a, b2, b2_1 and b2_2 (the
    // layers the reference freezes, so they would stay random for the whole training).
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/resnet38d_w8.pt");
    const StateDict full = loadStateDict(path);
    auto frozenParameter = [](const std::string& n) {
      const bool frozenLayer = startsWith(n, "conv1a.") || startsWith(n, "b2.") || startsWith(n, "b2_1.") ||
                               startsWith(n, "b2_2.");
      const bool buffer = n.find("running_") != std::string::npos || n.find("num_batches_tracked") != std::string::npos;
      return frozenLayer && !buffer;
    };
    const StateDict lacking = filtered(full, [&](const std::string& n) { return !frozenParameter(n); });
    QVERIFY(full.size() - lacking.size() >= 14);
    auto net = liteClassifier();
    const at::Tensor before = net->fc8->weight.clone();
    const QString msg = refusal(*net, lacking, WeightTarget::Classifier);
    QVERIFY2(msg.startsWith(QString::fromStdString(path)) &&
                 msg.contains(QString("%1 weight(s) the ResNet38d classifier cannot start without are missing")
                                  .arg(full.size() - lacking.size())) &&
                 msg.contains("conv1a.weight"),
             qPrintable(msg));
    QVERIFY(torch::equal(net->fc8->weight, before));  // nothing copied

    // One backbone tensor elsewhere (b7) is just as required.
    const QString b7 = refusal(*net, filtered(full, [](const std::string& n) { return n != "b7.conv_branch1.weight"; }),
                               WeightTarget::Classifier);
    QVERIFY2(b7.contains("b7.conv_branch1.weight"), qPrintable(b7));
  }

  void classifierAcceptsMissingArsAndAnotherClassCount() {
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/resnet38d_w8.pt");
    const StateDict noArs = loadStateDict(path);  // the fixture is Net_CAM: no ARS modules
    auto net = liteClassifier(2, ArsMode::Reference);
    const ImportReport r = importInitialWeights(*net, noArs, WeightTarget::Classifier);
    QCOMPARE(int(r.skipped.size()), 1);  // fc8 of 4 classes into 2
    QVERIFY(!r.missing.empty());
    for (const auto& n : r.missing) QVERIFY2(startsWith(n, "amm.") || startsWith(n, "cca."), n.c_str());

    InitialWeightsOptions strictHead;
    strictHead.skipHeadMismatch = false;  // arml import-weights without --skip-mismatch
    auto other = liteClassifier(2);
    QVERIFY_EXCEPTION_THROWN(importInitialWeights(*other, noArs, WeightTarget::Classifier, strictHead),
                             arml::InputError);
  }

  void segmenterRefusesAStage1Checkpoint() {
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/resnet38d_w8.pt");
    PSPNetOptions o;
    o.widthDivisor = 8;
    PSPNet net(o);
    const QString msg = refusal(*net, loadStateDict(path), WeightTarget::Segmenter);
    QVERIFY2(msg.startsWith(QString::fromStdString(path)) &&
                 msg.contains("no weight matches the PSPNet-ResNeSt segmenter (matched 0"),
             qPrintable(msg));
  }

  void segmenterTakesImageNetEncoderNamesButNotHalfAnEncoder() {
    PSPNetOptions o;
    o.widthDivisor = 8;
    PSPNet net(o);
    StateDict imagenet;  // ResNeSt ImageNet naming: no "encoder." prefix, plus the classifier fc
    imagenet.source = "resnest.pth";
    for (const auto& [name, t] : moduleStateDict(*net))
      if (startsWith(name, "encoder.")) imagenet.insert(name.substr(8), torch::ones_like(t));
    imagenet.insert("fc.weight", torch::zeros({1000, 256}));
    const ImportReport r = importInitialWeights(*net, imagenet, WeightTarget::Segmenter);
    QVERIFY(!r.matched.empty() && r.unexpected.empty());
    for (const auto& n : r.missing) QVERIFY2(!startsWith(n, "encoder."), n.c_str());

    PSPNet fresh(o);
    const QString msg =
        refusal(*fresh, filtered(imagenet, [](const std::string& n) { return !startsWith(n, "layer2."); }),
                WeightTarget::Segmenter);
    QVERIFY2(msg.startsWith("resnest.pth: ") && msg.contains("cannot start without") && msg.contains("encoder.layer2."),
             qPrintable(msg));

    StateDict mxnet;
    mxnet.source = "a1.params";
    mxnet.format = WeightFileFormat::MxnetParams;
    mxnet.insert("arg:conv1a_weight", torch::zeros({8, 3, 3, 3}));
    QVERIFY(refusal(*fresh, mxnet, WeightTarget::Segmenter).contains("MXNet"));
  }
};

QTEST_APPLESS_MAIN(TestInitialWeights)
#include "test_initial_weights.moc"
