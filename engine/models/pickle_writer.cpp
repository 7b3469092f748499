#include "models/pickle_writer.h"

#include <ATen/ATen.h>

#include <cstring>
#include <map>
#include <stdexcept>

#include "models/torch_storage_types.h"

namespace arml::models {

namespace {

constexpr std::size_t kBatch = 1000;  // pickle's APPENDS/SETITEMS batch size

class Encoder {
public:
  TorchPickle result;

  void encodeRoot(const PickleValue& v) {
    op(0x80);
    out().push_back(2);
    encode(v);
    op('.');
  }

private:
  std::string& out() { return result.bytes; }
  void op(unsigned char c) { out().push_back(static_cast<char>(c)); }
  void le(std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out().push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  void global(const std::string& module, const std::string& name) {
    op('c');
    out() += module + "\n" + name + "\n";
  }
  void str(const std::string& s) {
    op('X');
    le(s.size(), 4);
    out() += s;
  }
  void integer(std::int64_t v) {
    if (v >= 0 && v < 256) {
      op('K');
      le(static_cast<std::uint64_t>(v), 1);
    } else if (v >= 0 && v < 65536) {
      op('M');
      le(static_cast<std::uint64_t>(v), 2);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      op('J');
      le(static_cast<std::uint32_t>(static_cast<std::int32_t>(v)), 4);
    } else {
      // LONG1 with all 8 bytes: valid for Python, and the only length libtorch's unpickler reads.
      std::uint64_t u;
      std::memcpy(&u, &v, sizeof u);
      op(0x8a);
      le(8, 1);
      le(u, 8);
    }
  }
  void tupleOf(const std::vector<std::int64_t>& ints) {
    if (ints.empty()) {
      op(')');
      return;
    }
    op('(');
    for (auto i : ints) integer(i);
    op('t');
  }
  void emptyOrderedDict() {
    global("collections", "OrderedDict");
    op(')');
    op('R');
  }

  void tensor(const at::Tensor& input) {
    if (!input.defined()) throw std::invalid_argument("cannot save an undefined tensor");
    const at::Tensor t = input.device().is_cpu() ? input : input.cpu();
    const auto cls = storageClassOfDtype(t.scalar_type());
    if (!cls) throw std::invalid_argument(std::string("cannot save tensors of dtype ") + c10::toString(t.scalar_type()));
    const c10::Storage& storage = t.storage();
    const void* id = storage.unsafeGetStorageImpl();
    auto it = keys_.find(id);
    if (it == keys_.end()) {
      it = keys_.emplace(id, std::to_string(keys_.size())).first;
      result.storages.emplace_back(it->second, storage);
    }
    const std::int64_t storageNumel = static_cast<std::int64_t>(storage.nbytes() / t.element_size());
    global("torch._utils", "_rebuild_tensor_v2");
    op('(');
    op('(');  // persistent id
    str("storage");
    global("torch", *cls);
    str(it->second);
    str("cpu");
    integer(storageNumel);
    op('t');
    op('Q');
    integer(t.storage_offset());
    tupleOf(t.sizes().vec());
    tupleOf(t.strides().vec());
    op(t.requires_grad() ? 0x88 : 0x89);
    emptyOrderedDict();  // backward hooks
    op('t');
    op('R');
  }

  void encode(const PickleValue& v) {
    switch (v.kind) {
      case PickleKind::None: op('N'); break;
      case PickleKind::Bool: op(v.boolean ? 0x88 : 0x89); break;
      case PickleKind::Int: integer(v.integer); break;
      case PickleKind::BigInt:
        if (v.text.size() < 256) {
          op(0x8a);
          le(v.text.size(), 1);
        } else {
          op(0x8b);
          le(v.text.size(), 4);
        }
        out() += v.text;
        break;
      case PickleKind::Float: {
        op('G');
        std::uint64_t bits;
        std::memcpy(&bits, &v.real, sizeof bits);
        for (int i = 7; i >= 0; --i) out().push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
        break;
      }
      case PickleKind::String: str(v.text); break;
      case PickleKind::Bytes: {
        // Protocol 2 has no bytes opcode; Python 3 writes _codecs.encode(latin-1 text, 'latin1').
        std::string utf8;
        for (unsigned char c : v.text) {
          if (c < 0x80) {
            utf8.push_back(static_cast<char>(c));
          } else {
            utf8.push_back(static_cast<char>(0xC0 | (c >> 6)));
            utf8.push_back(static_cast<char>(0x80 | (c & 0x3F)));
          }
        }
        global("_codecs", "encode");
        str(utf8);
        str("latin1");
        op(0x86);
        op('R');
        break;
      }
      case PickleKind::Tuple:
        if (v.items.empty()) {
          op(')');
        } else {
          op('(');
          for (const auto& item : v.items) encode(*item);
          op('t');
        }
        break;
      case PickleKind::List:
        op(']');
        for (std::size_t i = 0; i < v.items.size(); i += kBatch) {
          op('(');
          for (std::size_t j = i; j < v.items.size() && j < i + kBatch; ++j) encode(*v.items[j]);
          op('e');
        }
        break;
      case PickleKind::Dict:
        if (v.ordered) emptyOrderedDict();
        else op('}');
        for (std::size_t i = 0; i < v.entries.size(); i += kBatch) {
          op('(');
          for (std::size_t j = i; j < v.entries.size() && j < i + kBatch; ++j) {
            encode(*v.entries[j].first);
            encode(*v.entries[j].second);
          }
          op('u');
        }
        break;
      case PickleKind::Tensor: tensor(v.tensor); break;
      case PickleKind::Object: {
        const auto space = v.text.find(' ');
        if (space == std::string::npos) throw std::invalid_argument("cannot save object '" + v.text + "'");
        global(v.text.substr(0, space), v.text.substr(space + 1));
        encode(*PickleValue::tuple(v.items));
        op('R');
        if (v.state) {
          encode(*v.state);
          op('b');
        }
        break;
      }
      case PickleKind::Global:
      case PickleKind::Storage:
        throw std::invalid_argument(std::string("cannot save a bare ") + pickleKindName(v.kind));
    }
  }

  std::map<const void*, std::string> keys_;
};

}  // namespace

TorchPickle encodeTorchPickle(const PickleValue& root) {
  Encoder e;
  e.encodeRoot(root);
  return std::move(e.result);
}

}  // namespace arml::models
