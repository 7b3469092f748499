#include <QtTest>

#include <filesystem>
#include <fstream>
#include <functional>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "data/review_state.h"
#include "test_paths.h"

using namespace arml::data;
namespace fs = std::filesystem;

class TestReviewState : public QObject {
  Q_OBJECT

  fs::path dir_;

  static void writeText(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
  }
  static QString loadError(const fs::path& p) {
    try {
      ReviewFile::load(p);
    } catch (const arml::InputError& e) {
      return QString::fromStdString(e.what());
    }
    return {};
  }

private Q_SLOTS:
  void initTestCase() { dir_ = arml::test::scratchDir("data_review_state"); }

  // A review.json nested 200,000 levels deep (400 KB) is refused with a message, not a stack overflow.
  void deeplyNestedFileIsRefused() {
    const fs::path p = dir_ / "deep.json";
    writeText(p, "{\"patches\":" + std::string(200000, '[') + std::string(200000, ']') + "}");
    const QString error = loadError(p);
    QVERIFY2(error.contains("deep.json") && error.contains("deeper"), qPrintable(error));
    fs::remove(p);  // later tests count the files in this folder
  }

  void stateNamesRoundTrip() {
    for (int i = 0; i < kReviewStateCount; ++i) {
      const auto s = static_cast<ReviewState>(i);
      QCOMPARE(parseReviewState(reviewStateName(s)), std::optional<ReviewState>(s));
    }
    QVERIFY(!parseReviewState("Accepted"));
    QVERIFY(!parseReviewState(""));
  }

  void missingFileIsEmptyReview() {
    const ReviewFile r = ReviewFile::load(dir_ / "nothing-here.json");
    QVERIFY(r.patches().empty());
    QVERIFY(r.cursor().empty());
    QCOMPARE(r.state("a"), ReviewState::Unreviewed);
    QCOMPARE(r.get("a").note, std::string());
  }

  void roundTripKeepsEveryField() {
    ReviewFile r;
    r.set("p1", ReviewState::Accepted, "fine", "ana");
    r.set("p2", ReviewState::Corrected, "fixed tumour edge \"left\"\nsecond line", "bo");
    r.set("p3", ReviewState::Rejected);
    PatchReview slideCut;
    slideCut.state = ReviewState::Flagged;
    slideCut.note = "ask pathologist — ünïcode";
    slideCut.image = "slides/cut_0001.png";
    slideCut.classes = {0, 2};
    slideCut.hasClasses = true;
    slideCut.time = "2026-01-02T03:04:05Z";
    r.put("cut_0001", slideCut);
    PatchReview noLabels;
    noLabels.hasClasses = true;  // an explicit empty label list is kept, not dropped
    r.put("p4", noLabels);
    r.setCursor("p2");

    const fs::path p = dir_ / "review.json";
    r.save(p);
    const ReviewFile back = ReviewFile::load(p);
    QCOMPARE(back.cursor(), std::string("p2"));
    QCOMPARE(back.patches().size(), std::size_t(5));
    QCOMPARE(back.state("p1"), ReviewState::Accepted);
    QCOMPARE(back.get("p1").note, std::string("fine"));
    QCOMPARE(back.get("p1").reviewer, std::string("ana"));
    QCOMPARE(back.get("p1").time, r.get("p1").time);
    QVERIFY(back.get("p1").time.size() == 20 && back.get("p1").time.back() == 'Z');
    QCOMPARE(back.get("p2").note, r.get("p2").note);
    QCOMPARE(back.state("p3"), ReviewState::Rejected);
    const PatchReview c = back.get("cut_0001");
    QCOMPARE(c.state, ReviewState::Flagged);
    QCOMPARE(c.note, slideCut.note);
    QCOMPARE(c.image, slideCut.image);
    QCOMPARE(c.classes, (std::vector<int>{0, 2}));
    QVERIFY(c.hasClasses);
    QCOMPARE(c.time, std::string("2026-01-02T03:04:05Z"));
    QVERIFY(back.get("p4").hasClasses);
    QVERIFY(!back.get("p1").hasClasses);
    QVERIFY(back.get("p1").image.empty());
    QCOMPARE(back.toJson(), r.toJson());
    // Atomic write: no temporary left in the folder.
    int files = 0;
    for (const auto& e : fs::directory_iterator(dir_)) files += e.path().filename() != "review.json";
    QCOMPARE(files, 0);
  }

  void countsOverTrainingStems() {
    ReviewFile r;
    r.set("a", ReviewState::Accepted);
    r.set("b", ReviewState::Rejected);
    r.set("c", ReviewState::Rejected);
    r.set("outside", ReviewState::Flagged);  // not in the stem list: not counted there
    const auto n = r.counts({"a", "b", "c", "d", "e"});
    QCOMPARE(n[int(ReviewState::Unreviewed)], 2);
    QCOMPARE(n[int(ReviewState::Accepted)], 1);
    QCOMPARE(n[int(ReviewState::Rejected)], 2);
    QCOMPARE(n[int(ReviewState::Flagged)], 0);
    const auto all = r.counts();
    QCOMPARE(all[int(ReviewState::Flagged)], 1);
    QCOMPARE(all[int(ReviewState::Unreviewed)], 0);
    r.erase("b");
    QCOMPARE(r.state("b"), ReviewState::Unreviewed);
  }

  void setNoteKeepsState() {
    ReviewFile r;
    r.set("a", ReviewState::Corrected, "", "ana");
    r.setNote("a", "second look");
    QCOMPARE(r.state("a"), ReviewState::Corrected);
    QCOMPARE(r.get("a").note, std::string("second look"));
    r.setNote("fresh", "n");
    QCOMPARE(r.state("fresh"), ReviewState::Unreviewed);
  }

  void missingStateMeansUnreviewedAndUnknownKeysAreIgnored() {
    const fs::path p = dir_ / "minimal.json";
    writeText(p, R"({"format":1,"patches":{"x":{"note":"n"},"y":{"state":"accepted","extra":3}},"more":1})");
    const ReviewFile r = ReviewFile::load(p);
    QCOMPARE(r.state("x"), ReviewState::Unreviewed);
    QCOMPARE(r.get("x").note, std::string("n"));
    QCOMPARE(r.state("y"), ReviewState::Accepted);
  }

  void corruptFilesAreNamedNeverReset() {
    struct Case {
      const char* name;
      std::string text;
      const char* expect;
    };
    const std::vector<Case> cases = {
        {"truncated.json", "{\"format\":1,\"patches\":{\"a\":{\"state\":\"acc", "broken JSON"},
        {"empty.json", "", "broken JSON"},
        {"array.json", "[1,2]", "expected a JSON object"},
        {"noformat.json", R"({"patches":{}})", "no \"format\""},
        {"future.json", R"({"format":7,"patches":{}})", "format 7 is not supported"},
        {"badstate.json", R"({"format":1,"patches":{"a":{"state":"maybe"}}})", "unknown state \"maybe\""},
        {"badclasses.json", R"({"format":1,"patches":{"a":{"classes":[0,"x"]}}})", "class indices"},
        {"badnote.json", R"({"format":1,"patches":{"a":{"note":5}}})", "\"note\" must be text"},
        {"badpatches.json", R"({"format":1,"patches":[]})", "\"patches\" must be an object"},
    };
    for (const Case& c : cases) {
      const fs::path p = dir_ / c.name;
      writeText(p, c.text);
      const QString err = loadError(p);
      QVERIFY2(err.startsWith(QString::fromStdString(p.string())), qPrintable(c.name + (": " + err)));
      QVERIFY2(err.contains(c.expect), qPrintable(err));
      // The broken file is left as it was.
      const auto bytes = arml::readFileBytes(p);
      QCOMPARE(std::string(bytes.begin(), bytes.end()), c.text);
    }
  }

  // Keys and images become parts of paths to write (edits/<key>.png) or read: a file naming
  // anything outside the project is refused as a whole, named, and left as it was.
  void namesThatCouldLeaveTheProjectAreRefused() {
    struct Case {
      const char* name;
      std::string text;
      const char* expect;
    };
    const std::vector<Case> cases = {
        {"escape-key.json",
         R"({"format":1,"cursor":"../../../../elsewhere/ESCAPED","patches":{"../../../../elsewhere/ESCAPED":)"
         R"({"state":"unreviewed","image":"slide-patches/s/x.png"}}})",
         "patch name '../../../../elsewhere/ESCAPED' is not a plain file name"},
        {"absolute-key.json", R"({"format":1,"patches":{"/tmp/ESCAPED":{}}})", "'/tmp/ESCAPED' is not a plain file name"},
        {"dotdot-key.json", R"({"format":1,"patches":{"..":{}}})", "'..' is not a plain file name"},
        {"backslash-key.json", R"({"format":1,"patches":{"..\\x":{}}})", "is not a plain file name"},
        {"control-key.json", R"({"format":1,"patches":{"a\nb":{}}})", "is not a plain file name"},
        {"escape-image.json", R"({"format":1,"patches":{"a":{"image":"../elsewhere/a.png"}}})",
         "\"image\" '../elsewhere/a.png' must be a path inside the project"},
        {"absolute-image.json", R"({"format":1,"patches":{"a":{"image":"/etc/hostname"}}})",
         "\"image\" '/etc/hostname' must be a path inside the project"},
        {"escape-cursor.json", R"({"format":1,"cursor":"../x","patches":{}})", "\"cursor\" '../x' is not a patch name"},
        {"escape-mask-set.json", R"({"format":1,"mask_set":"../other/masks","patches":{}})",
         "\"mask_set\" '../other/masks' must be a folder inside the project"},
    };
    for (const Case& c : cases) {
      const fs::path p = dir_ / c.name;
      writeText(p, c.text);
      const QString err = loadError(p);
      QVERIFY2(err.startsWith(QString::fromStdString(p.string())), qPrintable(c.name + (": " + err)));
      QVERIFY2(err.contains(c.expect), qPrintable(c.name + (": " + err)));
      const auto bytes = arml::readFileBytes(p);
      QCOMPARE(std::string(bytes.begin(), bytes.end()), c.text);
    }
    // Names datasets really use stay valid: LUAD-HistoSeg labels, spaces, non-ASCII, dots.
    const fs::path ok = dir_ / "fine-names.json";
    writeText(ok, R"({"format":1,"cursor":"x-[1 0 0 1]","patches":{"x-[1 0 0 1]":{},"a.b c":{},)"
                  R"("ünï":{"image":"slide-patches/s 1/ünï.png"}}})");
    QCOMPARE(loadError(ok), QString());
    QCOMPARE(ReviewFile::load(ok).patches().size(), std::size_t(3));

    // Code cannot add what the reader would refuse.
    ReviewFile r;
    PatchReview outside;
    outside.image = "../x.png";
    for (const auto& attempt : std::vector<std::function<void()>>{
             [&] { r.set("../x", ReviewState::Accepted); }, [&] { r.put("a/b", PatchReview{}); },
             [&] { r.put("a", outside); }, [&] { r.setNote("..", "n"); }}) {
      bool threw = false;
      try {
        attempt();
      } catch (const arml::InputError&) {
        threw = true;
      }
      QVERIFY(threw);
    }
    QVERIFY(r.patches().empty());
  }

  // The mask set under review is kept in the file (written only when chosen).
  void maskSetRoundTrips() {
    ReviewFile r;
    QVERIFY(r.toJson().find("mask_set") == std::string::npos);
    r.setMaskSet("runs/20260101-120000-pipeline/masks/bn7");
    const fs::path p = dir_ / "mask-set.json";
    r.save(p);
    QCOMPARE(ReviewFile::load(p).maskSet(), std::string("runs/20260101-120000-pipeline/masks/bn7"));
    bool threw = false;
    try {
      r.setMaskSet("/elsewhere/masks");
    } catch (const arml::InputError&) {
      threw = true;
    }
    QVERIFY(threw);
    QCOMPARE(r.maskSet(), std::string("runs/20260101-120000-pipeline/masks/bn7"));
  }

  void saveThatCannotWriteFailsNamingFile() {
    ReviewFile r;
    r.set("a", ReviewState::Accepted);
    writeText(dir_ / "plain-file", "x");
    const fs::path p = dir_ / "plain-file" / "review.json";  // its folder is a file
    bool threw = false;
    try {
      r.save(p);
    } catch (const std::exception& e) {
      threw = true;
      QVERIFY2(QString(e.what()).contains("review.json"), e.what());
    }
    QVERIFY(threw);
  }
};

QTEST_GUILESS_MAIN(TestReviewState)
#include "test_review_state.moc"
