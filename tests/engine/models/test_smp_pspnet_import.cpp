// importSmpPspnet: smp names load as they are, "module." is stripped, a bare timm encoder file gets
// "encoder.", never-run encoder stages and smp's aux head are "unused", strict import refuses gaps.
#include <QtTest>

#include <torch/torch.h>

#include "core/errors.h"
#include "models/pspnet.h"
#include "models/smp_pspnet_import.h"

using namespace arml::models;

namespace {

PSPNet smallNet() { return PSPNet(PSPNetOptions{4, 8}); }

// A file holding `net`'s tensors with recognisable values, names passed through `rename`.
StateDict fileOf(PSPNet& net, const std::function<std::string(const std::string&)>& rename) {
  StateDict sd;
  int k = 0;
  for (const auto& [name, t] : moduleStateDict(*net)) {
    at::Tensor v = t.is_floating_point() ? torch::full(t.sizes(), 0.5 + k++, t.options()) : torch::full({}, 7, t.options());
    sd.insert(rename(name), v);
  }
  return sd;
}

bool sameTensors(const StateDict& a, const StateDict& b) {
  for (const auto& [name, t] : a)
    if (!b.find(name) || !torch::equal(*b.find(name), t)) return false;
  return a.size() == b.size();
}

}  // namespace

class TestSmpPspnetImport : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void smpNamesLoadAndExtraStagesAreUnused() {
    PSPNet source = smallNet(), target = smallNet();
    StateDict file = fileOf(source, [](const std::string& n) { return "module." + n; });
    file.insert("module.encoder.layer3.0.conv1.weight", torch::zeros({2}));
    file.insert("module.encoder.layer4.2.bn3.running_var", torch::zeros({2}));
    file.insert("module.classification_head.3.weight", torch::zeros({2}));
    file.insert("module.something_else.weight", torch::zeros({2}));
    const ImportReport r = importSmpPspnet(*target, file);
    QCOMPARE(int(r.matched.size()), 247);
    QVERIFY(r.missing.empty() && r.defaultedCounters.empty());
    QCOMPARE(r.unused, (std::vector<std::string>{"encoder.layer3.0.conv1.weight", "encoder.layer4.2.bn3.running_var",
                                                 "classification_head.3.weight"}));
    QCOMPARE(r.unexpected, std::vector<std::string>{"something_else.weight"});
    QVERIFY(sameTensors(moduleStateDict(*target), fileOf(source, [](const std::string& n) { return n; })));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, importSmpPspnet(*target, file, /*strict=*/true));
  }

  void bareTimmEncoderGetsThePrefix() {
    PSPNet source = smallNet(), target = smallNet();
    StateDict file;
    for (const auto& [name, t] : fileOf(source, [](const std::string& n) { return n; }))
      if (name.rfind("encoder.", 0) == 0) file.insert(name.substr(8), t);
    file.insert("fc.weight", torch::zeros({1000, 2048}));
    const ImportReport r = importSmpPspnet(*target, file);
    // The decoder and head are not in the file: 28 entries, 4 of them BN counters.
    QCOMPARE(int(r.matched.size()), 247 - 28);
    QCOMPARE(int(r.missing.size()), 24);
    QCOMPARE(int(r.defaultedCounters.size()), 4);
    QCOMPARE(r.unused, std::vector<std::string>{"encoder.fc.weight"});
    QVERIFY(r.unexpected.empty());
    for (const auto& name : r.missing) QVERIFY2(name.rfind("encoder.", 0) != 0, name.c_str());
  }

  void shapeMismatchCopiesNothing() {
    PSPNet source = smallNet(), target = smallNet();
    const StateDict before = fileOf(target, [](const std::string& n) { return n; });
    {
      torch::NoGradGuard g;
      for (const auto& [name, t] : moduleStateDict(*target)) t.copy_(*before.find(name));
    }
    StateDict file = fileOf(source, [](const std::string& n) { return n; });
    file.insert("segmentation_head.0.bias", torch::zeros({5}));
    QVERIFY_THROWS_EXCEPTION(arml::InputError, importSmpPspnet(*target, file));
    QVERIFY(sameTensors(moduleStateDict(*target), before));
  }
};

QTEST_APPLESS_MAIN(TestSmpPspnetImport)
#include "test_smp_pspnet_import.moc"
