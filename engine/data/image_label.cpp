#include "data/image_label.h"

#include <filesystem>

#include "core/errors.h"

namespace arml::data {

namespace {

// Returns "" and the bracket content, or a reason why the name has no label.
std::string labelText(const std::string& name, std::string& text) {
  const std::size_t close = name.find(']');
  if (close == std::string::npos) return "no image-level label in the file name (expected e.g. [1 0 0 1])";
  const std::size_t open = name.rfind('[', close);
  if (open == std::string::npos) return "no '[' before the first ']' in the file name";
  text = name.substr(open + 1, close - open - 1);
  return {};
}

std::string fileNameOf(const std::string& p) { return std::filesystem::path(p).filename().string(); }

}  // namespace

std::vector<int> parseImageLabel(const std::string& fileNameOrPath, int classCount) {
  const std::string name = fileNameOf(fileNameOrPath);
  std::string text;
  const std::string problem = labelText(name, text);
  if (!problem.empty()) throw InputError(fileNameOrPath, problem);
  std::vector<int> label;
  for (char c : text) {
    if (c == '0' || c == '1')
      label.push_back(c - '0');
    else if (c != ' ' && c != ',')
      throw InputError(fileNameOrPath, std::string("label [") + text + "] contains '" + c +
                                           "'; only 0/1 digits separated by spaces or commas are allowed");
  }
  if (int(label.size()) != classCount)
    throw InputError(fileNameOrPath, "label [" + text + "] has " + std::to_string(label.size()) +
                                         " digits, the dataset has " + std::to_string(classCount) + " classes");
  return label;
}

bool detectLabelStyle(const std::string& fileNameOrPath, LabelStyle& style, int& digitCount) {
  std::string text;
  if (!labelText(fileNameOf(fileNameOrPath), text).empty() || text.empty()) return false;
  int digits = 0;
  bool comma = false, space = false;
  for (char c : text) {
    if (c == '0' || c == '1')
      ++digits;
    else if (c == ',')
      comma = true;
    else if (c == ' ')
      space = true;
    else
      return false;
  }
  if (digits == 0) return false;
  style = comma ? LabelStyle::CommaSpaced : space ? LabelStyle::Spaced : LabelStyle::Contiguous;
  digitCount = digits;
  return true;
}

std::string formatImageLabel(const std::vector<int>& label, LabelStyle style) {
  const char* sep = style == LabelStyle::Contiguous ? "" : style == LabelStyle::Spaced ? " " : ", ";
  std::string s = "[";
  for (std::size_t i = 0; i < label.size(); ++i) s += (i ? sep : "") + std::to_string(label[i] ? 1 : 0);
  return s + "]";
}

}  // namespace arml::data
