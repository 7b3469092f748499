#include <QtTest>

#include <filesystem>
#include <fstream>
#include <functional>

#include "core/errors.h"
#include "data/dataset.h"
#include "data/image_io.h"
#include "data/palette_png.h"
#include "test_paths.h"

using namespace arml::data;
namespace fs = std::filesystem;

namespace {

void image(const fs::path& p, int w = 8, int h = 8) {
  writeRgbPng(p, cv::Mat(h, w, CV_8UC3, cv::Scalar(200, 100, 150)));
}
void mask(const fs::path& p, int value, int w = 8, int h = 8) {
  cv::Mat m(h, w, CV_8UC1, cv::Scalar(4));
  m(cv::Rect(0, 0, w / 2, h / 2)).setTo(value);
  writePalettePng(p, m, luadScheme().palette());
}

// A small LUAD-HistoSeg style folder.
fs::path makeLuad(const std::string& name) {
  const fs::path root = arml::test::scratchDir(name);
  image(root / "train/a-[1 0 0 1].png");
  image(root / "train/b-[0 1 1 0].png");
  image(root / "train/c-[1 1 1 1].png");
  for (const char* split : {"val", "test"})
    for (int i = 0; i < 2; ++i) {
      image(root / split / "img" / (std::to_string(i) + ".png"));
      mask(root / split / "mask" / (std::to_string(i) + ".png"), i);
    }
  return root;
}

QString errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const arml::InputError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace

class TestDataset : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void detectsLuad() {
    const fs::path root = makeLuad("data_ds_luad");
    const Dataset d = Dataset::open(root);
    QCOMPARE(int(d.kind()), int(DatasetKind::Luad));
    QCOMPARE(d.scheme().tissueCount(), 4);
    QCOMPARE(d.scheme().backgroundIndex, 4);
    QCOMPARE(d.scheme().tissueClasses[3].abbreviation, std::string("TAS"));
    QCOMPARE(d.train().size(), std::size_t(3));
    QCOMPARE(d.train()[1].label, (std::vector<int>{0, 1, 1, 0}));
    QCOMPARE(d.masked("val").size(), std::size_t(2));
    QVERIFY(d.masked("test")[0].backgroundMask.empty());
    // The hint overrides detection (the parser accepts any separator, so the names still parse; the
    // classes and palette are BCSS's).
    const Dataset b = Dataset::open(root, "bcss");
    QCOMPARE(int(b.kind()), int(DatasetKind::Bcss));
    QCOMPARE(b.scheme().tissueClasses[0].abbreviation, std::string("TUM"));
    // A 3-class hint makes the 4-digit names wrong: an InputError naming the file.
    const QString e = errorOf([&] { Dataset::open(root, "wsss4luad"); });
    QVERIFY2(e.contains("a-[1 0 0 1].png") && e.contains("3 classes"), qPrintable(e));
  }

  void detectsBcssAndWsss4luad() {
    const fs::path bcss = arml::test::scratchDir("data_ds_bcss");
    image(bcss / "train/TCGA-A1_MPP-0.2500+0[1101].png");
    QCOMPARE(int(Dataset::open(bcss).kind()), int(DatasetKind::Bcss));

    const fs::path w = arml::test::scratchDir("data_ds_w4l");
    image(w / "training/1-2-3-[0, 1, 0].png");
    image(w / "val/img/00.png");
    mask(w / "val/mask/00.png", 1);
    writePalettePng(w / "val/background-mask/00.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(0)), {{0, 0, 0}, {255, 255, 255}});
    const Dataset d = Dataset::open(w);
    QCOMPARE(int(d.kind()), int(DatasetKind::Wsss4luad));
    QCOMPARE(d.scheme().tissueCount(), 3);
    QCOMPARE(d.scheme().backgroundIndex, 3);
    QCOMPARE(d.train()[0].label, (std::vector<int>{0, 1, 0}));
    QVERIFY(!d.masked("val")[0].backgroundMask.empty());
    QVERIFY(!d.hasSplit("test"));
    const QString e = errorOf([&] { d.masked("test"); });
    QVERIFY2(e.startsWith(QString::fromStdString((w / "test").string())) && e.contains("missing split folder"), qPrintable(e));
  }

  void csvLayout() {
    const fs::path root = arml::test::scratchDir("data_ds_csv");
    image(root / "p/a.png");
    image(root / "p/b.png");
    std::ofstream(root / "labels.csv") << "file,tumour,stroma,necrosis\n# comment\np/a.png,1,0,0\n\np/b.png,0,1,1\n";
    const Dataset d = Dataset::open(root);
    QCOMPARE(int(d.kind()), int(DatasetKind::Csv));
    QCOMPARE(d.scheme().tissueCount(), 3);
    QCOMPARE(d.scheme().tissueClasses[1].name, std::string("stroma"));
    QCOMPARE(d.scheme().backgroundIndex, 3);
    QCOMPARE(d.train().size(), std::size_t(2));
    QCOMPARE(d.train()[1].label, (std::vector<int>{0, 1, 1}));
    QCOMPARE(d.train()[1].image, root / "p/b.png");
    // A .csv file given directly works too.
    QCOMPARE(Dataset::open(root / "labels.csv").train().size(), std::size_t(2));

    std::ofstream(root / "labels.csv") << "file,tumour,stroma\np/a.png,1,2\n";
    QString e = errorOf([&] { Dataset::open(root); });
    QVERIFY2(e.contains("labels.csv:2") && e.contains("expected 0 or 1"), qPrintable(e));
    std::ofstream(root / "labels.csv") << "file,tumour,stroma\np/missing.png,1,0\n";
    e = errorOf([&] { Dataset::open(root); });
    QVERIFY2(e.contains("missing.png") && e.contains("does not exist"), qPrintable(e));
  }

  void badInputsNameTheFile() {
    // A training name without a label.
    fs::path root = makeLuad("data_ds_bad_label");
    image(root / "train/unlabelled.png");
    QString e = errorOf([&] { Dataset::open(root); });
    QVERIFY2(e.startsWith(QString::fromStdString((root / "train/unlabelled.png").string())), qPrintable(e));
    // With a problem list the file is skipped and reported instead.
    std::vector<std::string> problems;
    const Dataset d = Dataset::open(root, "auto", &problems);
    QCOMPARE(problems.size(), std::size_t(1));
    QCOMPARE(d.train().size(), std::size_t(3));

    // A mask without its image, and an image without its mask.
    root = makeLuad("data_ds_orphans");
    mask(root / "val/mask/orphan.png", 0);
    e = errorOf([&] { Dataset::open(root); });
    QVERIFY2(e.contains("orphan.png") && e.contains("mask without an image"), qPrintable(e));
    fs::remove(root / "val/mask/orphan.png");
    image(root / "test/img/lonely.png");
    e = errorOf([&] { Dataset::open(root); });
    QVERIFY2(e.contains("lonely.png") && e.contains("without a mask"), qPrintable(e));

    // An empty split folder, and a missing training folder.
    root = makeLuad("data_ds_empty");
    fs::remove_all(root / "val/img");
    fs::remove_all(root / "val/mask");
    fs::create_directories(root / "val/img");
    fs::create_directories(root / "val/mask");
    const Dataset empty = Dataset::open(root);
    e = errorOf([&] { empty.masked("val"); });
    QVERIFY2(e.startsWith(QString::fromStdString((root / "val").string())) && e.contains("empty"), qPrintable(e));
    for (const auto& f : fs::directory_iterator(root / "train")) fs::remove(f.path());
    e = errorOf([&] { Dataset::open(root, "luad").train(); });
    QVERIFY2(e.contains("train") && e.contains("empty"), qPrintable(e));
    fs::remove_all(root / "train");
    e = errorOf([&] { Dataset::open(root, "luad").train(); });
    QVERIFY2(e.contains("missing training split"), qPrintable(e));

    // Nothing recognisable, and no folder at all.
    const fs::path junk = arml::test::scratchDir("data_ds_junk");
    std::ofstream(junk / "readme.txt") << "hi";
    QVERIFY(errorOf([&] { Dataset::open(junk); }).contains("not a recognised dataset layout"));
    QVERIFY(errorOf([&] { Dataset::open(junk / "nope"); }).contains("does not exist"));
  }

  void maskSizeMismatch() {
    const fs::path root = makeLuad("data_ds_size");
    mask(root / "val/mask/1.png", 2, 8, 6);
    const Dataset d = Dataset::open(root);
    const MaskedItem& item = d.masked("val")[1];
    const QString e = errorOf([&] { loadMaskedSample(item); });
    QVERIFY2(e.startsWith(QString::fromStdString(item.mask.string())) && e.contains("8x6") && e.contains("8x8"),
             qPrintable(e));
    const MaskedSample ok = loadMaskedSample(d.masked("val")[0]);
    QCOMPARE(ok.mask.size(), ok.image.size());
  }

  void labelsFromMasks() {
    const fs::path root = makeLuad("data_ds_derive");
    const Dataset d = Dataset::open(root);
    const auto items = deriveLabelsFromMasks(d.masked("val"), d.scheme());
    QCOMPARE(items[0].label, (std::vector<int>{1, 0, 0, 0}));
    QCOMPARE(items[1].label, (std::vector<int>{0, 1, 0, 0}));
    // 16 pixels of the class: kept at minPixels 16, dropped at 17.
    QCOMPARE(deriveLabelsFromMasks(d.masked("val"), d.scheme(), 16)[0].label[0], 1);
    QCOMPARE(deriveLabelsFromMasks(d.masked("val"), d.scheme(), 17)[0].label[0], 0);
  }

  void realWsss4luad() {
    ARML_REQUIRE_SHARED(root, "data/wsss4luad");
    const Dataset d = Dataset::open(root);
    QCOMPARE(int(d.kind()), int(DatasetKind::Wsss4luad));
    QCOMPARE(d.train().size(), std::size_t(4));
    QCOMPARE(d.masked("val").size(), std::size_t(31));
    QCOMPARE(d.masked("test").size(), std::size_t(59));
    for (const auto& item : d.masked("test")) QVERIFY(!item.backgroundMask.empty());
    // Presence counts documented in PROVENANCE.md: val 27/28/4, test 54/57/2.
    for (const auto& [split, expected] : {std::pair<std::string, std::vector<int>>{"val", {27, 28, 4}},
                                          std::pair<std::string, std::vector<int>>{"test", {54, 57, 2}}}) {
      std::vector<int> counts(3, 0);
      for (const auto& li : deriveLabelsFromMasks(d.masked(split), d.scheme()))
        for (int c = 0; c < 3; ++c) counts[std::size_t(c)] += li.label[std::size_t(c)];
      QCOMPARE(counts, expected);
    }
  }
};

QTEST_APPLESS_MAIN(TestDataset)
#include "test_dataset.moc"
