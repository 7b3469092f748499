#include "data/json_shape.h"

#include "core/errors.h"

namespace arml::data {

void checkJsonShape(const std::string& text, int maxDepth, std::size_t maxValues, const std::string& source) {
  int depth = 0;
  std::size_t values = 1;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\') ++i;
      else if (c == '"') inString = false;
      continue;
    }
    switch (c) {
      case '"': inString = true; break;
      case '[':
      case '{':
        if (++depth > maxDepth)
          throw InputError(source, "JSON nested deeper than " + std::to_string(maxDepth) + " levels (at byte " +
                                       std::to_string(i) + ")");
        ++values;
        break;
      case ']':
      case '}': --depth; break;
      case ',': ++values; break;
      default: break;
    }
  }
  if (values > maxValues) throw InputError(source, "holds more than " + std::to_string(maxValues) + " JSON values");
}

}  // namespace arml::data
