// Outputs are named by stem: two images of a split with one stem are an error naming both (at
// dataset load), or a listed problem for inspect-data.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "core/errors.h"
#include "data/dataset.h"
#include "test_paths.h"

namespace fs = std::filesystem;

class TestDatasetStems : public QObject {
  Q_OBJECT

  static void image(const fs::path& p) {
    fs::create_directories(p.parent_path());
    cv::imwrite(p.string(), cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3)));
  }

private Q_SLOTS:
  void csvListingOneStemTwiceIsRefused() {
    const fs::path root = arml::test::scratchDir("dataset_stems_csv");
    image(root / "a" / "x.png");
    image(root / "b" / "x.png");
    image(root / "c" / "y.png");
    std::ofstream(root / "labels.csv") << "file,tumour,stroma\na/x.png,1,0\nb/x.png,0,1\nc/y.png,1,1\n";
    try {
      arml::data::Dataset::open(root);
      QFAIL("colliding stems were accepted");
    } catch (const arml::InputError& e) {
      const QString m = e.what();
      QVERIFY2(m.contains("a/x.png") && m.contains("b/x.png") && m.contains("same name stem 'x'"), qPrintable(m));
    }
    std::vector<std::string> problems;
    const auto d = arml::data::Dataset::open(root, "auto", &problems);
    QCOMPARE(problems.size(), std::size_t(1));
    QCOMPARE(d.train().size(), std::size_t(2));  // x (the first) and y
  }

  void sameStemWithTwoExtensionsIsRefused() {
    const fs::path root = arml::test::scratchDir("dataset_stems_ext");
    image(root / "train" / "p-[1 0 0 1].png");
    image(root / "train" / "q-[0 1 0 0].png");
    image(root / "val" / "img" / "v.png");
    image(root / "val" / "img" / "v.jpg");
    image(root / "val" / "mask" / "v.png");
    std::vector<std::string> problems;
    arml::data::Dataset::open(root, "luad", &problems);
    QCOMPARE(problems.size(), std::size_t(1));
    QVERIFY2(QString::fromStdString(problems[0]).contains("v.png") && QString::fromStdString(problems[0]).contains("v.jpg"),
             problems[0].c_str());
    QVERIFY_THROWS_EXCEPTION(arml::InputError, arml::data::Dataset::open(root, "luad"));
  }
};

QTEST_APPLESS_MAIN(TestDatasetStems)
#include "test_dataset_stems.moc"
