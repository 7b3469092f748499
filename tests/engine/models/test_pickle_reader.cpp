// The own unpickler on hand-built streams: the torch.save state_dict layout (OrderedDict, BUILD,
// SETITEM, LONG_BINPUT, LONG1, BINFLOAT), Python-2 and protocol-4 forms, opaque numpy objects, and
// malformed input (every truncation, random bytes, bad opcodes) that must end in InputError; globals
// outside the allowed set refuse the whole pickle; hostile shapes (deep nesting, cycles, huge dicts,
// overflowing tensor sizes) end in a value or an InputError, never in a crash or a hang.
#include <QtTest>

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>

#include "core/errors.h"
#include "handmade_pickles.h"
#include "models/pickle_reader.h"

using namespace arml::models;
using arml::test::PickleBytes;

namespace {

// Storages for keys "0" (108 floats 0..107) and "1" (one int64 = 7).
PersistentLoader fakeStorages() {
  return [](const PickleValuePtr& pid) {
    if (pid->kind != PickleKind::Tuple || pid->items.size() < 3 || !pid->items[2]->isString())
      throw arml::InputError("test.pkl", "bad persistent id");
    auto v = std::make_shared<PickleValue>();
    v->kind = PickleKind::Storage;
    const std::string key = pid->items[2]->text;
    v->tensor = key == "0" ? torch::arange(108, torch::kFloat32) : torch::full({1}, 7, torch::kInt64);
    return v;
  };
}

PickleValuePtr parse(const std::vector<unsigned char>& b, PersistentLoader loader = {}) {
  return readPickle(b.data(), b.size(), "test.pkl", std::move(loader));
}

bool throwsInputError(const std::vector<unsigned char>& b, QString* message = nullptr) {
  try {
    parse(b, fakeStorages());
  } catch (const arml::InputError& e) {
    if (message) *message = e.what();
    return true;
  }
  return false;
}

}  // namespace

class TestPickleReader : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void stateDictExcerpt() {
    const PickleValuePtr root = parse(arml::test::stateDictExcerpt(), fakeStorages());
    QVERIFY(root->isDict());
    QVERIFY(root->ordered);
    QCOMPARE(int(root->entries.size()), 4);
    const char* order[] = {"conv.weight", "bn.num_batches_tracked", "big", "lr"};
    for (int i = 0; i < 4; ++i) QCOMPARE(QString::fromStdString(root->entries[i].first->text), QString(order[i]));

    const at::Tensor w = root->find("conv.weight")->tensor;
    QCOMPARE(w.sizes().vec(), (std::vector<int64_t>{4, 3, 3, 3}));
    QCOMPARE(w.scalar_type(), torch::kFloat32);
    QVERIFY(torch::equal(w, torch::arange(108, torch::kFloat32).view({4, 3, 3, 3})));

    const at::Tensor n = root->find("bn.num_batches_tracked")->tensor;
    QCOMPARE(n.dim(), int64_t(0));
    QCOMPARE(n.scalar_type(), torch::kInt64);
    QCOMPARE(n.item<int64_t>(), int64_t(7));

    QCOMPARE(root->find("big")->asInt(), int64_t(1) << 40);
    QCOMPARE(root->find("lr")->asDouble(), 0.5);

    // BUILD kept the instance __dict__ with _metadata {'': {'version': 1}}.
    QVERIFY(root->state && root->state->isDict());
    const PickleValuePtr meta = root->state->find("_metadata");
    QVERIFY(meta && meta->ordered);
    QCOMPARE(meta->find("")->find("version")->asInt(), int64_t(1));
  }

  void integersOfEveryWidth() {
    PickleBytes p;
    p.proto().op('(');
    p.op(0x8a).le(1, 1).le(0xFE, 1);                       // LONG1 -2
    p.op(0x8a).le(0, 1);                                   // LONG1 of 0 bytes = 0
    p.op('J').le(static_cast<std::uint32_t>(-100000), 4);  // BININT negative
    p.int2(65535);
    p.op(0x8a).le(8, 1).le(0x8000000000000000ull, 8);      // INT64_MIN
    p.op(0x8a).le(10, 1).raw(std::string("\x6C\xFC\x9C\x46\xF9\x20\x6A\xA8\x50\x19", 10));  // legacy magic
    p.op('t').op('.');
    const PickleValuePtr t = parse(p.b);
    QCOMPARE(t->items[0]->asInt(), int64_t(-2));
    QCOMPARE(t->items[1]->asInt(), int64_t(0));
    QCOMPARE(t->items[2]->asInt(), int64_t(-100000));
    QCOMPARE(t->items[3]->asInt(), int64_t(65535));
    QCOMPARE(t->items[4]->asInt(), std::numeric_limits<int64_t>::min());
    QCOMPARE(t->items[5]->kind, PickleKind::BigInt);
    QCOMPARE(int(t->items[5]->text.size()), 10);
  }

  void memoSharesObjects() {
    // [d, d] where d = {} is memoised: both items are one object, as in Python.
    PickleBytes p;
    p.proto().op(']').op('(').op('}').binput(5).binget(5).op('e').op('.');
    const PickleValuePtr list = parse(p.b);
    QCOMPARE(int(list->items.size()), 2);
    QVERIFY(list->items[0] == list->items[1]);
  }

  void singleAppendAndSetItem() {
    // {'only': [7]}: the two opcodes libtorch's unpickler lacks.
    PickleBytes p;
    p.proto().op('}').unicode("only").op(']').int1(7).op('a').op('s').op('.');
    const PickleValuePtr d = parse(p.b);
    QCOMPARE(d->find("only")->items.at(0)->asInt(), int64_t(7));
  }

  void parameterBecomesItsTensor() {
    PickleBytes p;
    p.proto().global("collections", "OrderedDict").binput(0).op(')').op('R').op('0');  // memo 0 = class
    p.global("torch._utils", "_rebuild_parameter");
    p.global("torch._utils", "_rebuild_tensor_v2").longBinput(1).op('0');
    p.op('(').tensor(1, "FloatStorage", "0", 108, {2, 3}, {3, 1}, 4).op(0x88).binget(0).op(')').op('R').op('t');
    p.op('R').op('.');
    const PickleValuePtr v = parse(p.b, fakeStorages());
    QVERIFY(v->isTensor());
    QVERIFY(torch::equal(v->tensor, torch::arange(4, 10, torch::kFloat32).view({2, 3})));
  }

  void python2OrderedDict() {
    // OrderedDict([['a', 1], ['b', 2]]) with SHORT_BINSTRING keys, then BUILD {'_metadata': None}.
    PickleBytes p;
    p.proto().global("collections", "OrderedDict");
    p.op(']').op('(');
    p.op(']').op('(').op('U').le(1, 1).raw("a").int1(1).op('e');
    p.op(']').op('(').op('U').le(1, 1).raw("b").int1(2).op('e');
    p.op('e').op(0x85).op('R');
    p.op('}').op('U').le(9, 1).raw("_metadata").op('N').op('s').op('b').op('.');
    const PickleValuePtr d = parse(p.b);
    QVERIFY(d->ordered);
    QCOMPARE(d->find("a")->asInt(), int64_t(1));
    QCOMPARE(d->find("b")->asInt(), int64_t(2));
  }

  void protocol4Opcodes() {
    PickleBytes p;
    p.proto(4).op(0x95).le(0, 8);  // FRAME
    p.op(0x8c).le(11, 1).raw("collections").op(0x94);  // SHORT_BINUNICODE + MEMOIZE
    p.op(0x8c).le(11, 1).raw("OrderedDict").op(0x94);
    p.op(0x93).op(0x94).op(')').op('R').op(0x94);       // STACK_GLOBAL, call
    p.op(0x8c).le(1, 1).raw("k").op('C').le(3, 1).raw("xyz").op('s').op('.');
    const PickleValuePtr d = parse(p.b);
    QVERIFY(d->ordered);
    QCOMPARE(d->find("k")->kind, PickleKind::Bytes);
    QCOMPARE(QString::fromStdString(d->find("k")->text), QString("xyz"));
  }

  void numpyScalarIsOpaqueAndBytesDecode() {
    // numpy.core.multiarray.scalar(dtype('f8'), _codecs.encode('<8 latin-1 chars>', 'latin1')), 0.25.
    const double value = 0.25;
    std::string raw(8, '\0');
    std::memcpy(raw.data(), &value, 8);
    std::string latin1AsUtf8;
    for (unsigned char c : raw) {
      if (c < 0x80) latin1AsUtf8.push_back(static_cast<char>(c));
      else latin1AsUtf8 += std::string{static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
    }
    PickleBytes p;
    p.proto().global("numpy.core.multiarray", "scalar");
    p.global("numpy", "dtype").unicode("f8").op(0x89).op(0x88).op(0x87).op('R');
    p.op('(').int1(3).unicode("<").op('N').op('N').op('N').op('J').le(0xFFFFFFFF, 4).op('J').le(0xFFFFFFFF, 4).int1(0).op('t').op('b');
    p.global("_codecs", "encode").unicode(latin1AsUtf8).unicode("latin1").op(0x86).op('R');
    p.op(0x86).op('R').op('.');
    const PickleValuePtr v = parse(p.b);
    QCOMPARE(v->kind, PickleKind::Object);
    QCOMPARE(QString::fromStdString(v->text), QString("numpy.core.multiarray scalar"));
    QCOMPARE(v->items.at(0)->kind, PickleKind::Object);
    QVERIFY(v->items.at(0)->state);  // dtype's BUILD state kept
    const PickleValuePtr bytes = v->items.at(1);
    QCOMPARE(bytes->kind, PickleKind::Bytes);
    QCOMPARE(int(bytes->text.size()), 8);
    double decoded;
    std::memcpy(&decoded, bytes->text.data(), 8);
    QCOMPARE(decoded, 0.25);
  }

  void twoPicklesBackToBack() {
    PickleBytes p;
    p.proto().int1(1).op('.').proto().int1(2).op('.');
    PickleReader r(p.b.data(), p.b.size(), "two");
    QCOMPARE(r.readOne()->asInt(), int64_t(1));
    QCOMPARE(r.readOne()->asInt(), int64_t(2));
    QCOMPARE(r.position(), p.b.size());
    QVERIFY_EXCEPTION_THROWN(r.readOne(), arml::InputError);
  }

  void everyTruncationIsAnInputError() {
    const auto full = arml::test::stateDictExcerpt();
    for (std::size_t n = 0; n < full.size(); ++n) {
      std::vector<unsigned char> cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
      if (!throwsInputError(cut)) QFAIL(qPrintable(QString("prefix of %1 bytes was accepted").arg(n)));
    }
  }

  void malformedStreamsAreInputErrors() {
    QString msg;
    PickleBytes unknown;
    unknown.proto().op(0xFF);
    QVERIFY(throwsInputError(unknown.b, &msg));
    QVERIFY2(msg.contains("unknown opcode 0xff"), qPrintable(msg));
    QVERIFY2(msg.startsWith("test.pkl: "), qPrintable(msg));

    PickleBytes underflow;
    underflow.proto().op('R').op('.');
    QVERIFY(throwsInputError(underflow.b, &msg));
    QVERIFY2(msg.contains("underflow"), qPrintable(msg));

    PickleBytes appendToDict;
    appendToDict.proto().op('}').int1(1).op('a').op('.');
    QVERIFY(throwsInputError(appendToDict.b));

    PickleBytes missingMemo;
    missingMemo.proto().binget(9).op('.');
    QVERIFY(throwsInputError(missingMemo.b, &msg));
    QVERIFY2(msg.contains("memo"), qPrintable(msg));

    PickleBytes hugeString;
    hugeString.proto().op('X').le(0xFFFFFFF0u, 4).raw("abc");
    QVERIFY(throwsInputError(hugeString.b));

    PickleBytes protocol9;
    protocol9.proto(9).op('N').op('.');
    QVERIFY(throwsInputError(protocol9.b));

    PickleBytes noProto;
    noProto.op('N').op('.');
    QVERIFY(throwsInputError(noProto.b));

    // A tensor view reaching past its storage (108 elements).
    PickleBytes outside;
    outside.proto().global("collections", "OrderedDict").binput(0).op('0');
    outside.global("torch._utils", "_rebuild_tensor_v2").longBinput(1).op('0');
    outside.tensor(1, "FloatStorage", "0", 108, {10, 11}, {11, 1});
    outside.op('.');
    QVERIFY(throwsInputError(outside.b, &msg));
    QVERIFY2(msg.contains("outside its storage"), qPrintable(msg));

    // A persistent id with no loader.
    PickleBytes pid;
    pid.proto().unicode("x").op('Q').op('.');
    try {
      parse(pid.b);
      QFAIL("accepted BINPERSID without a loader");
    } catch (const arml::InputError&) {
    }
  }

  // Between them the opcode families of the unpickler (pickle_opcodes.cpp) know exactly these
  // opcodes: each one alone after PROTO fails for a reason of its own, every other byte as unknown.
  void everyOpcodeBelongsToOneFamily() {
    const std::string known = "(.012JKMNQRTUXabcd}ehjl]qrstu)GBCio";
    const std::vector<int> knownHigh = {0x80, 0x81, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c,
                                        0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95};
    for (int op = 0; op < 256; ++op) {
      const bool isKnown = (op > 0 && known.find(static_cast<char>(op)) != std::string::npos) ||
                           std::find(knownHigh.begin(), knownHigh.end(), op) != knownHigh.end();
      PickleBytes alone;
      alone.proto().op(static_cast<unsigned char>(op));
      QString msg;
      QVERIFY2(throwsInputError(alone.b, &msg), qPrintable(QString("opcode 0x%1 alone was accepted").arg(op, 0, 16)));
      QVERIFY2(msg.contains("unknown opcode") == !isKnown, qPrintable(QString("opcode 0x%1: ").arg(op, 0, 16) + msg));
    }
  }

  void unsafeGlobalsRefuseTheWholePickle() {
    // What PyTorch's weights_only loader calls "unsupported global": refused wherever it appears,
    // by GLOBAL, STACK_GLOBAL or INST, with or without a REDUCE; nothing is ever run.
    const std::string marker = (std::filesystem::temp_directory_path() / "arml_pickle_marker").string();
    std::filesystem::remove(marker);
    QString msg;
    PickleBytes system;  // {'w': posix.system('touch <marker>')}
    system.proto().op('}').unicode("w").global("posix", "system").unicode("touch " + marker).op(0x85).op('R');
    system.op('s').op('.');
    QVERIFY(throwsInputError(system.b, &msg));
    QVERIFY2(msg.startsWith("test.pkl: ") && msg.contains("unsupported global posix.system"), qPrintable(msg));
    QVERIFY(!std::filesystem::exists(marker));

    PickleBytes stackEval;  // STACK_GLOBAL builtins.eval, protocol 4
    stackEval.proto(4).op(0x8c).le(8, 1).raw("builtins").op(0x8c).le(4, 1).raw("eval").op(0x93);
    stackEval.op(0x8c).le(3, 1).raw("1+1").op(0x85).op('R').op('.');
    QVERIFY(throwsInputError(stackEval.b, &msg));
    QVERIFY2(msg.contains("unsupported global builtins.eval"), qPrintable(msg));

    PickleBytes referenceOnly;  // naming it is enough, even without calling it
    referenceOnly.proto().op(']').global("os", "system").op('a').op('.');
    QVERIFY(throwsInputError(referenceOnly.b, &msg));
    QVERIFY2(msg.contains("unsupported global os.system"), qPrintable(msg));

    PickleBytes inst;  // protocol 0 INST
    inst.proto().op('(').unicode("ls").op('i').raw("subprocess\nPopen\n").op('.');
    QVERIFY(throwsInputError(inst.b, &msg));
    QVERIFY2(msg.contains("unsupported global subprocess.Popen"), qPrintable(msg));

    // After a valid state dict: the excerpt with one more SETITEM whose value is builtins.eval(...).
    auto tail = arml::test::stateDictExcerpt();
    tail.pop_back();  // STOP
    PickleBytes evil;
    evil.b = tail;
    evil.op('0').binget(1).unicode("x").global("builtins", "eval").unicode("0").op(0x85).op('R').op('s').op('.');
    QVERIFY(throwsInputError(evil.b, &msg));
    QVERIFY2(msg.contains("unsupported global builtins.eval"), qPrintable(msg));

    // The data-only globals of real checkpoints stay allowed (see also numpyScalarIsOpaqueAndBytesDecode).
    PickleBytes device;
    device.proto().global("torch", "device").unicode("cuda:0").op(0x85).op('R').op('.');
    QCOMPARE(parse(device.b)->kind, PickleKind::Object);
  }

  void deepNestingIsFreedWithoutRecursion() {
    // 300,000 nested lists (600 KB): reading and freeing must not overflow the stack.
    PickleBytes p;
    p.proto();
    const int depth = 300000;
    for (int i = 0; i < depth; ++i) p.op(']');
    for (int i = 1; i < depth; ++i) p.op('a');
    p.op('.');
    PickleValuePtr v = parse(p.b);
    QCOMPARE(v->kind, PickleKind::List);
    v.reset();  // the destructor walks the chain iteratively
  }

  void referenceCyclesAreRefused() {
    QString msg;
    PickleBytes selfList;  // l = []; l.append(l)
    selfList.proto().op(']').binput(0).binget(0).op('a').op('.');
    QVERIFY(throwsInputError(selfList.b, &msg));
    QVERIFY2(msg.contains("reference cycle"), qPrintable(msg));

    PickleBytes dictLoop;  // d = {}; d['model'] = [d]  (would make the state-dict descent loop)
    dictLoop.proto().op('}').binput(0).unicode("model").op(']').binget(0).op('a').op('s').op('.');
    QVERIFY(throwsInputError(dictLoop.b, &msg));
    QVERIFY2(msg.contains("reference cycle"), qPrintable(msg));
  }

  void manyDictKeysReadInLinearTime() {
    PickleBytes p;
    p.proto().op('}').op('(');
    const int keys = 200000;
    for (int i = 0; i < keys; ++i) p.unicode("k" + std::to_string(i)).int1(i & 0xFF);
    p.unicode("k7").int1(99);  // a repeated key replaces the first value in place
    p.op('u').op('.');
    const auto start = std::chrono::steady_clock::now();
    const PickleValuePtr d = parse(p.b);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    QCOMPARE(int(d->entries.size()), keys);
    QCOMPARE(d->entries[7].second->asInt(), int64_t(99));
    QVERIFY2(seconds < 5, qPrintable(QString("took %1 s").arg(seconds)));  // quadratic took minutes
  }

  void overflowingTensorShapesAreRefused() {
    // sizes (2^40, 2^40) stride (1, 1): the element count overflows int64 when multiplied naively.
    QString msg;
    PickleBytes p;
    p.proto().global("collections", "OrderedDict").binput(0).op('0');
    p.global("torch._utils", "_rebuild_tensor_v2").binput(1).op('0');
    p.binget(1).op('(');
    p.op('(').unicode("storage").global("torch", "FloatStorage").unicode("0").unicode("cpu").int1(108).op('t').op('Q');
    p.int1(0);
    p.op(0x8a).le(6, 1).le(std::uint64_t(1) << 40, 6).op(0x8a).le(6, 1).le(std::uint64_t(1) << 40, 6).op(0x86);
    p.int1(1).int1(1).op(0x86);
    p.op(0x89).op(')').op('t').op('R').op('.');
    QVERIFY(throwsInputError(p.b, &msg));
    QVERIFY2(msg.contains("absurd") || msg.contains("outside its storage"), qPrintable(msg));
  }

  void truncationSaysTruncated() {
    const auto full = arml::test::stateDictExcerpt();
    QString msg;
    QVERIFY(throwsInputError(std::vector<unsigned char>(full.begin(), full.begin() + 40), &msg));
    QVERIFY2(msg.contains("truncated or damaged"), qPrintable(msg));
    QVERIFY(throwsInputError(std::vector<unsigned char>(full.begin(), full.end() - 1), &msg));
    QVERIFY2(msg.contains("before the pickle's STOP") && msg.contains("truncated"), qPrintable(msg));
  }

  void randomBytesNeverCrash() {
    std::mt19937 rng(1234);
    const auto base = arml::test::stateDictExcerpt();
    int accepted = 0;
    for (int trial = 0; trial < 3000; ++trial) {
      std::vector<unsigned char> b;
      if (trial % 2 == 0) {
        b = {0x80, 0x02};
        const int n = 1 + static_cast<int>(rng() % 64);
        for (int i = 0; i < n; ++i) b.push_back(static_cast<unsigned char>(rng()));
      } else {  // the valid stream with a few corrupted bytes
        b = base;
        for (int k = 0; k < 3; ++k) b[2 + rng() % (b.size() - 2)] = static_cast<unsigned char>(rng());
      }
      try {
        parse(b, fakeStorages());
        ++accepted;
      } catch (const arml::InputError&) {
      }
    }
    QVERIFY(accepted < 3000);
  }
};

QTEST_APPLESS_MAIN(TestPickleReader)
#include "test_pickle_reader.moc"
