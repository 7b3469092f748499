#include <QtTest>

#include <ATen/ATen.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/atomic_file.h"
#include "core/cancel_token.h"
#include "core/errors.h"
#include "data/dataset.h"
#include "data/image_io.h"
#include "data/synthetic_dataset.h"
#include "tensors/batch_loader.h"
#include "test_paths.h"

using namespace arml::data;
namespace fs = std::filesystem;

class TestBatchLoader : public QObject {
  Q_OBJECT

  fs::path root_;
  std::vector<LoaderItem> items_;

  static BatchLoaderOptions opts(int workers, std::uint64_t seed = 7) {
    BatchLoaderOptions o;
    o.batchSize = 4;
    o.workers = workers;
    o.seed = seed;
    o.augmentation = Augmentation::Stage1;
    o.patchSize = 40;
    return o;
  }

  static std::vector<Batch> epoch(BatchLoader& l, int e) {
    std::vector<Batch> out;
    l.startEpoch(e);
    while (auto b = l.next(arml::CancelToken())) out.push_back(std::move(*b));
    return out;
  }

  static bool same(const std::vector<Batch>& a, const std::vector<Batch>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i].indices != b[i].indices || !at::equal(a[i].images, b[i].images) || !at::equal(a[i].labels, b[i].labels))
        return false;
    return true;
  }

private Q_SLOTS:
  void initTestCase() {
    root_ = arml::test::scratchDir("data_loader");
    SyntheticOptions so;
    so.train = 14;
    so.val = 3;
    so.test = 0;
    so.patchSize = 48;  // resized to 40 by the loader
    so.seed = 3;
    writeSyntheticDataset(root_, so, arml::CancelToken());
    items_ = loaderItems(Dataset::open(root_).train());
  }

  void shapesAndValues() {
    BatchLoader l(items_, opts(2));
    QCOMPARE(l.batchesPerEpoch(), std::int64_t(3));  // 14 / 4, last 2 dropped
    const auto batches = epoch(l, 0);
    QCOMPARE(batches.size(), std::size_t(3));
    const Batch& b = batches[0];
    QCOMPARE(b.images.sizes(), (at::IntArrayRef{4, 3, 40, 40}));
    QCOMPARE(b.images.scalar_type(), at::kFloat);
    QVERIFY(b.images.min().item<float>() >= 0.0f && b.images.max().item<float>() <= 1.0f);
    QVERIFY(b.images.max().item<float>() > 0.5f);  // RGB/255, not ImageNet-normalised
    QCOMPARE(b.labels.sizes(), (at::IntArrayRef{4, 4}));
    QVERIFY(!b.masks.defined());
    QCOMPARE(b.paths.size(), std::size_t(4));
    for (std::size_t i = 0; i < 4; ++i) {
      QCOMPARE(b.paths[i], items_[std::size_t(b.indices[i])].image.string());
      for (int c = 0; c < 4; ++c)
        QCOMPARE(b.labels[long(i)][c].item<float>(), items_[std::size_t(b.indices[i])].label[std::size_t(c)]);
    }
    // Every index at most once per epoch.
    std::set<std::int64_t> seen;
    for (const auto& x : batches) seen.insert(x.indices.begin(), x.indices.end());
    QCOMPARE(seen.size(), std::size_t(12));
    BatchLoaderOptions keep = opts(1);
    keep.dropLast = false;
    BatchLoader all(items_, keep);
    const auto allBatches = epoch(all, 0);
    QCOMPARE(allBatches.size(), std::size_t(4));
    QCOMPARE(allBatches.back().images.size(0), std::int64_t(2));
  }

  void deterministicAcrossRunsAndWorkerCounts() {
    BatchLoader a(items_, opts(2)), b(items_, opts(2)), one(items_, opts(1)), inline0(items_, opts(0));
    for (int e : {0, 1}) {
      const auto ea = epoch(a, e);
      QVERIFY(same(ea, epoch(b, e)));
      QVERIFY(same(ea, epoch(one, e)));
      QVERIFY(same(ea, epoch(inline0, e)));
    }
    // A new epoch reshuffles and re-augments; another seed differs.
    QVERIFY(a.epochOrder(0) != a.epochOrder(1));
    BatchLoader other(items_, opts(2, 8));
    QVERIFY(!same(epoch(a, 0), epoch(other, 0)));
    // Restarting an epoch mid-way gives the full epoch again.
    a.startEpoch(0);
    a.next(arml::CancelToken());
    QVERIFY(same(epoch(a, 0), epoch(b, 0)));
  }

  // Data parallel: rank r of 2 builds only its rows of each global batch (3 + 2 of a tail of 5, 1 + 0
  // of a tail of 1), and the ranks' rows together are the unsliced batch, row for row.
  void ranksBuildTheirRowsOfTheSameBatches() {
    for (const int batchSize : {5, 1}) {
      BatchLoaderOptions whole = opts(2);
      whole.batchSize = batchSize;
      whole.dropLast = false;  // 14 items: a tail of 4 (batch 5); batch 1 has only one-row batches
      BatchLoader all(items_, whole);
      std::vector<std::vector<Batch>> ranks;
      for (const int rank : {0, 1}) {
        BatchLoaderOptions mine = whole;
        mine.rowsOfRank = [rank](std::int64_t n) {
          const std::int64_t first = (n + 1) / 2;  // rank 0 takes the extra row
          return rank == 0 ? BatchRows{0, first} : BatchRows{first, n - first};
        };
        BatchLoader l(items_, mine);
        ranks.push_back(epoch(l, 1));
      }
      const auto expected = epoch(all, 1);
      QCOMPARE(ranks[0].size(), expected.size());
      QCOMPARE(ranks[1].size(), expected.size());
      for (std::size_t b = 0; b < expected.size(); ++b) {
        const Batch& r0 = ranks[0][b];
        const Batch& r1 = ranks[1][b];
        const std::int64_t n = expected[b].images.size(0);
        QCOMPARE(r0.globalSize, n);
        QCOMPARE(r1.globalSize, n);
        QCOMPARE(r0.sliceBegin, std::int64_t(0));
        QCOMPARE(r1.sliceBegin, r0.images.size(0));
        QCOMPARE(r0.images.size(0) + r1.images.size(0), n);
        QVERIFY(at::equal(at::cat({r0.images, r1.images}), expected[b].images));
        QVERIFY(at::equal(at::cat({r0.labels, r1.labels}), expected[b].labels));
        std::vector<std::int64_t> indices = r0.indices;
        indices.insert(indices.end(), r1.indices.begin(), r1.indices.end());
        QCOMPARE(indices, expected[b].indices);
        QCOMPARE(r0.paths.size() + r1.paths.size(), std::size_t(n));
      }
      if (batchSize == 1) {  // rank 1's slice of a one-image batch: zero rows, shaped like the batch
        QCOMPARE(ranks[1][0].images.sizes(), (at::IntArrayRef{0, 3, 40, 40}));
        QCOMPARE(ranks[1][0].labels.sizes(), (at::IntArrayRef{0, 4}));
        QVERIFY(ranks[1][0].indices.empty());
      }
    }
  }

  void rowsOutsideTheBatchAreAnError() {
    BatchLoaderOptions o = opts(0);
    o.rowsOfRank = [](std::int64_t n) { return BatchRows{1, n}; };
    BatchLoader l(items_, o);
    l.startEpoch(0);
    QVERIFY_THROWS_EXCEPTION(arml::RuntimeFailure, l.next(arml::CancelToken()));
  }

  void masksAreResizedWithNearest() {
    const auto val = loaderItems(Dataset::open(root_).masked("val"));
    BatchLoaderOptions o = opts(2);
    o.shuffle = false;
    o.augmentation = Augmentation::Stage2;
    o.batchSize = 3;
    BatchLoader l(val, o);
    const auto bs = epoch(l, 0);
    QCOMPARE(bs.size(), std::size_t(1));
    const at::Tensor m = bs[0].masks;
    QCOMPARE(m.sizes(), (at::IntArrayRef{3, 40, 40}));
    QCOMPARE(m.scalar_type(), at::kLong);
    QVERIFY(m.min().item<std::int64_t>() >= 0 && m.max().item<std::int64_t>() <= 4);
    QVERIFY(!bs[0].labels.defined());
  }

  void realImagesOfOtherSizes() {
    ARML_REQUIRE_SHARED(root, "data/wsss4luad");
    const Dataset d = Dataset::open(root);
    BatchLoaderOptions o;
    o.batchSize = 2;
    o.workers = 2;
    o.shuffle = false;
    BatchLoader l(loaderItems(d.masked("val")), o);
    l.startEpoch(0);
    const Batch b = *l.next(arml::CancelToken());
    QCOMPARE(b.images.sizes(), (at::IntArrayRef{2, 3, 224, 224}));
    // Nearest-neighbour: only indices of the original mask (0..3), no blends.
    QVERIFY(b.masks.max().item<std::int64_t>() <= 3);
    // Native size with batch 1.
    o.patchSize = 0;
    o.batchSize = 1;
    BatchLoader n(loaderItems(d.masked("val")), o);
    n.startEpoch(0);
    QCOMPARE(n.next(arml::CancelToken())->images.sizes(), (at::IntArrayRef{1, 3, 273, 266}));
    // Native size with batch 2 of different sizes: InputError.
    o.batchSize = 2;
    BatchLoader bad(loaderItems(d.masked("val")), o);
    bad.startEpoch(0);
    QVERIFY_THROWS_EXCEPTION(arml::InputError, bad.next(arml::CancelToken()));
  }

  void decodingErrorsNameTheFile() {
    std::vector<LoaderItem> items = items_;
    const fs::path broken = root_ / "broken.png";
    const auto bytes = arml::readFileBytes(items_[0].image);
    std::ofstream(broken, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size() / 2));
    items[5].image = broken;
    BatchLoaderOptions o = opts(2);
    o.shuffle = false;
    BatchLoader l(items, o);
    l.startEpoch(0);
    QVERIFY(l.next(arml::CancelToken()).has_value());  // items 0..3
    try {
      l.next(arml::CancelToken());  // items 4..7
      QFAIL("expected InputError");
    } catch (const arml::InputError& e) {
      QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(broken.string())), e.what());
    }
  }

  void honoursCancel() {
    BatchLoader l(items_, opts(2));
    l.startEpoch(0);
    arml::CancelToken cancel;
    cancel.cancel();
    QVERIFY_THROWS_EXCEPTION(arml::Cancelled, l.next(cancel));
  }
};

QTEST_APPLESS_MAIN(TestBatchLoader)
#include "test_batch_loader.moc"
