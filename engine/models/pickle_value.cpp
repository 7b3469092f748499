#include "models/pickle_value.h"

#include <sstream>
#include <stdexcept>

namespace arml::models {

const char* pickleKindName(PickleKind kind) {
  switch (kind) {
    case PickleKind::None: return "None";
    case PickleKind::Bool: return "bool";
    case PickleKind::Int: return "int";
    case PickleKind::BigInt: return "big int";
    case PickleKind::Float: return "float";
    case PickleKind::String: return "str";
    case PickleKind::Bytes: return "bytes";
    case PickleKind::Tuple: return "tuple";
    case PickleKind::List: return "list";
    case PickleKind::Dict: return "dict";
    case PickleKind::Tensor: return "tensor";
    case PickleKind::Storage: return "storage";
    case PickleKind::Global: return "global";
    case PickleKind::Object: return "object";
  }
  return "?";
}

namespace {
PickleValuePtr make(PickleKind kind) {
  auto v = std::make_shared<PickleValue>();
  v->kind = kind;
  return v;
}

[[noreturn]] void wrongKind(const PickleValue& v, const char* expected) {
  throw std::runtime_error(std::string("expected ") + expected + ", found " + pickleKindName(v.kind));
}
}  // namespace

PickleValue::~PickleValue() {
  if (items.empty() && entries.empty() && !state) return;
  std::vector<PickleValuePtr> pending;
  auto detachChildren = [&pending](PickleValue& v) {
    for (auto& item : v.items) pending.push_back(std::move(item));
    for (auto& [key, value] : v.entries) {
      pending.push_back(std::move(key));
      pending.push_back(std::move(value));
    }
    if (v.state) pending.push_back(std::move(v.state));
    v.items.clear();
    v.entries.clear();
  };
  detachChildren(*this);
  while (!pending.empty()) {
    PickleValuePtr child = std::move(pending.back());
    pending.pop_back();
    // Only a child about to die hands its children over; shared ones stay intact.
    if (child && child.use_count() == 1) detachChildren(*child);
  }
}

PickleValuePtr PickleValue::none() { return make(PickleKind::None); }
PickleValuePtr PickleValue::fromBool(bool b) {
  auto v = make(PickleKind::Bool);
  v->boolean = b;
  return v;
}
PickleValuePtr PickleValue::fromInt(std::int64_t i) {
  auto v = make(PickleKind::Int);
  v->integer = i;
  return v;
}
PickleValuePtr PickleValue::fromDouble(double d) {
  auto v = make(PickleKind::Float);
  v->real = d;
  return v;
}
PickleValuePtr PickleValue::fromString(std::string s) {
  auto v = make(PickleKind::String);
  v->text = std::move(s);
  return v;
}
PickleValuePtr PickleValue::fromBytes(std::string s) {
  auto v = make(PickleKind::Bytes);
  v->text = std::move(s);
  return v;
}
PickleValuePtr PickleValue::fromTensor(at::Tensor t) {
  auto v = make(PickleKind::Tensor);
  v->tensor = std::move(t);
  return v;
}
PickleValuePtr PickleValue::tuple(std::vector<PickleValuePtr> items) {
  auto v = make(PickleKind::Tuple);
  v->items = std::move(items);
  return v;
}
PickleValuePtr PickleValue::list(std::vector<PickleValuePtr> items) {
  auto v = make(PickleKind::List);
  v->items = std::move(items);
  return v;
}
PickleValuePtr PickleValue::dict(bool ordered) {
  auto v = make(PickleKind::Dict);
  v->ordered = ordered;
  return v;
}

PickleValuePtr PickleValue::find(const std::string& key) const {
  if (kind != PickleKind::Dict) return nullptr;
  for (const auto& [k, value] : entries)
    if (k && k->kind == PickleKind::String && k->text == key) return value;
  return nullptr;
}

void PickleValue::set(const std::string& key, PickleValuePtr value) {
  if (kind != PickleKind::Dict) wrongKind(*this, "dict");
  for (auto& [k, old] : entries) {
    if (k && k->kind == PickleKind::String && k->text == key) {
      old = std::move(value);
      return;
    }
  }
  entries.emplace_back(fromString(key), std::move(value));
}

std::int64_t PickleValue::asInt() const {
  if (kind == PickleKind::Int) return integer;
  if (kind == PickleKind::Bool) return boolean ? 1 : 0;
  wrongKind(*this, "int");
}

double PickleValue::asDouble() const {
  if (kind == PickleKind::Float) return real;
  if (kind == PickleKind::Int) return static_cast<double>(integer);
  if (kind == PickleKind::Bool) return boolean ? 1.0 : 0.0;
  wrongKind(*this, "float");
}

bool PickleValue::asBool() const {
  if (kind == PickleKind::Bool) return boolean;
  if (kind == PickleKind::Int) return integer != 0;
  wrongKind(*this, "bool");
}

const std::string& PickleValue::asString() const {
  if (kind == PickleKind::String || kind == PickleKind::Bytes) return text;
  wrongKind(*this, "str");
}

std::string PickleValue::describe(int maxDepth) const {
  std::ostringstream out;
  auto child = [&](const PickleValuePtr& v) { out << (v ? v->describe(maxDepth - 1) : "<null>"); };
  switch (kind) {
    case PickleKind::None: out << "None"; break;
    case PickleKind::Bool: out << (boolean ? "True" : "False"); break;
    case PickleKind::Int: out << integer; break;
    case PickleKind::BigInt: out << "<int of " << text.size() << " bytes>"; break;
    case PickleKind::Float: out << real; break;
    case PickleKind::String: out << "'" << (text.size() > 60 ? text.substr(0, 60) + "..." : text) << "'"; break;
    case PickleKind::Bytes: out << "<bytes " << text.size() << ">"; break;
    case PickleKind::Tensor:
    case PickleKind::Storage:
      out << (kind == PickleKind::Tensor ? "tensor" : "storage");
      if (tensor.defined()) out << "(" << tensor.scalar_type() << " " << tensor.sizes() << ")";
      break;
    case PickleKind::Global: out << "<global " << text << ">"; break;
    case PickleKind::Object: out << "<" << text << " object>"; break;
    case PickleKind::Tuple:
    case PickleKind::List: {
      const bool isTuple = kind == PickleKind::Tuple;
      out << (isTuple ? "(" : "[");
      if (maxDepth <= 0) {
        out << "..." << items.size() << " items";
      } else {
        for (std::size_t i = 0; i < items.size() && i < 8; ++i) {
          if (i) out << ", ";
          child(items[i]);
        }
        if (items.size() > 8) out << ", ...";
      }
      out << (isTuple ? ")" : "]");
      break;
    }
    case PickleKind::Dict: {
      out << (ordered ? "OrderedDict{" : "{");
      if (maxDepth <= 0) {
        out << "..." << entries.size() << " entries";
      } else {
        for (std::size_t i = 0; i < entries.size() && i < 8; ++i) {
          if (i) out << ", ";
          child(entries[i].first);
          out << ": ";
          child(entries[i].second);
        }
        if (entries.size() > 8) out << ", ...";
      }
      out << "}";
      break;
    }
  }
  return out.str();
}

}  // namespace arml::models
