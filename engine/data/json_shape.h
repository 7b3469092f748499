#pragma once
// A look at JSON text before it is parsed. nlohmann::json's parser and its documents recurse on
// nesting, so a file nested 200 000 levels deep overflows the stack; every JSON file that comes
// from outside (annotation files, project.json, review.json) is scanned here first.
#include <cstddef>
#include <string>

namespace arml::data {

// Throws InputError(source, ...) when the text nests arrays and objects deeper than maxDepth or
// holds more than maxValues values (which bounds the parsed document's memory). Linear, no
// recursion; says nothing about whether the text is valid JSON.
void checkJsonShape(const std::string& text, int maxDepth, std::size_t maxValues, const std::string& source);

}  // namespace arml::data
