#pragma once
// Atomic file writes: the bytes go to a temporary file in the same folder, are flushed to disk,
// and the temporary is renamed over the target. A reader sees the old file or the new one, never
// a half-written one; a failure (disk full, read-only folder) leaves the old file untouched,
// removes the temporary and throws RuntimeFailure naming the file.
#include <filesystem>
#include <string>
#include <vector>

namespace arml {

void writeFileAtomically(const std::filesystem::path& path, const void* data, std::size_t size);
void writeFileAtomically(const std::filesystem::path& path, const std::string& text);
void writeFileAtomically(const std::filesystem::path& path, const std::vector<unsigned char>& bytes);

// Reads a whole file; throws InputError naming the file when it is missing or unreadable.
std::vector<unsigned char> readFileBytes(const std::filesystem::path& path);

}  // namespace arml
