#include "core/out_of_memory.h"

#include <new>

#include "core/errors.h"

namespace arml {

bool isOutOfMemory(const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e)) return true;
  const std::string m = e.what();
  return m.find("can't allocate") != std::string::npos || m.find("CUDA out of memory") != std::string::npos ||
         m.find("out of memory") != std::string::npos || m.find("Failed to allocate") != std::string::npos;
}

std::string firstLine(const std::string& message) {
  const auto nl = message.find('\n');
  return nl == std::string::npos ? message : message.substr(0, nl);
}

void withMemoryContext(const std::string& file, const std::string& doing, const std::function<void()>& work) {
  try {
    work();
  } catch (const InputError&) {
    throw;
  } catch (const RuntimeFailure&) {
    throw;
  } catch (const Cancelled&) {
    throw;
  } catch (const std::exception& e) {
    if (!isOutOfMemory(e)) throw;
    throw RuntimeFailure(file + ": not enough memory to " + doing + " (" + firstLine(e.what()) + ")");
  }
}

}  // namespace arml
