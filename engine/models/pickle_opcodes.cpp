#include <cstring>
#include <sstream>
#include <string>

#include "models/pickle_machine.h"

// The opcode loop of the unpickler: run() reads one opcode and hands it to its family.
namespace arml::models::pickle_detail {

namespace {

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

}  // namespace

PickleValuePtr Machine::run() {
  while (true) {
    opStart_ = pos_;
    need(1);
    const unsigned char op = d_[pos_++];
    if (op == kStop) return stop();
    if (!stackOp(op) && !scalarOp(op) && !containerOp(op) && !memoOp(op) && !objectOp(op)) unknownOpcode(op);
  }
}

// STOP: the value on the stack is the result, once the marks are closed and no cycle is left.
PickleValuePtr Machine::stop() {
  PickleValuePtr result = pop();
  if (!marks_.empty()) fail("STOP with an open MARK");
  failOnCycles();
  finished_ = true;
  return result;
}

// PROTO, FRAME and the stack itself: MARK, POP, POP_MARK, DUP.
bool Machine::stackOp(unsigned char op) {
  switch (op) {
    case kProto: {
      const auto proto = readLE(1);
      if (proto > 5) fail("unsupported pickle protocol " + std::to_string(proto));
      break;
    }
    case kFrame: readLE(8); break;
    case kMark: marks_.push_back(stack_.size()); break;
    case kPop: pop(); break;
    case kPopMark: popToMark(); break;
    case kDup: push(top()); break;
    default: return false;
  }
  return true;
}

// Scalars: None, bools, ints, longs, floats, strings and bytes.
bool Machine::scalarOp(unsigned char op) {
  switch (op) {
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
    default: return false;
  }
  return true;
}

// Tuples, lists, dicts and sets: building them and filling them in place.
bool Machine::containerOp(unsigned char op) {
  switch (op) {
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
    default: return false;
  }
  return true;
}

// The memo: PUT and GET.
bool Machine::memoOp(unsigned char op) {
  switch (op) {
    case kBinPut: memoPut(readLE(1)); break;
    case kLongBinPut: memoPut(readLE(4)); break;
    case kMemoize: memoPut(memo_.size()); break;
    case kBinGet: memoGet(readLE(1)); break;
    case kLongBinGet: memoGet(readLE(4)); break;
    default: return false;
  }
  return true;
}

// Globals, calls, objects and persistent ids. Every class or function a pickle names goes through
// global(), which refuses anything outside the allow list (pickle_allowed_globals.h).
bool Machine::objectOp(unsigned char op) {
  switch (op) {
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
    default: return false;
  }
  return true;
}

[[noreturn]] void Machine::unknownOpcode(unsigned char op) const {
  std::ostringstream msg;
  msg << "unknown opcode 0x" << std::hex << static_cast<int>(op);
  fail(msg.str());
}

}  // namespace arml::models::pickle_detail
