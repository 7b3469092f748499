#pragma once
// A small Python unpickler for the pickles that torch.save writes (protocol 2, plus the protocol 3-4
// and Python-2 opcodes that old or unusual files use). It exists because libtorch's own unpickler
// cannot read OrderedDicts, SETITEM/APPEND or short LONG1 integers (weight-formats.md §1.6-1.7).
//
// Torch-specific GLOBALs are resolved while reading: collections.OrderedDict -> ordered dict,
// torch._utils._rebuild_tensor(_v2) -> Tensor (a strided view of its storage), _rebuild_parameter
// -> its tensor, _codecs.encode(s, 'latin1') -> Bytes. Every other call becomes an opaque Object.
// Storages come from the caller through a PersistentLoader (BINPERSID).
//
// Malformed input never crashes: every problem throws arml::InputError("<source>: pickle ...").
#include <cstddef>
#include <functional>
#include <string>

#include "models/pickle_value.h"

namespace arml::models {

// Receives the persistent id (a tuple for torch files) and returns what the pickle should see,
// normally a PickleKind::Storage value. May throw InputError.
using PersistentLoader = std::function<PickleValuePtr(const PickleValuePtr& pid)>;

class PickleReader {
public:
  // `data` must outlive the reader. `sourceName` prefixes error messages (usually a file path).
  PickleReader(const unsigned char* data, std::size_t size, std::string sourceName, PersistentLoader loader = {});

  // Reads one pickle (PROTO ... STOP) from the current position and returns its value; the position
  // then points just after STOP, so several pickles written back to back can be read in turn.
  PickleValuePtr readOne();

  std::size_t position() const { return pos_; }

private:
  const unsigned char* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  std::string source_;
  PersistentLoader loader_;
};

// Convenience: reads exactly one pickle from a buffer.
PickleValuePtr readPickle(const unsigned char* data, std::size_t size, const std::string& sourceName,
                          PersistentLoader loader = {});

}  // namespace arml::models
