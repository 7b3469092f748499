#pragma once
// The globals a weight-file pickle may name (GLOBAL / STACK_GLOBAL / INST). Like PyTorch's
// weights_only loader, a pickle that names any other global is refused as a whole: a weight file
// has no business referring to posix.system, builtins.eval or a user class, so one such entry
// means the file was made to attack or is not a weight file at all. Nothing is ever called either
// way; the list only decides what is accepted as data.
//
// Allowed: what torch.save writes for tensors and state dicts (collections.OrderedDict, the
// torch._utils rebuild functions the reader interprets, torch[.cuda] <X>Storage classes,
// torch.device, torch.Size, torch dtypes) and the data-only values found in real checkpoints
// (_codecs.encode for bytes; numpy scalars, dtypes and arrays such as best_pred; builtins
// set / frozenset / complex).
#include <string>

namespace arml::models {

// `module` and `name` as they appear in the pickle, e.g. ("collections", "OrderedDict").
bool isAllowedPickleGlobal(const std::string& module, const std::string& name);

}  // namespace arml::models
