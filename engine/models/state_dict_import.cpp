#include "models/state_dict_import.h"

#include <torch/nn/module.h>
#include <torch/utils.h>

#include <map>
#include <sstream>

#include "core/errors.h"

namespace arml::models {

namespace {

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

bool anyPrefix(const std::string& s, const std::vector<std::string>& prefixes) {
  for (const auto& p : prefixes)
    if (startsWith(s, p)) return true;
  return false;
}

bool isCounter(const std::string& name) {
  const std::string suffix = "num_batches_tracked";
  return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void appendList(std::ostringstream& out, const char* title, const std::vector<std::string>& names, std::size_t max) {
  if (names.empty()) return;
  out << "\n" << title << " (" << names.size() << "):";
  for (std::size_t i = 0; i < names.size() && i < max; ++i) out << "\n  " << names[i];
  if (names.size() > max) out << "\n  ... and " << (names.size() - max) << " more";
}

}  // namespace

std::string shapeToString(const std::vector<std::int64_t>& shape) {
  std::ostringstream out;
  out << "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out << (i ? ", " : "") << shape[i];
  out << "]";
  return out.str();
}

std::string ImportReport::summary() const {
  std::ostringstream out;
  out << "matched " << matched.size() << ", missing " << missing.size() << ", unexpected " << unexpected.size();
  if (!unused.empty()) out << ", unused " << unused.size();
  if (!dropped.empty()) out << ", dropped " << dropped.size();
  if (!skipped.empty()) out << ", skipped (shape) " << skipped.size();
  if (!defaultedCounters.empty()) out << ", counters left at 0: " << defaultedCounters.size();
  return out.str();
}

std::string ImportReport::toString(std::size_t max) const {
  std::ostringstream out;
  out << (source.empty() ? std::string("import") : source) << ": " << summary();
  appendList(out, "missing (kept their initial values)", missing, max);
  appendList(out, "unexpected (ignored)", unexpected, max);
  appendList(out, "unused (ignored by request)", unused, max);
  appendList(out, "dropped", dropped, max);
  if (!skipped.empty()) {
    out << "\nskipped because of a different shape (kept their initial values) (" << skipped.size() << "):";
    for (std::size_t i = 0; i < skipped.size() && i < max; ++i)
      out << "\n  " << skipped[i].name << ": file " << shapeToString(skipped[i].fileShape) << ", model "
          << shapeToString(skipped[i].moduleShape);
  }
  appendList(out, "converted to the model's dtype", convertedDtype, max);
  return out.str();
}

namespace {
// PyTorch's state_dict order: a module's own parameters, then its buffers, then each child's entries.
void collect(const torch::nn::Module& module, const std::string& prefix, StateDict& sd) {
  for (const auto& item : module.named_parameters(false)) sd.insert(prefix + item.key(), item.value());
  for (const auto& item : module.named_buffers(false))
    if (item.value().defined()) sd.insert(prefix + item.key(), item.value());
  for (const auto& child : module.named_children()) collect(*child.value(), prefix + child.key() + ".", sd);
}
}  // namespace

StateDict moduleStateDict(const torch::nn::Module& module) {
  StateDict sd;
  collect(module, "", sd);
  return sd;
}

ImportReport importStateDict(torch::nn::Module& module, const StateDict& weights, const ImportOptions& options) {
  ImportReport report;
  report.source = weights.source;
  const StateDict target = moduleStateDict(module);

  // Plan first: resolve names and check shapes; copy only when nothing is refused.
  std::vector<std::pair<at::Tensor, at::Tensor>> copies;  // (module tensor, file tensor)
  std::map<std::string, bool> assigned;
  std::vector<ShapeMismatch> refused;
  for (const auto& [fileName, tensor] : weights) {
    std::string name = fileName;
    for (const auto& [from, to] : options.renamePrefixes) {
      if (startsWith(name, from)) {
        name = to + name.substr(from.size());
        break;
      }
    }
    if (options.rename) {
      std::optional<std::string> renamed = options.rename(name);
      if (!renamed) {
        report.dropped.push_back(fileName);
        continue;
      }
      name = *renamed;
    }
    const at::Tensor* dst = target.find(name);
    if (!dst) {
      (anyPrefix(name, options.unusedPrefixes) ? report.unused : report.unexpected).push_back(name);
      continue;
    }
    if (dst->sizes() != tensor.sizes()) {
      ShapeMismatch m{name, tensor.sizes().vec(), dst->sizes().vec()};
      if (anyPrefix(name, options.skipMismatchPrefixes)) {
        report.skipped.push_back(m);
        assigned[name] = true;
      } else {
        refused.push_back(m);
      }
      continue;
    }
    if (dst->scalar_type() != tensor.scalar_type()) report.convertedDtype.push_back(name);
    copies.emplace_back(*dst, tensor);
    report.matched.push_back(name);
    assigned[name] = true;
  }
  if (!refused.empty()) {
    std::ostringstream msg;
    msg << refused.size() << " weight(s) have a different shape than the model: ";
    for (std::size_t i = 0; i < refused.size() && i < 5; ++i)
      msg << (i ? "; " : "") << refused[i].name << " file " << shapeToString(refused[i].fileShape) << " vs model "
          << shapeToString(refused[i].moduleShape);
    if (refused.size() > 5) msg << "; ...";
    msg << " (wrong --arch, width or class count?)";
    throw InputError(weights.source.empty() ? std::string("weights") : weights.source, msg.str());
  }
  for (const auto& [name, tensor] : target) {
    if (assigned.count(name)) continue;
    (isCounter(name) ? report.defaultedCounters : report.missing).push_back(name);
    if (!isCounter(name) && anyPrefix(name, options.requiredPrefixes)) report.missingRequired.push_back(name);
  }
  for (const auto& m : report.skipped)
    if (anyPrefix(m.name, options.requiredPrefixes)) report.missingRequired.push_back(m.name);
  const std::string source = weights.source.empty() ? std::string("weights") : weights.source;
  if (report.matched.empty() && !target.empty())
    throw InputError(source, "no weight matches the " + options.networkName + " (" + report.summary() +
                                 "; wrong file or wrong architecture?)");
  if (!report.missingRequired.empty()) {
    std::ostringstream msg;
    msg << report.missingRequired.size() << " weight(s) the " << options.networkName
        << " cannot start without are missing (" << report.summary() << "): ";
    for (std::size_t i = 0; i < report.missingRequired.size() && i < 5; ++i)
      msg << (i ? ", " : "") << report.missingRequired[i];
    if (report.missingRequired.size() > 5) msg << ", ...";
    throw InputError(source, msg.str());
  }
  if (options.strict && (!report.missing.empty() || !report.unexpected.empty()))
    throw InputError(source, "strict import failed: " + report.summary());

  torch::NoGradGuard noGrad;
  for (auto& [dst, src] : copies) dst.copy_(src);
  return report;
}

}  // namespace arml::models
