#include <QtTest>

#include <limits>
#include <vector>

#include <opencv2/core.hpp>

#include "core/errors.h"
#include "data/class_argmax.h"

using namespace arml::data;

class TestClassArgmax : public QObject {
  Q_OBJECT

private Q_SLOTS:
  // Three classes over a 2 × 2 image, planes one after another.
  void largestScoreWins() {
    const std::vector<float> planes = {0.1f, 0.7f, 0.2f, 0.0f,   // class 0
                                       0.6f, 0.2f, 0.3f, 0.0f,   // class 1
                                       0.3f, 0.1f, 0.5f, 1.0f};  // class 2
    const cv::Mat m = argmaxClass(planes.data(), 3, 2, 2);
    QCOMPARE(m.type(), CV_8UC1);
    QCOMPARE(m.cols, 2);
    QCOMPARE(m.rows, 2);
    QCOMPARE(int(m.at<uchar>(0, 0)), 1);
    QCOMPARE(int(m.at<uchar>(0, 1)), 0);
    QCOMPARE(int(m.at<uchar>(1, 0)), 2);
    QCOMPARE(int(m.at<uchar>(1, 1)), 2);
  }

  void tiesGoToTheLowestIndex() {
    const std::vector<float> planes = {0.5f, 0.5f, 0.5f};  // three classes, one pixel
    QCOMPARE(int(argmaxClass(planes.data(), 3, 1, 1).at<uchar>(0, 0)), 0);
    const std::vector<float> later = {0.2f, 0.5f, 0.5f};
    QCOMPARE(int(argmaxClass(later.data(), 3, 1, 1).at<uchar>(0, 0)), 1);
  }

  void oneClassIsAllZeros() {
    const std::vector<float> planes = {3.f, -1.f, std::numeric_limits<float>::quiet_NaN()};
    QCOMPARE(cv::countNonZero(argmaxClass(planes.data(), 1, 3, 1)), 0);
  }

  void refusesClassCountsOutsideAByte() {
    const std::vector<float> planes(300, 0.f);
    QVERIFY_THROWS_EXCEPTION(arml::RuntimeFailure, argmaxClass(planes.data(), 0, 1, 1));
    QVERIFY_THROWS_EXCEPTION(arml::RuntimeFailure, argmaxClass(planes.data(), 257, 1, 1));
    QCOMPARE(int(argmaxClass(planes.data(), 256, 1, 1).at<uchar>(0, 0)), 0);
  }
};

QTEST_APPLESS_MAIN(TestClassArgmax)
#include "test_class_argmax.moc"
