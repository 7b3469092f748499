#include "models/pickle_reader.h"

#include <ATen/ATen.h>

#include <cstring>
#include <limits>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "core/errors.h"
#include "models/pickle_allowed_globals.h"

namespace arml::models {

namespace {

enum Op : unsigned char {
  kMark = '(', kStop = '.', kPop = '0', kPopMark = '1', kDup = '2',
  kBinInt = 'J', kBinInt1 = 'K', kBinInt2 = 'M', kNone = 'N', kBinPersId = 'Q', kReduce = 'R',
  kBinString = 'T', kShortBinString = 'U', kBinUnicode = 'X', kAppend = 'a', kBuild = 'b', kGlobal = 'c',
  kDict = 'd', kEmptyDict = '}', kAppends = 'e', kBinGet = 'h', kLongBinGet = 'j', kList = 'l',
  kEmptyList = ']', kBinPut = 'q', kLongBinPut = 'r', kSetItem = 's', kTuple = 't', kEmptyTuple = ')',
  kSetItems = 'u', kBinFloat = 'G', kBinBytes = 'B', kShortBinBytes = 'C',
  kProto = 0x80, kNewObj = 0x81, kTuple1 = 0x85, kTuple2 = 0x86, kTuple3 = 0x87, kNewTrue = 0x88,
  kNewFalse = 0x89, kLong1 = 0x8a, kLong4 = 0x8b, kShortBinUnicode = 0x8c, kBinUnicode8 = 0x8d,
  kInst = 'i', kObj = 'o',
  kBinBytes8 = 0x8e, kEmptySet = 0x8f, kAddItems = 0x90, kFrozenSet = 0x91, kNewObjEx = 0x92,
  kStackGlobal = 0x93, kMemoize = 0x94, kFrame = 0x95,
};

PickleValuePtr makeObject(std::string name, std::vector<PickleValuePtr> args);

// One run of the unpickler over [pos, size). Holds the stack, the mark stack and the memo.
class Machine {
public:
  Machine(const unsigned char* data, std::size_t size, std::size_t pos, const std::string& source,
          const PersistentLoader& loader)
      : d_(data), size_(size), pos_(pos), source_(source), loader_(loader) {}
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;
  // After a failure the half-built values may reference each other in cycles; cut every link so
  // that they are freed (a finished run has been checked to be acyclic).
  ~Machine() {
    if (!finished_) unlinkAll();
  }

  PickleValuePtr run();
  std::size_t position() const { return pos_; }

private:
  [[noreturn]] void fail(const std::string& what) const {
    std::ostringstream msg;
    msg << "pickle at byte " << opStart_ << ": " << what;
    throw InputError(source_, msg.str());
  }

  void need(std::size_t n) {
    if (n > size_ - pos_) {
      if (pos_ == opStart_)
        fail("the data ends before the pickle's STOP opcode (truncated or damaged)");
      fail("the data ends at byte " + std::to_string(size_) + " in the middle of an opcode (truncated or damaged)");
    }
  }
  std::uint64_t readLE(std::size_t n) {
    need(n);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t(d_[pos_ + i]) << (8 * i);
    pos_ += n;
    return v;
  }
  std::string readBytes(std::uint64_t n) {
    if (n > size_ - pos_)
      fail("a string of " + std::to_string(n) + " bytes runs past the end of the data at byte " + std::to_string(size_) +
           " (truncated or damaged)");
    std::string s(reinterpret_cast<const char*>(d_ + pos_), static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return s;
  }
  std::string readLine() {
    const std::size_t start = pos_;
    while (pos_ < size_ && d_[pos_] != '\n') ++pos_;
    if (pos_ >= size_) fail("unterminated text operand at the end of the data (truncated or damaged)");
    std::string s(reinterpret_cast<const char*>(d_ + start), pos_ - start);
    ++pos_;
    return s;
  }

  void push(PickleValuePtr v) { stack_.push_back(std::move(v)); }
  PickleValuePtr pop() {
    if (stack_.size() <= floor()) fail("stack underflow");
    PickleValuePtr v = std::move(stack_.back());
    stack_.pop_back();
    return v;
  }
  PickleValuePtr& top() {
    if (stack_.size() <= floor()) fail("stack underflow");
    return stack_.back();
  }
  std::size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
  std::vector<PickleValuePtr> popToMark() {
    if (marks_.empty()) fail("no MARK on the stack");
    const std::size_t m = marks_.back();
    marks_.pop_back();
    std::vector<PickleValuePtr> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
    stack_.resize(m);
    return items;
  }
  void memoPut(std::uint64_t index) { memo_[index] = top(); }
  void memoGet(std::uint64_t index) {
    auto it = memo_.find(index);
    if (it == memo_.end()) fail("memo entry " + std::to_string(index) + " was never stored");
    push(it->second);
  }

  PickleValuePtr global(const std::string& module, const std::string& name);
  // Containers (tuple, list, dict, object) are registered so that cycles can be found and cut.
  PickleValuePtr track(PickleValuePtr v) {
    containers_.push_back(v);
    return v;
  }
  PickleValuePtr newObject(std::string name, std::vector<PickleValuePtr> args) {
    return track(makeObject(std::move(name), std::move(args)));
  }
  void failOnCycles();
  void unlinkAll();
  void setItems(PickleValue& dict, const std::vector<PickleValuePtr>& kv);
  PickleValuePtr call(const PickleValuePtr& callable, const PickleValuePtr& args);
  PickleValuePtr rebuildTensor(const PickleValue& args, bool v2);
  std::int64_t intArg(const PickleValuePtr& v, const char* what);

  const unsigned char* d_;
  std::size_t size_;
  std::size_t pos_;
  std::size_t opStart_ = 0;
  const std::string& source_;
  const PersistentLoader& loader_;
  std::vector<PickleValuePtr> stack_;
  std::vector<std::size_t> marks_;
  std::unordered_map<std::uint64_t, PickleValuePtr> memo_;
  std::vector<PickleValuePtr> containers_;
  // Per dict: key ("s" + text or "i" + number) -> entry index, so that filling a dict is linear.
  std::unordered_map<const PickleValue*, std::unordered_map<std::string, std::size_t>> dictIndex_;
  bool finished_ = false;
};

PickleValuePtr makeBigOrInt(const std::string& bytes) {
  if (bytes.empty()) return PickleValue::fromInt(0);
  if (bytes.size() <= 8) {
    std::uint64_t u = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) u |= std::uint64_t(static_cast<unsigned char>(bytes[i])) << (8 * i);
    const bool negative = static_cast<unsigned char>(bytes.back()) & 0x80;
    if (negative && bytes.size() < 8) u |= ~std::uint64_t(0) << (8 * bytes.size());  // sign-extend
    std::int64_t v;
    std::memcpy(&v, &u, sizeof v);
    return PickleValue::fromInt(v);
  }
  auto v = std::make_shared<PickleValue>();
  v->kind = PickleKind::BigInt;
  v->text = bytes;
  return v;
}

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

PickleValuePtr makeObject(std::string name, std::vector<PickleValuePtr> args) {
  auto v = std::make_shared<PickleValue>();
  v->kind = PickleKind::Object;
  v->text = std::move(name);
  v->items = std::move(args);
  return v;
}

}  // namespace

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

PickleValuePtr Machine::run() {
  while (true) {
    opStart_ = pos_;
    need(1);
    const unsigned char op = d_[pos_++];
    switch (op) {
      case kProto: {
        const auto proto = readLE(1);
        if (proto > 5) fail("unsupported pickle protocol " + std::to_string(proto));
        break;
      }
      case kFrame: readLE(8); break;
      case kStop: {
        PickleValuePtr result = pop();
        if (!marks_.empty()) fail("STOP with an open MARK");
        failOnCycles();
        finished_ = true;
        return result;
      }
      case kMark: marks_.push_back(stack_.size()); break;
      case kPop: pop(); break;
      case kPopMark: popToMark(); break;
      case kDup: push(top()); break;
      case kNone: push(PickleValue::none()); break;
      case kNewTrue: push(PickleValue::fromBool(true)); break;
      case kNewFalse: push(PickleValue::fromBool(false)); break;
      case kBinInt1: push(PickleValue::fromInt(static_cast<std::int64_t>(readLE(1)))); break;
      case kBinInt2: push(PickleValue::fromInt(static_cast<std::int64_t>(readLE(2)))); break;
      case kBinInt: push(PickleValue::fromInt(static_cast<std::int32_t>(readLE(4)))); break;
      case kLong1: push(makeBigOrInt(readBytes(readLE(1)))); break;
      case kLong4: {
        const auto n = static_cast<std::int32_t>(readLE(4));
        if (n < 0) fail("LONG4 with negative length");
        push(makeBigOrInt(readBytes(static_cast<std::uint64_t>(n))));
        break;
      }
      case kBinFloat: {
        need(8);
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | d_[pos_ + i];  // big-endian
        pos_ += 8;
        double v;
        std::memcpy(&v, &bits, sizeof v);
        push(PickleValue::fromDouble(v));
        break;
      }
      case kBinUnicode: push(PickleValue::fromString(readBytes(readLE(4)))); break;
      case kShortBinUnicode: push(PickleValue::fromString(readBytes(readLE(1)))); break;
      case kBinUnicode8: push(PickleValue::fromString(readBytes(readLE(8)))); break;
      case kShortBinString: push(PickleValue::fromString(readBytes(readLE(1)))); break;  // Python 2 str
      case kBinString: {
        const auto n = static_cast<std::int32_t>(readLE(4));
        if (n < 0) fail("BINSTRING with negative length");
        push(PickleValue::fromString(readBytes(static_cast<std::uint64_t>(n))));
        break;
      }
      case kShortBinBytes: push(PickleValue::fromBytes(readBytes(readLE(1)))); break;
      case kBinBytes: push(PickleValue::fromBytes(readBytes(readLE(4)))); break;
      case kBinBytes8: push(PickleValue::fromBytes(readBytes(readLE(8)))); break;
      case kEmptyDict: push(track(PickleValue::dict(false))); break;
      case kEmptyList: push(track(PickleValue::list())); break;
      case kEmptyTuple: push(PickleValue::tuple()); break;
      case kEmptySet: push(newObject("builtins set", {})); break;
      case kTuple: push(track(PickleValue::tuple(popToMark()))); break;
      case kTuple1: {
        auto a = pop();
        push(track(PickleValue::tuple({a})));
        break;
      }
      case kTuple2: {
        auto b = pop();
        auto a = pop();
        push(track(PickleValue::tuple({a, b})));
        break;
      }
      case kTuple3: {
        auto c = pop();
        auto b = pop();
        auto a = pop();
        push(track(PickleValue::tuple({a, b, c})));
        break;
      }
      case kList: push(track(PickleValue::list(popToMark()))); break;
      case kDict: {
        auto kv = popToMark();
        auto dict = track(PickleValue::dict(false));
        setItems(*dict, kv);
        push(dict);
        break;
      }
      case kFrozenSet: push(newObject("builtins frozenset", popToMark())); break;
      case kAppend: {
        auto v = pop();
        auto& list = top();
        if (list->kind != PickleKind::List) fail(std::string("APPEND to a ") + pickleKindName(list->kind));
        list->items.push_back(std::move(v));
        break;
      }
      case kAppends:
      case kAddItems: {
        auto items = popToMark();
        auto& target = top();
        const bool ok = op == kAppends ? target->kind == PickleKind::List
                                       : target->kind == PickleKind::Object;
        if (!ok) fail(std::string(op == kAppends ? "APPENDS to a " : "ADDITEMS to a ") + pickleKindName(target->kind));
        for (auto& v : items) target->items.push_back(std::move(v));
        break;
      }
      case kSetItem: {
        auto value = pop();
        auto key = pop();
        setItems(*top(), {key, value});
        break;
      }
      case kSetItems: {
        auto kv = popToMark();
        setItems(*top(), kv);
        break;
      }
      case kBinPut: memoPut(readLE(1)); break;
      case kLongBinPut: memoPut(readLE(4)); break;
      case kMemoize: memoPut(memo_.size()); break;
      case kBinGet: memoGet(readLE(1)); break;
      case kLongBinGet: memoGet(readLE(4)); break;
      case kGlobal: {
        const std::string module = readLine();
        const std::string name = readLine();
        push(global(module, name));
        break;
      }
      case kStackGlobal: {
        auto name = pop();
        auto module = pop();
        if (!module->isString() || !name->isString()) fail("STACK_GLOBAL operands are not strings");
        push(global(module->text, name->text));
        break;
      }
      case kInst: {  // protocol 0/1: class named inline, arguments up to the MARK
        const std::string module = readLine();
        const std::string name = readLine();
        const PickleValuePtr cls = global(module, name);
        push(newObject(cls->text, popToMark()));
        break;
      }
      case kObj: {  // protocol 1: MARK class args... OBJ
        auto items = popToMark();
        if (items.empty() || items[0]->kind != PickleKind::Global) fail("OBJ without a class");
        const std::string name = items[0]->text;
        items.erase(items.begin());
        push(newObject(name, std::move(items)));
        break;
      }
      case kReduce: {
        auto args = pop();
        auto callable = pop();
        push(call(callable, args));
        break;
      }
      case kNewObj: {
        auto args = pop();
        auto cls = pop();
        if (!args->isSequence()) fail("NEWOBJ arguments are not a tuple");
        if (cls->kind == PickleKind::Global && cls->text == "collections OrderedDict")
          push(track(PickleValue::dict(true)));
        else
          push(newObject(cls->kind == PickleKind::Global ? cls->text : "<call>", args->items));
        break;
      }
      case kNewObjEx: {
        pop();  // kwargs
        auto args = pop();
        auto cls = pop();
        if (!args->isSequence()) fail("NEWOBJ_EX arguments are not a tuple");
        push(newObject(cls->kind == PickleKind::Global ? cls->text : "<call>", args->items));
        break;
      }
      case kBuild: {
        auto state = pop();
        auto& target = top();
        // OrderedDict state is its __dict__ ({'_metadata': ...}); objects keep theirs. Loading weights
        // needs neither, but resume code may want to look at them.
        if (target->kind == PickleKind::Dict || target->kind == PickleKind::Object) target->state = state;
        break;
      }
      case kBinPersId: {
        auto pid = pop();
        if (!loader_) fail("persistent id (tensor storage) in a pickle read without a storage loader");
        push(loader_(pid));
        break;
      }
      default: {
        std::ostringstream msg;
        msg << "unknown opcode 0x" << std::hex << static_cast<int>(op);
        fail(msg.str());
      }
    }
  }
}

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
