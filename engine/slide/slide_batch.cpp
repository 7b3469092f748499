#include "slide/slide_batch.h"

#include <fstream>
#include <map>
#include <sstream>

#include "core/atomic_file.h"
#include "core/errors.h"

namespace arml::slide {
namespace fs = std::filesystem;

namespace {

const char* const kHeader = "slide,status,seconds,tiles,error";

std::optional<long> wholeNumber(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  for (char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  return std::stol(text);
}

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
std::string csvField(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Splits CSV text into records of fields (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> csvRecords(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, fieldStarted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"' && field.empty()) {
      quoted = fieldStarted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      fieldStarted = false;
    } else if (c != '\r') {
      field += c;
      fieldStarted = true;
    }
  }
  if (fieldStarted || !field.empty() || !record.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace

Shard parseShard(const std::string& text, const std::string& option) {
  const auto slash = text.find('/');
  const auto k = slash == std::string::npos ? std::nullopt : wholeNumber(text.substr(0, slash));
  const auto n = slash == std::string::npos ? std::nullopt : wholeNumber(text.substr(slash + 1));
  if (!k || !n || *n < 1 || *k >= *n)
    throw InputError(option, "'" + text + "' is not K/N with 0 <= K < N (e.g. 0/4 for the first of four shards)");
  return Shard{static_cast<int>(*k), static_cast<int>(*n)};
}

std::optional<Shard> shardFromSlurm(const GetEnv& getenv) {
  const char* id = getenv("SLURM_ARRAY_TASK_ID");
  const char* count = getenv("SLURM_ARRAY_TASK_COUNT");
  if (id == nullptr || count == nullptr) return std::nullopt;
  const char* min = getenv("SLURM_ARRAY_TASK_MIN");
  const auto taskId = wholeNumber(id), taskCount = wholeNumber(count);
  const auto taskMin = min == nullptr ? std::optional<long>(0) : wholeNumber(min);
  if (!taskId || !taskCount || !taskMin || *taskCount < 1 || *taskId < *taskMin || *taskId - *taskMin >= *taskCount)
    throw InputError("SLURM_ARRAY_TASK_ID", std::string(id) + " with SLURM_ARRAY_TASK_MIN " + (min ? min : "unset") +
                                                " and SLURM_ARRAY_TASK_COUNT " + count +
                                                " names no shard; give --shard K/N (an array of consecutive task IDs)");
  return Shard{static_cast<int>(*taskId - *taskMin), static_cast<int>(*taskCount)};
}

std::vector<fs::path> readSlideList(const fs::path& listFile) {
  std::ifstream in(listFile);
  if (!in) throw InputError(listFile.string(), "cannot read the slide list (--input-list)");
  const fs::path base = listFile.has_parent_path() ? listFile.parent_path() : fs::path(".");
  std::vector<fs::path> slides;
  std::map<std::string, int> lineOfStem;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string entry = trimmed(line);
    if (entry.empty() || entry[0] == '#') continue;
    const fs::path slide = fs::path(entry).is_absolute() ? fs::path(entry) : base / entry;
    const auto [it, fresh] = lineOfStem.emplace(slide.stem().string(), number);
    if (!fresh)
      throw InputError(listFile.string(), "lines " + std::to_string(it->second) + " and " + std::to_string(number) +
                                              " name slides with the same stem '" + it->first +
                                              "', whose outputs would be one file");
    slides.push_back(slide.lexically_normal());
  }
  if (slides.empty()) throw InputError(listFile.string(), "the slide list names no slide");
  return slides;
}

std::vector<fs::path> slidesOfShard(const std::vector<fs::path>& slides, Shard shard) {
  std::vector<fs::path> mine;
  for (std::size_t i = static_cast<std::size_t>(shard.index); i < slides.size(); i += static_cast<std::size_t>(shard.count))
    mine.push_back(slides[i]);
  return mine;
}

fs::path BatchManifest::pathFor(const fs::path& outDir, const std::optional<Shard>& shard) {
  if (!shard || shard->count == 1) return outDir / "manifest.csv";
  return outDir / ("manifest-shard-" + std::to_string(shard->index) + "-of-" + std::to_string(shard->count) + ".csv");
}

BatchManifest::BatchManifest(fs::path file) : file_(std::move(file)) {
  std::error_code ec;
  if (!fs::exists(file_, ec)) return;
  std::ifstream in(file_, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const auto records = csvRecords(text.str());
  if (records.empty() || records.front().size() != 5 || records.front()[0] != "slide")
    throw InputError(file_.string(), std::string("not a batch manifest (expected the header ") + kHeader + ")");
  for (std::size_t i = 1; i < records.size(); ++i) {
    const auto& r = records[i];
    const auto tiles = r.size() == 5 ? wholeNumber(r[3]) : std::nullopt;
    char* end = nullptr;
    const double seconds = r.size() == 5 ? std::strtod(r[2].c_str(), &end) : 0;
    if (!tiles || end == r[2].c_str())
      throw InputError(file_.string(), "row " + std::to_string(i + 1) + " is not slide,status,seconds,tiles,error");
    rows_.push_back(ManifestRow{r[0], r[1], seconds, *tiles, r[4]});
  }
}

const ManifestRow* BatchManifest::find(const std::string& slide) const {
  for (const auto& row : rows_)
    if (row.slide == slide) return &row;
  return nullptr;
}

void BatchManifest::record(const ManifestRow& row) {
  bool replaced = false;
  for (auto& existing : rows_)
    if (existing.slide == row.slide) {
      existing = row;
      replaced = true;
    }
  if (!replaced) rows_.push_back(row);
  std::ostringstream out;
  out << kHeader << "\n";
  for (const auto& r : rows_) {
    std::ostringstream seconds;
    seconds.precision(3);
    seconds << std::fixed << r.seconds;
    out << csvField(r.slide) << ',' << csvField(r.status) << ',' << seconds.str() << ',' << r.tiles << ','
        << csvField(r.error) << "\n";
  }
  writeFileAtomically(file_, out.str());
}

}  // namespace arml::slide
