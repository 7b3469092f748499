#include "core/event_sink.h"

#include <cmath>
#include <cstring>

#include "core/errors.h"

namespace arml {

EventSink::EventSink() : start_(std::chrono::steady_clock::now()) {}

EventSink::EventSink(const std::string& target) : EventSink() {
  if (target.empty()) return;
  if (target == "-") {
    file_ = stdout;
    return;
  }
  file_ = std::fopen(target.c_str(), "a");
  if (!file_) throw InputError(target, std::string("cannot open events file: ") + std::strerror(errno));
  ownsFile_ = true;
}

EventSink::~EventSink() {
  if (ownsFile_ && file_) std::fclose(file_);
}

void EventSink::emit(const std::string& type, nlohmann::json fields) {
  if (!enabled()) return;
  if (!fields.is_object()) fields = nlohmann::json{{"value", fields}};
  const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  nlohmann::json line = {{"type", type}, {"time", std::round(t * 1000.0) / 1000.0}};
  line.update(fields);
  // NaN/inf are not JSON; write them as null so readers never choke.
  for (auto& item : line.items())
    if (item.value().is_number_float() && !std::isfinite(item.value().get<double>())) item.value() = nullptr;
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard<std::mutex> lock(mutex_);
  if (file_) {
    std::fwrite(text.data(), 1, text.size(), file_);
    std::fflush(file_);
  }
  for (auto& t2 : tees_) t2->emit(type, fields);
}

void EventSink::progress(const std::string& stage, long done, long total) {
  emit("progress", {{"stage", stage}, {"done", done}, {"total", total}});
}

void EventSink::metric(const std::string& name, double value, nlohmann::json extra) {
  extra["name"] = name;
  extra["value"] = value;
  emit("metric", std::move(extra));
}

void EventSink::artifact(const std::string& kind, const std::string& path) {
  emit("artifact", {{"kind", kind}, {"path", path}});
}

void EventSink::warning(const std::string& message) { emit("warning", {{"message", message}}); }

void EventSink::error(const std::string& message, int exitCode) {
  emit("error", {{"message", message}, {"exit_code", exitCode}});
}

void EventSink::done(int exitCode, nlohmann::json summary) {
  summary["exit_code"] = exitCode;
  emit("done", std::move(summary));
}

void EventSink::tee(std::shared_ptr<EventSink> other) {
  std::lock_guard<std::mutex> lock(mutex_);
  tees_.push_back(std::move(other));
}

}  // namespace arml
