#pragma once
// The generic value tree that Python pickles (as written by torch.save) decode into, and that our
// own pickle writer encodes. Values are shared handles because pickle memoises objects: two
// references to one memo entry are the same PickleValue.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace arml::models {

struct PickleValue;
using PickleValuePtr = std::shared_ptr<PickleValue>;

enum class PickleKind {
  None,
  Bool,
  Int,      // fits in int64
  BigInt,   // longer LONG1/LONG4 integers; `text` holds the little-endian two's-complement bytes
  Float,
  String,   // UTF-8 in `text`
  Bytes,    // raw bytes in `text`
  Tuple,    // `items`
  List,     // `items`
  Dict,     // `entries` in insertion order; `ordered` marks collections.OrderedDict
  Tensor,   // `tensor`
  Storage,  // `tensor` = 1-D tensor over the whole storage (the result of a persistent id)
  Global,   // a class/function reference "module name" in `text`, e.g. "torch._utils _rebuild_tensor_v2"
  Object,   // an opaque call result: `text` = global name, `items` = arguments, `state` = BUILD state
};

struct PickleValue {
  PickleValue() = default;
  PickleValue(const PickleValue&) = default;
  PickleValue& operator=(const PickleValue&) = default;
  // Releases nested children without recursion, so that a hostile file nesting lists a million
  // levels deep cannot overflow the stack when its tree is freed.
  ~PickleValue();

  PickleKind kind = PickleKind::None;
  bool boolean = false;
  std::int64_t integer = 0;
  double real = 0.0;
  std::string text;
  std::vector<PickleValuePtr> items;
  std::vector<std::pair<PickleValuePtr, PickleValuePtr>> entries;
  bool ordered = false;
  at::Tensor tensor;
  PickleValuePtr state;

  static PickleValuePtr none();
  static PickleValuePtr fromBool(bool v);
  static PickleValuePtr fromInt(std::int64_t v);
  static PickleValuePtr fromDouble(double v);
  static PickleValuePtr fromString(std::string v);
  static PickleValuePtr fromBytes(std::string v);
  static PickleValuePtr fromTensor(at::Tensor t);
  static PickleValuePtr tuple(std::vector<PickleValuePtr> items = {});
  static PickleValuePtr list(std::vector<PickleValuePtr> items = {});
  static PickleValuePtr dict(bool ordered = false);

  bool isNone() const { return kind == PickleKind::None; }
  bool isDict() const { return kind == PickleKind::Dict; }
  bool isTensor() const { return kind == PickleKind::Tensor; }
  bool isString() const { return kind == PickleKind::String; }
  bool isSequence() const { return kind == PickleKind::Tuple || kind == PickleKind::List; }

  // Dict lookup by string key; nullptr when this is not a dict or the key is absent.
  PickleValuePtr find(const std::string& key) const;
  // Appends or replaces (keeps the first position) a string-keyed entry of a dict.
  void set(const std::string& key, PickleValuePtr value);

  // Typed accessors; they throw std::runtime_error naming the expected kind when the kind differs.
  std::int64_t asInt() const;      // Int or Bool
  double asDouble() const;         // Float, Int or Bool
  bool asBool() const;             // Bool or Int
  const std::string& asString() const;  // String or Bytes

  // Short human-readable rendering for messages and debugging (nesting and length are capped).
  std::string describe(int maxDepth = 3) const;
};

const char* pickleKindName(PickleKind kind);

}  // namespace arml::models
