#include "models/torch_storage_types.h"

#include <utility>

namespace arml::models {

namespace {
const std::pair<const char*, c10::ScalarType> kStorageClasses[] = {
    {"FloatStorage", c10::ScalarType::Float},
    {"DoubleStorage", c10::ScalarType::Double},
    {"HalfStorage", c10::ScalarType::Half},
    {"BFloat16Storage", c10::ScalarType::BFloat16},
    {"LongStorage", c10::ScalarType::Long},
    {"IntStorage", c10::ScalarType::Int},
    {"ShortStorage", c10::ScalarType::Short},
    {"CharStorage", c10::ScalarType::Char},
    {"ByteStorage", c10::ScalarType::Byte},
    {"BoolStorage", c10::ScalarType::Bool},
    {"ComplexFloatStorage", c10::ScalarType::ComplexFloat},
    {"ComplexDoubleStorage", c10::ScalarType::ComplexDouble},
};
}  // namespace

std::optional<c10::ScalarType> dtypeOfStorageGlobal(const std::string& globalName) {
  const auto space = globalName.find(' ');
  if (space == std::string::npos) return std::nullopt;
  const std::string module = globalName.substr(0, space);
  const std::string name = globalName.substr(space + 1);
  if (module != "torch" && module != "torch.cuda") return std::nullopt;
  if (name == "UntypedStorage" || name == "_UntypedStorage") return c10::ScalarType::Byte;
  for (const auto& [cls, dtype] : kStorageClasses)
    if (name == cls) return dtype;
  return std::nullopt;
}

std::optional<std::string> storageClassOfDtype(c10::ScalarType dtype) {
  for (const auto& [cls, d] : kStorageClasses)
    if (d == dtype) return std::string(cls);
  return std::nullopt;
}

}  // namespace arml::models
