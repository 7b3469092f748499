// withMemoryContext: allocation failures become one line naming the file; other errors pass.
#include <QtTest>

#include <new>

#include "core/errors.h"
#include "core/out_of_memory.h"

class TestOutOfMemory : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void allocationFailuresNameTheFile() {
    try {
      arml::withMemoryContext("big.png", "segment this image", [] { throw std::bad_alloc(); });
      QFAIL("no exception");
    } catch (const arml::RuntimeFailure& e) {
      QVERIFY2(QString(e.what()).startsWith("big.png: not enough memory to segment this image"), e.what());
    }
    try {
      arml::withMemoryContext("big.png", "segment this image", [] {
        throw std::runtime_error(
            "[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory: you tried to allocate "
            "10800000000 bytes.\nframe #0: c10::ThrowEnforceNotMet\nframe #1: ...");
      });
      QFAIL("no exception");
    } catch (const arml::RuntimeFailure& e) {
      const QString m = e.what();
      QVERIFY2(m.startsWith("big.png: ") && m.contains("10800000000") && !m.contains('\n'), qPrintable(m));
    }
  }

  void otherErrorsPassUnchanged() {
    QVERIFY_THROWS_EXCEPTION(arml::InputError,
                             arml::withMemoryContext("x", "y", [] { throw arml::InputError("x", "bad"); }));
    try {
      arml::withMemoryContext("x", "y", [] { throw std::runtime_error("shape mismatch"); });
    } catch (const arml::RuntimeFailure&) {
      QFAIL("a non-memory error was relabelled");
    } catch (const std::runtime_error& e) {
      QCOMPARE(QString(e.what()), QString("shape mismatch"));
    }
    QCOMPARE(QString::fromStdString(arml::firstLine("one\ntwo")), QString("one"));
  }
};

QTEST_APPLESS_MAIN(TestOutOfMemory)
#include "test_out_of_memory.moc"
