#pragma once
// Progress events as JSON lines (one object per line), the contract between a job and whoever
// watches it (the GUI through QProcess, scripts, events.jsonl in a run folder).
//
// Every event has "type" and "time" (seconds since the sink was created). Types and their fields:
//   step     {stage, epoch, step, steps, loss, lr, images_per_s, ...}
//   epoch    {stage, epoch, epochs, ...metrics}
//   metric   {name, value, split, stage}
//   artifact {kind, path}
//   warning  {message, file?}
//   error    {message, exit_code}
//   done     {exit_code, ...summary}
//   progress {stage, done, total}
// Thread-safe. Writes are flushed per line so a reader sees each event as soon as it happens.
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace arml {

class EventSink {
public:
  // A sink that drops everything (no --events given).
  EventSink();
  // target: a file path (appended to, created if missing) or "-" for stdout.
  explicit EventSink(const std::string& target);
  ~EventSink();
  EventSink(const EventSink&) = delete;
  EventSink& operator=(const EventSink&) = delete;

  // Adds "type" and "time" to fields and writes one line.
  void emit(const std::string& type, nlohmann::json fields = nlohmann::json::object());

  void step(nlohmann::json fields) { emit("step", std::move(fields)); }
  void epoch(nlohmann::json fields) { emit("epoch", std::move(fields)); }
  void progress(const std::string& stage, long done, long total);
  void metric(const std::string& name, double value, nlohmann::json extra = nlohmann::json::object());
  void artifact(const std::string& kind, const std::string& path);
  void warning(const std::string& message);
  void error(const std::string& message, int exitCode);
  void done(int exitCode, nlohmann::json summary = nlohmann::json::object());

  // Also send every event to this sink (e.g. --events - plus a run folder's events.jsonl).
  void tee(std::shared_ptr<EventSink> other);

  bool enabled() const { return file_ != nullptr || !tees_.empty(); }

private:
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
  bool ownsFile_ = false;
  std::vector<std::shared_ptr<EventSink>> tees_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace arml
