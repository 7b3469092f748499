#pragma once
// The mapping between torch storage class names ("FloatStorage", ...) in torch.save pickles and
// ATen dtypes; shared by the torch file reader and writer.
#include <c10/core/ScalarType.h>

#include <optional>
#include <string>

namespace arml::models {

// `globalName` is a pickle GLOBAL "module name", e.g. "torch FloatStorage" or "torch.cuda HalfStorage".
std::optional<c10::ScalarType> dtypeOfStorageGlobal(const std::string& globalName);

// The class name torch.save writes for a dtype ("FloatStorage"); nullopt for dtypes it has none for.
std::optional<std::string> storageClassOfDtype(c10::ScalarType dtype);

}  // namespace arml::models
