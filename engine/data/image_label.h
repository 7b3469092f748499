#pragma once
// Image-level labels carried in training file names (spec §1.2), in three styles:
//   BCSS-WSSS      "TCGA-..._MPP-0.2500+0[1101].png"   contiguous digits
//   LUAD-HistoSeg  "1031280-2300-27920-[1 0 0 1].png"  digits separated by single spaces
//   WSSS4LUAD      "1003370-5631-18822-[0, 1, 0].png"  digits separated by ", "
// Rule: the text between the last '[' before the first ']' holds only 0/1 digits, spaces and
// commas; its digits are the label, and their count must equal the dataset's class count.
#include <string>
#include <vector>

namespace arml::data {

enum class LabelStyle { Contiguous, Spaced, CommaSpaced };

// Parses the label of a file name (a path is fine: only its file name is looked at). Throws
// InputError naming the file when there are no brackets, other characters, or the wrong count.
std::vector<int> parseImageLabel(const std::string& fileNameOrPath, int classCount);

// The style of the label in a file name, or false when the name has no parseable label.
bool detectLabelStyle(const std::string& fileNameOrPath, LabelStyle& style, int& digitCount);

// "[1101]", "[1 1 0 1]" or "[1, 1, 0, 1]".
std::string formatImageLabel(const std::vector<int>& label, LabelStyle style);

}  // namespace arml::data
