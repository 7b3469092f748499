#include "models/pickle_reader.h"

#include <ATen/ATen.h>

#include <cstring>
#include <limits>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "core/errors.h"
#include "models/pickle_allowed_globals.h"
#include "models/pickle_machine.h"

namespace arml::models {

namespace pickle_detail {

namespace {

// Python's str.encode('latin1') of a UTF-8 string: each code point below 256 becomes one byte.
bool utf8ToLatin1(const std::string& in, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size();) {
    const unsigned char c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      i += 1;
    } else if ((c & 0xE0) == 0xC0 && i + 1 < in.size()) {
      const unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(in[i + 1]) & 0x3Fu);
      if (cp > 0xFF) return false;
      out.push_back(static_cast<char>(cp));
      i += 2;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

PickleValuePtr makeObject(std::string name, std::vector<PickleValuePtr> args) {
  auto v = std::make_shared<PickleValue>();
  v->kind = PickleKind::Object;
  v->text = std::move(name);
  v->items = std::move(args);
  return v;
}

void Machine::setItems(PickleValue& dict, const std::vector<PickleValuePtr>& kv) {
  if (dict.kind != PickleKind::Dict) fail(std::string("SETITEM(S) on a ") + pickleKindName(dict.kind));
  if (kv.size() % 2 != 0) fail("SETITEMS with an odd number of stack items");
  auto& index = dictIndex_[&dict];
  for (std::size_t i = 0; i < kv.size(); i += 2) {
    const PickleValuePtr& key = kv[i];
    // Python dict semantics: assigning an existing string/int key replaces the value in place.
    if (key->kind == PickleKind::String || key->kind == PickleKind::Int) {
      const std::string id = key->kind == PickleKind::String ? "s" + key->text : "i" + std::to_string(key->integer);
      const auto [it, isNew] = index.emplace(id, dict.entries.size());
      if (!isNew) {
        dict.entries[it->second].second = kv[i + 1];
        continue;
      }
    }
    dict.entries.emplace_back(key, kv[i + 1]);
  }
}

PickleValuePtr Machine::global(const std::string& module, const std::string& name) {
  if (!isAllowedPickleGlobal(module, name))
    fail("unsupported global " + module + "." + name +
         " (a weight file may only name tensor and container types; the whole file is refused and nothing in it "
         "was run)");
  auto g = std::make_shared<PickleValue>();
  g->kind = PickleKind::Global;
  g->text = module + " " + name;
  return g;
}

void Machine::unlinkAll() {
  for (const auto& c : containers_) {
    c->items.clear();
    c->entries.clear();
    c->state.reset();
  }
}

// Iterative depth-first search over the registered containers; a back edge is a cycle.
void Machine::failOnCycles() {
  enum Color : unsigned char { kWhite, kGrey, kBlack };
  std::unordered_map<const PickleValue*, Color> color;
  auto children = [](const PickleValue& v) {
    std::vector<const PickleValue*> out;
    for (const auto& item : v.items) out.push_back(item.get());
    for (const auto& [k, value] : v.entries) {
      out.push_back(k.get());
      out.push_back(value.get());
    }
    if (v.state) out.push_back(v.state.get());
    return out;
  };
  for (const auto& start : containers_) {
    if (color[start.get()] != kWhite) continue;
    std::vector<std::pair<const PickleValue*, std::vector<const PickleValue*>>> path;
    color[start.get()] = kGrey;
    path.emplace_back(start.get(), children(*start));
    while (!path.empty()) {
      auto& [node, rest] = path.back();
      if (rest.empty()) {
        color[node] = kBlack;
        path.pop_back();
        continue;
      }
      const PickleValue* next = rest.back();
      rest.pop_back();
      if (!next || (next->items.empty() && next->entries.empty() && !next->state)) continue;
      const Color c = color[next];
      if (c == kGrey) fail("the pickle contains a reference cycle (damaged or hostile file)");
      if (c == kWhite) {
        color[next] = kGrey;
        path.emplace_back(next, children(*next));
      }
    }
  }
}

std::int64_t Machine::intArg(const PickleValuePtr& v, const char* what) {
  if (!v || v->kind != PickleKind::Int) fail(std::string("tensor ") + what + " is not an int");
  return v->integer;
}

PickleValuePtr Machine::rebuildTensor(const PickleValue& args, bool v2) {
  if (args.kind != PickleKind::Tuple || args.items.size() < 4)
    fail(std::string(v2 ? "_rebuild_tensor_v2" : "_rebuild_tensor") + " needs at least 4 arguments");
  const PickleValuePtr& storage = args.items[0];
  if (!storage || storage->kind != PickleKind::Storage || !storage->tensor.defined())
    fail("tensor built from something that is not a storage");
  const std::int64_t offset = intArg(args.items[1], "offset");
  const PickleValuePtr& sizeTuple = args.items[2];
  const PickleValuePtr& strideTuple = args.items[3];
  if (!sizeTuple->isSequence() || !strideTuple->isSequence() || sizeTuple->items.size() != strideTuple->items.size())
    fail("tensor size and stride are not tuples of equal length");
  std::vector<std::int64_t> sizes, strides;
  constexpr std::int64_t kLimit = std::int64_t(1) << 40;
  if (sizeTuple->items.size() > 64) fail("tensor has more than 64 dimensions");
  std::int64_t numel = 1, lastIndex = 0;
  for (std::size_t i = 0; i < sizeTuple->items.size(); ++i) {
    const std::int64_t s = intArg(sizeTuple->items[i], "size");
    const std::int64_t st = intArg(strideTuple->items[i], "stride");
    if (s < 0 || st < 0 || s > kLimit || st > kLimit) fail("tensor has a negative or absurd size/stride");
    sizes.push_back(s);
    strides.push_back(st);
    if (s > 0 && numel > kLimit / s) fail("tensor has an absurd number of elements");
    numel *= s;
    if (s > 1 && st > 0) {
      if (s - 1 > (kLimit - lastIndex) / st) fail("tensor view reaches beyond any plausible storage");
      lastIndex += (s - 1) * st;
    }
  }
  const at::Tensor& base = storage->tensor;
  if (offset < 0 || offset > kLimit || (numel > 0 && offset + lastIndex >= base.numel()))
    fail("tensor view (offset " + std::to_string(offset) + ", last element " + std::to_string(offset + lastIndex) +
         ") lies outside its storage of " + std::to_string(base.numel()) + " elements");
  at::Tensor t = base.as_strided(sizes, strides, base.storage_offset() + offset);
  return PickleValue::fromTensor(t);
}

PickleValuePtr Machine::call(const PickleValuePtr& callable, const PickleValuePtr& args) {
  if (!args || args->kind != PickleKind::Tuple) fail("REDUCE arguments are not a tuple");
  const std::string name = callable->kind == PickleKind::Global ? callable->text : std::string();
  if (name == "collections OrderedDict") {
    auto dict = track(PickleValue::dict(true));
    if (!args->items.empty()) {
      // Python-2 files: OrderedDict([[k, v], ...]) with the items as the constructor argument.
      const PickleValuePtr& pairs = args->items[0];
      if (!pairs->isSequence()) fail("OrderedDict argument is not a list of pairs");
      std::vector<PickleValuePtr> kv;
      for (const auto& p : pairs->items) {
        if (!p->isSequence() || p->items.size() != 2) fail("OrderedDict item is not a pair");
        kv.push_back(p->items[0]);
        kv.push_back(p->items[1]);
      }
      setItems(*dict, kv);
    }
    return dict;
  }
  if (name == "torch._utils _rebuild_tensor_v2") return rebuildTensor(*args, true);
  if (name == "torch._utils _rebuild_tensor") return rebuildTensor(*args, false);
  if (name == "torch._utils _rebuild_parameter" || name == "torch._utils _rebuild_parameter_with_state") {
    if (args->items.empty() || !args->items[0]->isTensor()) fail("_rebuild_parameter without a tensor");
    return args->items[0];
  }
  if (name == "_codecs encode" && args->items.size() == 2 && args->items[0]->isString() &&
      args->items[1]->isString()) {
    const std::string& enc = args->items[1]->text;
    if (enc == "latin1" || enc == "latin-1" || enc == "iso-8859-1") {
      std::string bytes;
      if (!utf8ToLatin1(args->items[0]->text, bytes)) fail("_codecs.encode: string is not latin-1");
      return PickleValue::fromBytes(std::move(bytes));
    }
    if (enc == "utf-8" || enc == "utf8") return PickleValue::fromBytes(args->items[0]->text);
  }
  return newObject(name.empty() ? std::string("<call>") : name, args->items);
}

}  // namespace pickle_detail

using pickle_detail::kProto;
using pickle_detail::Machine;

PickleReader::PickleReader(const unsigned char* data, std::size_t size, std::string sourceName,
                           PersistentLoader loader)
    : data_(data), size_(size), source_(std::move(sourceName)), loader_(std::move(loader)) {}

PickleValuePtr PickleReader::readOne() {
  if (pos_ >= size_)
    throw InputError(source_, pos_ == 0 ? std::string("pickle data is empty")
                                        : "the data ends at byte " + std::to_string(pos_) +
                                              " where another pickle should start (truncated)");
  if (data_[pos_] != kProto) throw InputError(source_, "not a pickle stream (no PROTO opcode at byte " + std::to_string(pos_) + ")");
  Machine m(data_, size_, pos_, source_, loader_);
  PickleValuePtr v = m.run();
  pos_ = m.position();
  return v;
}

PickleValuePtr readPickle(const unsigned char* data, std::size_t size, const std::string& sourceName,
                          PersistentLoader loader) {
  PickleReader reader(data, size, sourceName, std::move(loader));
  return reader.readOne();
}

}  // namespace arml::models
