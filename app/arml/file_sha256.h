#pragma once
// SHA-256 of a file (FIPS 180-4), for `arml import-weights --sha256`: a downloaded weight file is
// checked against the sum its publisher gives before anything is written.
#include <string>

namespace arml::cli {

// Lower-case hex digest of the whole file; InputError(path, ...) when it cannot be read.
std::string fileSha256(const std::string& path);

// Throws InputError(path, ...) unless the file's digest starts with `expected` (hex, any case,
// 8..64 digits: a full sum or a prefix such as the 8 digits in torch hub file names).
void verifySha256(const std::string& path, const std::string& expected);

}  // namespace arml::cli
