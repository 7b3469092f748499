#include "core/resources.h"

#include <fstream>
#include <string>

namespace arml {

namespace {
double statusFieldMb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string key = std::string(field) + ":";
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(key.size())) / 1024.0;  // kB -> MiB
  return 0.0;
}
}  // namespace

double peakRssMb() { return statusFieldMb("VmHWM"); }
double currentRssMb() { return statusFieldMb("VmRSS"); }

bool resetPeakRss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  return static_cast<bool>(out.flush());
}

}  // namespace arml
