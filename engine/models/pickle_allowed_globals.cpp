#include "models/pickle_allowed_globals.h"

#include <set>
#include <utility>

#include "models/torch_storage_types.h"

namespace arml::models {

namespace {

const std::set<std::pair<std::string, std::string>>& allowedGlobals() {
  static const std::set<std::pair<std::string, std::string>> allowed = [] {
    std::set<std::pair<std::string, std::string>> s = {
        {"collections", "OrderedDict"},
        {"torch._utils", "_rebuild_tensor"},
        {"torch._utils", "_rebuild_tensor_v2"},
        {"torch._utils", "_rebuild_parameter"},
        {"torch._utils", "_rebuild_parameter_with_state"},
        {"torch", "device"},
        {"torch", "Size"},
        {"_codecs", "encode"},
        {"builtins", "set"},
        {"builtins", "frozenset"},
        {"builtins", "complex"},
        {"__builtin__", "set"},  // Python 2 spelling
        {"__builtin__", "frozenset"},
        {"__builtin__", "complex"},
    };
    for (const char* numpyCore : {"numpy.core.multiarray", "numpy._core.multiarray"}) {
      s.insert({numpyCore, "scalar"});
      s.insert({numpyCore, "_reconstruct"});
    }
    s.insert({"numpy", "dtype"});
    s.insert({"numpy", "ndarray"});
    for (const char* dtype : {"float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8",
                              "bool", "complex64", "complex128", "float", "double", "half", "long", "int", "short",
                              "cfloat", "cdouble"})
      s.insert({"torch", dtype});
    return s;
  }();
  return allowed;
}

}  // namespace

bool isAllowedPickleGlobal(const std::string& module, const std::string& name) {
  if (allowedGlobals().count({module, name})) return true;
  return dtypeOfStorageGlobal(module + " " + name).has_value();  // torch[.cuda] <X>Storage
}

}  // namespace arml::models
