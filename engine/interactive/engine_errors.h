#pragma once
// The plugin's error contract (interactive_engine.h): every failure leaves a session call as a
// std::runtime_error with one readable line naming the file, or as interactive::Cancelled.
#include <c10/util/Exception.h>

#include <atomic>
#include <new>
#include <stdexcept>
#include <string>

#include "core/errors.h"
#include "interactive/interactive_engine.h"

namespace arml::interactive {

inline void throwIfCancelled(const std::atomic<bool>* cancel) {
  if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
}

// The first line of a message (LibTorch's carry a C++ backtrace after it).
inline std::string firstLine(const std::string& text) {
  const auto end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

// Runs f() and rethrows what escapes it as interactive::Cancelled or a one-line runtime_error.
// Engine errors (InputError, RuntimeFailure) already name the file; anything else is prefixed
// with `file`.
template <class F>
auto translateErrors(const std::string& file, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Cancelled&) {
    throw;
  } catch (const arml::Cancelled&) {
    throw Cancelled();
  } catch (const arml::InputError& e) {
    throw std::runtime_error(firstLine(e.what()));
  } catch (const arml::RuntimeFailure& e) {
    throw std::runtime_error(firstLine(e.what()));
  } catch (const c10::Error& e) {
    throw std::runtime_error(file + ": " + firstLine(e.what_without_backtrace()));
  } catch (const std::bad_alloc&) {
    throw std::runtime_error(file + ": out of memory");
  } catch (const std::exception& e) {
    throw std::runtime_error(file + ": " + firstLine(e.what()));
  }
}

}  // namespace arml::interactive
