// The GUI's way to the in-process engine: ui/shell/interactive_engine_loader finds and QLibrary-loads
// libarml_interactive.so (LibTorch inside; arml_ui itself does not link it), then computes CAMs and
// segmenter probabilities on tiny checkpoints trained by the real CLI. The plugin's CAMs equal what
// `arml cams --npy` writes for the same image, its probabilities what `arml predict` writes;
// cancellation and errors cross the library boundary as the interface promises.
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QtTest>
#include <atomic>
#include <cmath>

#include "cli_runner.h"
#include "interactive/interactive_engine.h"
#include "npy_file.h"
#include "test_paths.h"
#include "tiny_runs.h"
#include "ui/compare/cam_compare_page.h"
#include "ui/shell/interactive_engine_loader.h"

using namespace arml;
using arml::interactive::FloatPlanes;
using arml::ui::CamCompareController;
using arml::ui::CamComparePage;
using arml::widgets::CamCompareView;

namespace {

interactive::RgbImage rgbImageOf(const QString& path) {
  const QImage img = QImage(path).convertToFormat(QImage::Format_RGB888);
  interactive::RgbImage out{img.width(), img.height(), {}};
  out.rgb.resize(size_t(img.width()) * img.height() * 3);
  for (int y = 0; y < img.height(); ++y)
    std::memcpy(out.rgb.data() + size_t(y) * img.width() * 3, img.constScanLine(y), size_t(img.width()) * 3);
  return out;
}

// max |a − b| / max |b|, or a negative number when the shapes differ.
double relativeError(const FloatPlanes& mine, const test::NpyFloat32& ref) {
  if (ref.shape != QVector<qint64>{mine.planes, mine.height, mine.width}) return -1;
  double maxDiff = 0, maxRef = 0;
  for (qsizetype i = 0; i < ref.values.size(); ++i) {
    maxDiff = std::max(maxDiff, double(std::abs(mine.values[size_t(i)] - ref.values[i])));
    maxRef = std::max(maxRef, double(std::abs(ref.values[i])));
  }
  return maxRef > 0 ? maxDiff / maxRef : maxDiff;
}

}  // namespace

class TestInteractiveEngine : public QObject {
  Q_OBJECT

  interactive::Engine* engine_ = nullptr;
  test::TinyRuns runs_;
  QString scratch_, image_;

 private Q_SLOTS:
  void initTestCase() {
    scratch_ = QString::fromStdString(test::scratchDir("ui_interactive_engine"));
    runs_ = test::makeTinyRuns(scratch_);
    QVERIFY2(runs_.ok(), qPrintable(runs_.error));
    image_ =
        QDir(runs_.data + "/test/img").entryInfoList({"*.png"}, QDir::Files, QDir::Name).value(0).absoluteFilePath();
    QVERIFY2(QFileInfo::exists(image_), qPrintable(runs_.data + "/test/img has no PNG"));
  }

  void loadsThePluginOnce() {
    // arml_ui does not link LibTorch: nothing of it is in this process before the first load.
    QVERIFY(!isMapped("libarml_interactive.so"));
    QVERIFY(!isMapped("libtorch"));
    const ui::InteractiveEngineLoad first = ui::loadInteractiveEngine();
    QVERIFY2(first.engine, qPrintable(first.error));
    QVERIFY(first.path.endsWith("libarml_interactive.so"));
    QVERIFY(first.loadSeconds > 0);
    qInfo("plugin %s loaded in %.0f ms", qPrintable(first.path), first.loadSeconds * 1000);
    QVERIFY(isMapped("libarml_interactive.so"));
    QVERIFY(isMapped("libtorch"));
    const ui::InteractiveEngineLoad again = ui::loadInteractiveEngine();
    QCOMPARE(again.engine, first.engine);
    QCOMPARE(again.loadSeconds, 0.0);
    engine_ = first.engine;
  }

  void missingOrForeignPluginsGiveOneMessage() {
    ui::InteractiveEngineLoad none = ui::loadInteractiveEngineFrom({});
    QVERIFY(!none.engine);
    QVERIFY2(none.error.contains("libarml_interactive.so") && none.error.contains("ARML_INTERACTIVE_PLUGIN"),
             qPrintable(none.error));
    const QString notALibrary = scratch_ + "/libfake.so";
    QFile f(notALibrary);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not an ELF file");
    f.close();
    ui::InteractiveEngineLoad bad = ui::loadInteractiveEngineFrom({notALibrary});
    QVERIFY(!bad.engine);
    QVERIFY2(bad.error.contains(notALibrary), qPrintable(bad.error));
    QVERIFY(!bad.error.contains('\n'));
    // A real library without the entry point (Qt Core is loaded anyway).
    const QString foreign = QLibraryPath();
    if (!foreign.isEmpty()) {
      ui::InteractiveEngineLoad other = ui::loadInteractiveEngineFrom({foreign});
      QVERIFY(!other.engine);
      QVERIFY2(other.error.contains("not an ARML engine plugin"), qPrintable(other.error));
    }
    // The environment variable comes first.
    qputenv("ARML_INTERACTIVE_PLUGIN", notALibrary.toUtf8());
    QCOMPARE(ui::interactiveEngineCandidates().value(0), notALibrary);
    qunsetenv("ARML_INTERACTIVE_PLUGIN");
  }

  void camsEqualTheCli() {
    QVERIFY(engine_);
    auto session = engine_->openClassifier(runs_.classifier.toStdString(), "cpu", 0);
    QVERIFY(session->info().hasArs);
    QCOMPARE(session->info().architecture, std::string("resnet38d-lite"));
    const interactive::CamSet cams = session->cams(rgbImageOf(image_));
    QCOMPARE(cams.plain.planes, session->info().classes);
    QCOMPARE(cams.relocalized.planes, session->info().classes);
    QCOMPARE(cams.probabilities.size(), size_t(session->info().classes));
    const QString out = scratch_ + "/cams";
    for (const QString mode : {"plain", "relocalized"}) {
      const test::CliResult r = test::runArml({"cams", "--model", runs_.classifier, "--image", image_, "--out", out,
                                               "--mode", mode, "--npy", "--device", "cpu"});
      QVERIFY2(r.exitCode == 0, qPrintable(r.err));
      const test::NpyFloat32 npy =
          test::readNpyFloat32(out + "/" + QFileInfo(image_).completeBaseName() + "_" + mode + ".npy");
      const double err = relativeError(mode == "plain" ? cams.plain : cams.relocalized, npy);
      qInfo("%s: plugin vs arml cams --npy, max error %.2e of max", qPrintable(mode), err);
      QVERIFY(err >= 0 && err <= 1e-5);
    }
    // The two views differ (ARS changes the maps).
    double diff = 0;
    for (size_t i = 0; i < cams.plain.values.size(); ++i)
      diff = std::max(diff, double(std::abs(cams.plain.values[i] - cams.relocalized.values[i])));
    QVERIFY(diff > 0);
  }

  void probabilitiesEqualPredict() {
    QVERIFY(engine_);
    auto session = engine_->openSegmenter(runs_.segmenter.toStdString(), "cpu", 0);
    const FloatPlanes p = session->probabilities(rgbImageOf(image_));
    QCOMPARE(p.planes, 4);  // the demo's LUAD classes; no background output
    QCOMPARE(session->info().classNames.size(), size_t(4));
    const QString out = scratch_ + "/predict/mask.png";
    const test::CliResult r =
        test::runArml({"predict", "--model", runs_.segmenter, "--input", image_, "--out", out, "--device", "cpu"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const double err = relativeError(p, test::readNpyFloat32(scratch_ + "/predict/mask.probs.npy"));
    qInfo("segmenter: plugin vs arml predict, max error %.2e of max", err);
    QVERIFY(err >= 0 && err <= 1e-5);
  }

  void cancellationAndErrorsCrossTheLibraryBoundary() {
    QVERIFY(engine_);
    auto session = engine_->openClassifier(runs_.classifier.toStdString(), "cpu", 0);
    std::atomic<bool> cancel{true};
    bool cancelled = false;
    try {
      session->cams(rgbImageOf(image_), &cancel);
    } catch (const interactive::Cancelled&) {
      cancelled = true;
    }
    QVERIFY(cancelled);
    const std::string missing = (scratch_ + "/missing.pt").toStdString();
    try {
      engine_->openClassifier(missing);
      QFAIL("opened a missing file");
    } catch (const interactive::Cancelled&) {
      QFAIL("a missing file reported as cancelled");
    } catch (const std::runtime_error& e) {
      QVERIFY2(std::string(e.what()).find(missing) != std::string::npos, e.what());
    }
    // A segmenter given as the classifier.
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, engine_->openClassifier(runs_.segmenter.toStdString()));
  }

  // The Review page's CAM comparison on the same checkpoints: every panel filled by the engine.
  void comparePageShowsTheEngineResults() {
    CamComparePage page;
    page.resize(1000, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.controller()->setComputeSettings("cpu", 0);
    page.setArsClassifier(runs_.classifier);
    page.setBaseline(runs_.classifierFinal);  // no ARS weights: its plain CAM as the baseline
    page.setSegmenter(runs_.segmenter);
    QSignalSpy ready(page.controller(), &CamCompareController::ready);
    const QString mask = runs_.data + "/test/mask/" + QFileInfo(image_).fileName();
    QVERIFY(QFileInfo::exists(mask));
    page.setPatch(image_, mask);
    QVERIFY(ready.wait(120000));
    const CamCompareView* view = page.view();
    QCOMPARE(view->panelCount(), 6);
    for (int i = 0; i < view->panelCount(); ++i)
      QVERIFY2(view->panel(i).message.isEmpty(), qPrintable(view->panel(i).title + ": " + view->panel(i).message));
    const QImage img(image_);
    for (int i : {1, 2, 4}) {
      QCOMPARE(view->panel(i).cams.planes, 4);
      QCOMPARE(view->panel(i).cams.width, img.width());
    }
    // The plain CAM of the training checkpoint and of the inference model are the same network.
    QCOMPARE(view->panel(1).cams.values, view->panel(4).cams.values);
    QVERIFY(view->panel(1).cams.values != view->panel(2).cams.values);
    QCOMPARE(view->panel(5).mask.size(), qsizetype(img.width()) * img.height());
    for (char c : view->panel(5).mask) QVERIFY(int(c) >= 0 && int(c) < 4);
    QCOMPARE(page.controller()->computeCount(), 3);
  }

 private:
  static bool isMapped(const char* library) {
    QFile maps("/proc/self/maps");
    return maps.open(QIODevice::ReadOnly) && maps.readAll().contains(library);
  }
  static QString QLibraryPath() {
    QFile maps("/proc/self/maps");
    if (!maps.open(QIODevice::ReadOnly)) return {};
    for (const QByteArray& line : maps.readAll().split('\n')) {
      const int at = line.indexOf('/');
      if (at >= 0 && line.contains("libQt6Core.so")) return QString::fromUtf8(line.mid(at));
    }
    return {};
  }
};

QTEST_MAIN(TestInteractiveEngine)
#include "test_interactive_engine.moc"
