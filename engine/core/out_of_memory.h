#pragma once
// Allocation failures (std::bad_alloc, LibTorch's "DefaultCPUAllocator: can't allocate", CUDA's
// "out of memory") become one line naming the file being processed, exit 3, instead of a LibTorch
// stack trace.
#include <exception>
#include <functional>
#include <string>

namespace arml {

// True for std::bad_alloc and for exceptions whose message says an allocation failed.
bool isOutOfMemory(const std::exception& e);

// The first line of an exception message (LibTorch appends a stack trace after it).
std::string firstLine(const std::string& message);

// Runs work(); an allocation failure inside it is rethrown as RuntimeFailure
// "<file>: not enough memory to <doing> (<first line of the original message>)".
void withMemoryContext(const std::string& file, const std::string& doing, const std::function<void()>& work);

}  // namespace arml
