#pragma once
// Byte-level builders for pickle streams written by hand in the weight-import tests, following the
// annotated torch.save excerpt of weight-formats.md §1.3 (so the tests do not depend on our writer).
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace arml::test {

struct PickleBytes {
  std::vector<unsigned char> b;

  PickleBytes& op(unsigned char c) { b.push_back(c); return *this; }
  PickleBytes& le(std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) b.push_back(static_cast<unsigned char>((v >> (8 * i)) & 0xFF));
    return *this;
  }
  PickleBytes& raw(const std::string& s) { b.insert(b.end(), s.begin(), s.end()); return *this; }
  PickleBytes& proto(int p = 2) { return op(0x80).le(static_cast<std::uint64_t>(p), 1); }
  PickleBytes& unicode(const std::string& s) { return op('X').le(s.size(), 4).raw(s); }
  PickleBytes& global(const std::string& m, const std::string& n) { return op('c').raw(m + "\n" + n + "\n"); }
  PickleBytes& int1(int v) { return op('K').le(static_cast<std::uint64_t>(v), 1); }
  PickleBytes& int2(int v) { return op('M').le(static_cast<std::uint64_t>(v), 2); }
  PickleBytes& binput(int i) { return op('q').le(static_cast<std::uint64_t>(i), 1); }
  PickleBytes& binget(int i) { return op('h').le(static_cast<std::uint64_t>(i), 1); }
  PickleBytes& longBinput(std::uint32_t i) { return op('r').le(i, 4); }
  PickleBytes& longBinget(std::uint32_t i) { return op('j').le(i, 4); }
  PickleBytes& binfloat(double d) {
    std::uint64_t bits;
    std::memcpy(&bits, &d, 8);
    op('G');
    for (int i = 7; i >= 0; --i) b.push_back(static_cast<unsigned char>((bits >> (8 * i)) & 0xFF));
    return *this;
  }
  // A tensor via _rebuild_tensor_v2, the rebuild function fetched from memo `rebuildMemo`
  // (LONG_BINGET) and the OrderedDict class from memo 0 (as torch.save writes it).
  PickleBytes& tensor(std::uint32_t rebuildMemo, const std::string& storageClass, const std::string& key, int numel,
                      const std::vector<int>& size, const std::vector<int>& stride, int offset = 0,
                      bool legacyPid = false) {
    longBinget(rebuildMemo);
    op('(');  // args
    op('(').unicode("storage").global("torch", storageClass).unicode(key).unicode("cpu").int2(numel);
    if (legacyPid) op('N');  // view_metadata None (6-tuple of the legacy format)
    op('t').op('Q');
    int1(offset);
    op('(');
    for (int s : size) int1(s);
    op('t');
    op('(');
    for (int s : stride) int1(s);
    op('t');
    op(0x89);                        // requires_grad False
    binget(0).op(')').op('R');       // backward hooks: OrderedDict()
    op('t').op('R');
    return *this;
  }
};

// The §1.3 state_dict excerpt, extended: OrderedDict root (memo 0 = class, 1 = root) with a
// MARK ... SETITEMS batch holding
//   'conv.weight'           FloatStorage '0', 108 floats, size (4,3,3,3), stride (27,9,3,1)
//   'bn.num_batches_tracked' LongStorage '1', 0-d
//   'big'                   LONG1 of 6 bytes = 2**40
// then 'lr' -> BINFLOAT 0.5 as a single SETITEM, then the `_metadata` BUILD.
// The rebuild function is memoised with LONG_BINPUT 300 and re-fetched with LONG_BINGET.
inline std::vector<unsigned char> stateDictExcerpt() {
  PickleBytes p;
  p.proto(2).global("collections", "OrderedDict").binput(0).op(')').op('R').binput(1);
  p.op('(');
  p.unicode("conv.weight");
  p.global("torch._utils", "_rebuild_tensor_v2").longBinput(300).op('0');  // memoise, then POP
  p.tensor(300, "FloatStorage", "0", 108, {4, 3, 3, 3}, {27, 9, 3, 1});
  p.unicode("bn.num_batches_tracked");
  p.tensor(300, "LongStorage", "1", 1, {}, {});
  p.unicode("big").op(0x8a).le(6, 1).le(std::uint64_t(1) << 40, 6);
  p.op('u');
  p.unicode("lr").binfloat(0.5).op('s');
  // instance __dict__ = {'_metadata': OrderedDict({'': {'version': 1}})}
  p.op('}').unicode("_metadata").binget(0).op(')').op('R');
  p.op('(').unicode("").op('}').unicode("version").int1(1).op('s').op('u');
  p.op('s').op('b').op('.');
  return p.b;
}

}  // namespace arml::test
