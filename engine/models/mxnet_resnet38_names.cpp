#include "models/mxnet_resnet38_names.h"

#include <regex>

#include "core/errors.h"

namespace arml::models {

namespace {

std::string bnSuffix(const std::string& field) {
  if (field == "gamma") return "weight";
  if (field == "beta") return "bias";
  if (field == "moving_mean") return "running_mean";
  if (field == "moving_var") return "running_var";
  return {};
}

}  // namespace

MxnetNameMapping mapMxnetResnet38Name(const std::string& mxnetName) {
  using Kind = MxnetNameMapping::Kind;
  std::string name = mxnetName;
  if (name.rfind("arg:", 0) == 0 || name.rfind("aux:", 0) == 0) name.erase(0, 4);

  // Every A1 name is short; longer ones (from damaged files) never reach std::regex, whose
  // backtracking recurses once per character and could overflow the stack.
  if (name.size() > 64) return {Kind::Unknown, {}};
  if (name == "conv1a_weight") return {Kind::Mapped, "conv1a.weight"};
  if (name == "linear1000_weight" || name == "linear1000_bias") return {Kind::Dropped, {}};

  // res2a_branch1_weight, res4b5_branch2b1_weight, bn6a_branch2b2_moving_var, ...
  static const std::regex blockParam(
      R"(^(res|bn)([0-9])(a|b([0-9]+))_(branch(?:1|2a|2b1|2b2))_(weight|gamma|beta|moving_mean|moving_var)$)");
  std::smatch m;
  if (std::regex_match(name, m, blockParam)) {
    const bool conv = m[1] == "res";
    const std::string field = m[6];
    if (conv != (field == "weight")) return {Kind::Unknown, {}};
    const std::string block = "b" + m[2].str() + (m[3] == "a" ? std::string() : "_" + m[4].str());
    const std::string branch = m[5];
    if (conv) return {Kind::Mapped, block + ".conv_" + branch + ".weight"};
    return {Kind::Mapped, block + ".bn_" + branch + "." + bnSuffix(field)};
  }
  static const std::regex finalBn(R"(^bn7_(gamma|beta|moving_mean|moving_var)$)");
  if (std::regex_match(name, m, finalBn)) return {Kind::Mapped, "bn7." + bnSuffix(m[1])};
  return {Kind::Unknown, {}};
}

StateDict mxnetToResnet38StateDict(const StateDict& mxnet, std::vector<std::string>* dropped,
                                   std::vector<std::string>* unknown) {
  StateDict out;
  out.source = mxnet.source;
  out.format = mxnet.format;
  std::vector<std::pair<std::string, std::string>> origin;  // torch name -> mxnet name
  for (const auto& [name, tensor] : mxnet) {
    const MxnetNameMapping m = mapMxnetResnet38Name(name);
    if (m.kind == MxnetNameMapping::Kind::Dropped) {
      if (dropped) dropped->push_back(name);
    } else if (m.kind == MxnetNameMapping::Kind::Unknown) {
      if (unknown) unknown->push_back(name);
    } else {
      if (out.contains(m.torchName))
        throw InputError(mxnet.source, "two MXNet arrays map to " + m.torchName + " (second: " + name + ")");
      out.insert(m.torchName, tensor);
    }
  }
  return out;
}

}  // namespace arml::models
