// importStateDict: matched / missing / unexpected / unused / dropped lists, refusal when nothing
// matches or a required group is missing, refusal of shape
// mismatches without touching the module, skip and rename options, and the real fixture weights
// into the stage-1 classifier and a ResNeSt-style prefix remap into PSPNet.
#include <QtTest>

#include <torch/torch.h>

#include "core/errors.h"
#include "models/pspnet.h"
#include "models/resnet38d_classifier.h"
#include "models/state_dict_import.h"
#include "test_paths.h"

using namespace arml::models;

namespace {

struct TinyNetImpl : torch::nn::Module {
  TinyNetImpl(int64_t classes = 2) {
    conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 4, 3).bias(false)));
    bn = register_module("bn", torch::nn::BatchNorm2d(4));
    fc8 = register_module("fc8", torch::nn::Conv2d(torch::nn::Conv2dOptions(4, classes, 1).bias(false)));
  }
  torch::nn::Conv2d conv1{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
  torch::nn::Conv2d fc8{nullptr};
};
TORCH_MODULE(TinyNet);

// A file for TinyNet(classes) with recognisable values (i + k for entry k).
StateDict tinyFile(int64_t classes = 2) {
  TinyNet shapes(classes);
  StateDict sd;
  sd.source = "tiny.pth";
  int k = 0;
  for (const auto& [name, t] : moduleStateDict(*shapes)) {
    if (t.is_floating_point()) sd.insert(name, torch::arange(t.numel(), t.options()).view(t.sizes()) + 100 * k++);
    else sd.insert(name, torch::full({}, 5, t.options()));
  }
  return sd;
}

StateDict without(StateDict sd, const std::string& name) {
  StateDict out;
  out.source = sd.source;
  for (const auto& [n, t] : sd)
    if (n != name) out.insert(n, t);
  return out;
}

}  // namespace

class TestStateDictImport : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void completeImportCopiesEverything() {
    TinyNet net;
    const StateDict file = tinyFile();
    const ImportReport r = importStateDict(*net, file);
    QCOMPARE(int(r.matched.size()), 7);  // conv1, fc8, bn weight/bias/mean/var/num_batches_tracked
    QVERIFY(r.missing.empty() && r.unexpected.empty() && r.defaultedCounters.empty());
    const StateDict now = moduleStateDict(*net);
    for (const auto& [name, t] : file) QVERIFY2(torch::equal(now.at(name), t), name.c_str());
    QVERIFY(QString::fromStdString(r.toString()).startsWith("tiny.pth: matched 7, missing 0, unexpected 0"));
  }

  void missingUnexpectedAndUnused() {
    TinyNet net;
    StateDict file = without(without(tinyFile(), "fc8.weight"), "bn.num_batches_tracked");
    file.insert("extra.weight", torch::zeros({3}));
    file.insert("encoder.layer3.0.conv1.weight", torch::zeros({3}));
    ImportOptions options;
    options.unusedPrefixes = {"encoder.layer3.", "encoder.layer4."};
    const ImportReport r = importStateDict(*net, file, options);
    QCOMPARE(r.missing, std::vector<std::string>{"fc8.weight"});
    QCOMPARE(r.defaultedCounters, std::vector<std::string>{"bn.num_batches_tracked"});
    QCOMPARE(r.unexpected, std::vector<std::string>{"extra.weight"});
    QCOMPARE(r.unused, std::vector<std::string>{"encoder.layer3.0.conv1.weight"});
    const QString text = QString::fromStdString(r.toString());
    QVERIFY2(text.contains("missing (kept their initial values) (1):\n  fc8.weight"), qPrintable(text));

    options.strict = true;
    TinyNet strictNet;
    QVERIFY_EXCEPTION_THROWN(importStateDict(*strictNet, file, options), arml::InputError);
  }

  void shapeMismatchIsRefusedAndLeavesTheModuleAlone() {
    TinyNet net(2);
    const at::Tensor before = net->conv1->weight.clone();
    const StateDict file = tinyFile(3);  // fc8 has 3 classes in the file
    try {
      importStateDict(*net, file);
      QFAIL("a shape mismatch was accepted");
    } catch (const arml::InputError& e) {
      const QString msg = e.what();
      QVERIFY2(msg.startsWith("tiny.pth: ") && msg.contains("fc8.weight file [3, 4, 1, 1] vs model [2, 4, 1, 1]"),
               qPrintable(msg));
    }
    QVERIFY(torch::equal(net->conv1->weight, before));  // nothing was copied

    ImportOptions options;
    options.skipMismatchPrefixes = {"fc8."};
    const ImportReport r = importStateDict(*net, file, options);
    QCOMPARE(int(r.skipped.size()), 1);
    QCOMPARE(QString::fromStdString(r.skipped[0].name), QString("fc8.weight"));
    QVERIFY(r.missing.empty());
    QVERIFY(torch::equal(net->conv1->weight, file.at("conv1.weight")));
  }

  void renamingAndDtypeConversion() {
    // File names lack a prefix the module has ("net." here, "encoder." for ResNeSt files).
    struct WrapperImpl : torch::nn::Module {
      WrapperImpl() { inner = register_module("net", TinyNet()); }
      TinyNet inner{nullptr};
    };
    auto wrapper = std::make_shared<WrapperImpl>();
    StateDict file;
    for (const auto& [name, t] : tinyFile()) file.insert(name, t.is_floating_point() ? t.to(torch::kFloat64) : t);
    file.insert("fc.weight", torch::zeros({1000, 4}));
    ImportOptions options;
    options.renamePrefixes = {{"", "net."}};
    options.rename = [](const std::string& n) -> std::optional<std::string> {
      if (n == "net.fc.weight") return std::nullopt;
      return n;
    };
    const ImportReport r = importStateDict(*wrapper, file, options);
    QCOMPARE(int(r.matched.size()), 7);
    QCOMPARE(r.dropped, std::vector<std::string>{"fc.weight"});
    QCOMPARE(int(r.convertedDtype.size()), 6);
    QCOMPARE(wrapper->inner->conv1->weight.scalar_type(), torch::kFloat32);
    QVERIFY(torch::allclose(wrapper->inner->conv1->weight, tinyFile().at("conv1.weight")));
  }

  void fixtureWeightsIntoTheClassifier() {
    ARML_REQUIRE_SHARED(path, "fixtures/arml-reference/resnet38d_w8.pt");
    const StateDict file = loadStateDict(path);
    ClassifierOptions o;
    o.widthDivisor = 8;
    Resnet38dClassifier net(o);
    const ImportReport r = importStateDict(*net, file, ImportOptions{{}, {}, {}, {}, /*strict=*/true});
    QCOMPARE(int(r.matched.size()), 229);
    QVERIFY(torch::equal(net->fc8->weight, file.at("fc8.weight")));
    // moduleStateDict lists names in PyTorch's state_dict order, so our checkpoints keep the file order.
    const StateDict mine = moduleStateDict(*net);
    for (std::size_t i = 0; i < file.size(); ++i)
      QCOMPARE(QString::fromStdString(mine.entries()[i].first), QString::fromStdString(file.entries()[i].first));

    o.classes = 2;  // a different class count: fc8 must be skipped explicitly
    Resnet38dClassifier twoClasses(o);
    QVERIFY_EXCEPTION_THROWN(importStateDict(*twoClasses, file), arml::InputError);
    ImportOptions skipFc8;
    skipFc8.skipMismatchPrefixes = {"fc8."};
    QCOMPARE(int(importStateDict(*twoClasses, file, skipFc8).matched.size()), 228);
  }

  void nothingMatchedIsRefused() {
    TinyNet net;
    const at::Tensor before = net->conv1->weight.clone();
    StateDict file;
    file.source = "other.pth";
    file.insert("conv1a.weight", torch::zeros({3}));
    file.insert("fc.weight", torch::zeros({3}));
    ImportOptions options;
    options.networkName = "tiny net";
    try {
      importStateDict(*net, file, options);
      QFAIL("an import that matched nothing was accepted");
    } catch (const arml::InputError& e) {
      const QString msg = e.what();
      QVERIFY2(msg.startsWith("other.pth: no weight matches the tiny net (matched 0, missing 6, unexpected 2"),
               qPrintable(msg));
    }
    QVERIFY(torch::equal(net->conv1->weight, before));
  }

  void missingRequiredGroupIsRefused() {
    TinyNet net;
    const at::Tensor before = net->fc8->weight.clone();
    const StateDict file = without(tinyFile(), "conv1.weight");
    ImportOptions options;
    options.requiredPrefixes = {"conv1.", "bn."};
    options.networkName = "tiny net";
    try {
      importStateDict(*net, file, options);
      QFAIL("a file without a required tensor was accepted");
    } catch (const arml::InputError& e) {
      const QString msg = e.what();
      QVERIFY2(msg.startsWith("tiny.pth: 1 weight(s) the tiny net cannot start without are missing (matched 6, missing 1") &&
                   msg.endsWith("conv1.weight"),
               qPrintable(msg));
    }
    QVERIFY(torch::equal(net->fc8->weight, before));  // refused before copying anything

    // Missing outside the required groups, or only a BatchNorm counter: accepted and reported.
    options.requiredPrefixes = {"bn."};
    const ImportReport r = importStateDict(*net, without(file, "bn.num_batches_tracked"), options);
    QCOMPARE(r.missing, std::vector<std::string>{"conv1.weight"});
    QVERIFY(r.missingRequired.empty());

    // A required tensor skipped for its shape is as good as missing.
    TinyNet other(3);
    options.requiredPrefixes = {"fc8."};
    options.skipMismatchPrefixes = {"fc8."};
    QVERIFY_EXCEPTION_THROWN(importStateDict(*other, tinyFile(2), options), arml::InputError);
  }

  void resnestStyleNamesIntoPspnet() {
    PSPNetOptions o;
    o.widthDivisor = 8;
    PSPNet net(o);
    // An ImageNet-style file: encoder names without "encoder.", plus layer3/fc entries the model lacks.
    StateDict file;
    int encoderEntries = 0;
    for (const auto& [name, t] : moduleStateDict(*net)) {
      if (name.rfind("encoder.", 0) != 0) continue;
      file.insert(name.substr(8), torch::ones_like(t));
      ++encoderEntries;
    }
    file.insert("layer3.0.conv1.weight", torch::zeros({8}));
    file.insert("fc.weight", torch::zeros({1000, 256}));
    ImportOptions options;
    options.renamePrefixes = {{"", "encoder."}};
    options.unusedPrefixes = {"encoder.layer3.", "encoder.layer4.", "encoder.fc."};
    const ImportReport r = importStateDict(*net, file, options);
    QCOMPARE(int(r.matched.size()), encoderEntries);
    QCOMPARE(int(r.unused.size()), 2);
    QVERIFY(r.unexpected.empty());
    for (const auto& name : r.missing) QVERIFY2(name.rfind("encoder.", 0) != 0, name.c_str());
    QVERIFY(!r.missing.empty());  // decoder and head keep their initialisation
  }
};

QTEST_APPLESS_MAIN(TestStateDictImport)
#include "test_state_dict_import.moc"
