#include <QtTest>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "data/mask_set.h"
#include "data/palette_png.h"
#include "test_paths.h"

using namespace arml::data;
namespace fs = std::filesystem;

class TestMaskSet : public QObject {
  Q_OBJECT

  fs::path dir_, gen_, edits_;

  static cv::Mat filled(int v, int w = 8, int h = 6) { return cv::Mat(h, w, CV_8UC1, cv::Scalar(v)); }
  static void write(const fs::path& p, const cv::Mat& m) { writePalettePng(p, m, {{1, 2, 3}}); }

private Q_SLOTS:
  void init() {
    dir_ = arml::test::scratchDir("data_mask_set");
    gen_ = dir_ / "masks";
    edits_ = dir_ / "edits";
    fs::create_directories(gen_);
    fs::create_directories(edits_);
  }

  void correctedWinsRejectedIsLeftOut() {
    for (const char* s : {"a", "b", "c", "d"}) write(gen_ / (std::string(s) + ".png"), filled(0));
    write(edits_ / "b.png", filled(1));
    write(edits_ / "c.png", filled(2));  // corrected, then rejected: still left out
    std::ofstream(edits_ / "b.json") << "{}";       // provenance beside the edit is not an edit
    write(edits_ / ".b.png.tmp.png", filled(3));   // a hidden temporary is not an edit either
    ReviewFile review;
    review.set("c", ReviewState::Rejected);
    review.set("d", ReviewState::Rejected);
    review.set("a", ReviewState::Accepted);
    const MaskSet set = resolveMaskSet({"a", "b", "c", "d", "e"}, gen_, edits_, review, dir_ / "review.json");
    QCOMPARE(set.entries.size(), std::size_t(2));
    QCOMPARE(set.entries[0].stem, std::string("a"));
    QCOMPARE(set.entries[0].source, MaskSource::Generated);
    QCOMPARE(set.entries[0].mask, gen_ / "a.png");
    QCOMPARE(set.entries[1].stem, std::string("b"));
    QCOMPARE(set.entries[1].source, MaskSource::Corrected);
    QCOMPARE(set.entries[1].mask, edits_ / "b.png");
    QCOMPARE(set.excluded, (std::vector<std::string>{"c", "d"}));
    QCOMPARE(set.missing, (std::vector<std::string>{"e"}));
    QCOMPARE(set.corrected, 1);
    QCOMPARE(set.generated, 1);
    QCOMPARE(set.digest.size(), std::size_t(16));

    const nlohmann::json j = maskSetJson(set);
    QCOMPARE(j["corrected"].get<int>(), 1);
    QCOMPARE(j["generated_used"].get<int>(), 1);
    QCOMPARE(j["excluded"].get<int>(), 2);
    QCOMPARE(j["missing"].get<int>(), 1);
    QCOMPARE(j["corrected_stems"], nlohmann::json::array({"b"}));
    QCOMPARE(j["excluded_stems"], nlohmann::json::array({"c", "d"}));
    QCOMPARE(j["digest"].get<std::string>(), set.digest);
  }

  void digestFollowsMaskContent() {
    write(gen_ / "a.png", filled(0));
    write(gen_ / "b.png", filled(0));
    const ReviewFile none;
    const std::string plain = resolveMaskSet({"a", "b"}, gen_, {}, none).digest;
    QCOMPARE(resolveMaskSet({"a", "b"}, gen_, edits_, none).digest, plain);  // empty edits: same masks
    write(edits_ / "b.png", filled(1));
    const std::string edited = resolveMaskSet({"a", "b"}, gen_, edits_, none).digest;
    QVERIFY(edited != plain);
    write(edits_ / "b.png", filled(2));
    QVERIFY(resolveMaskSet({"a", "b"}, gen_, edits_, none).digest != edited);
    ReviewFile rejectB;
    rejectB.set("b", ReviewState::Rejected);
    QVERIFY(resolveMaskSet({"a", "b"}, gen_, edits_, rejectB).digest != plain);
  }

  void patchesOutsideTheDatasetJoinWithTheirEdit() {
    write(gen_ / "a.png", filled(0));
    write(gen_ / "a2.png", filled(0));
    fs::create_directories(dir_ / "cuts");
    write(dir_ / "cuts" / "slide_1.png", filled(0));  // stands in for the image
    write(edits_ / "slide_1.png", filled(2));
    write(edits_ / "slide_2.png", filled(2));
    ReviewFile review;
    PatchReview cut;
    cut.state = ReviewState::Corrected;
    cut.image = "cuts/slide_1.png";
    review.put("slide_1", cut);
    PatchReview rejected = cut;
    rejected.state = ReviewState::Rejected;
    rejected.image = "cuts/slide_2.png";
    review.put("slide_2", rejected);
    PatchReview noEdit = cut;
    noEdit.image = "cuts/slide_3.png";
    review.put("slide_3", noEdit);
    const MaskSet set = resolveMaskSet({"a"}, gen_, edits_, review, dir_ / "review.json");
    QCOMPARE(set.entries.size(), std::size_t(2));
    QCOMPARE(set.entries[1].stem, std::string("slide_1"));
    QCOMPARE(set.entries[1].image, dir_ / "cuts" / "slide_1.png");
    QCOMPARE(set.added, 1);
    QCOMPARE(set.corrected, 1);

    // An added patch whose image is gone is named.
    fs::remove(dir_ / "cuts" / "slide_1.png");
    bool threw = false;
    try {
      resolveMaskSet({"a"}, gen_, edits_, review, dir_ / "review.json");
    } catch (const arml::InputError& e) {
      threw = true;
      QVERIFY2(QString(e.what()).contains("slide_1"), e.what());
    }
    QVERIFY(threw);
  }

  void summaryCountsChangedPixelsAndConfusion() {
    // a: 8×6 of TE(0); the reviewer relabels the left 3 columns to NEC(1) and one pixel to background(4).
    cv::Mat genA = filled(0), editA = filled(0);
    editA.colRange(0, 3).setTo(1);
    editA.at<uchar>(5, 7) = 4;
    write(gen_ / "a.png", genA);
    write(edits_ / "a.png", editA);
    // b: unchanged edit.
    write(gen_ / "b.png", filled(3));
    write(edits_ / "b.png", filled(3));
    // c: rejected, not compared whatever it holds.
    write(gen_ / "c.png", filled(0));
    write(edits_ / "c.png", filled(4));
    // d: an edit without a generated mask is skipped, not fatal.
    write(edits_ / "d.png", filled(2));
    ReviewFile review;
    review.set("c", ReviewState::Rejected);

    const ReviewSummary s = summarizeReview(gen_, edits_, review, 5, {"TE", "NEC", "LYM", "TAS", "background"});
    QCOMPARE(s.patches, 2);
    QCOMPARE(s.unchangedPatches, 1);
    QCOMPARE(s.pixels, std::int64_t(96));
    QCOMPARE(s.changed, std::int64_t(19));
    QCOMPARE(s.confusion[0][0], std::int64_t(48 - 19));
    QCOMPARE(s.confusion[0][1], std::int64_t(18));
    QCOMPARE(s.confusion[0][4], std::int64_t(1));
    QCOMPARE(s.confusion[3][3], std::int64_t(48));
    QCOMPARE(s.removed[0], std::int64_t(19));
    QCOMPARE(s.added[1], std::int64_t(18));
    QCOMPARE(s.added[4], std::int64_t(1));
    QCOMPARE(s.removed[3], std::int64_t(0));
    QCOMPARE(s.skipped.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(s.skipped[0]).startsWith("d: no generated mask"));
    QCOMPARE(s.perPatch.size(), std::size_t(2));
    QCOMPARE(s.perPatch[0].changed, std::int64_t(19));

    const nlohmann::json j = reviewSummaryJson(s);
    QCOMPARE(j["changed_pixels"].get<std::int64_t>(), std::int64_t(19));
    QCOMPARE(j["per_class"][1]["net"].get<std::int64_t>(), std::int64_t(18));
    QCOMPARE(j["per_class"][0]["name"].get<std::string>(), std::string("TE"));
    QCOMPARE(j["confusion"][0][1].get<std::int64_t>(), std::int64_t(18));
    const QString text = QString::fromStdString(reviewSummaryText(s));
    QVERIFY2(text.contains("19 of 96 pixels changed"), qPrintable(text));
    QVERIFY(text.contains("NEC"));
  }

  void summaryRefusesMismatchedOrOutOfRangeMasks() {
    write(gen_ / "a.png", filled(0));
    write(edits_ / "a.png", filled(0, 9, 6));
    const ReviewFile none;
    auto errorOf = [&](int labels) -> QString {
      try {
        summarizeReview(gen_, edits_, none, labels);
      } catch (const arml::InputError& e) {
        return e.what();
      }
      return {};
    };
    QString err = errorOf(5);
    QVERIFY2(err.startsWith(QString::fromStdString((edits_ / "a.png").string())) && err.contains("9x6"), qPrintable(err));
    write(edits_ / "a.png", filled(4));
    QVERIFY(errorOf(5).isEmpty());
    err = errorOf(4);  // WSSS4LUAD: labels 0..3
    QVERIFY2(err.contains("holds value 4"), qPrintable(err));
    bool threw = false;
    try {
      summarizeReview(gen_, dir_ / "no-edits", none, 5);
    } catch (const arml::InputError& e) {
      threw = QString(e.what()).contains("edits folder not found");
    }
    QVERIFY(threw);
  }
};

QTEST_GUILESS_MAIN(TestMaskSet)
#include "test_mask_set.moc"
