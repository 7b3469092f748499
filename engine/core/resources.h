#pragma once
// Process resource readings for benchmarks (Linux /proc).

namespace arml {

// Peak resident set size of this process in MiB since start or the last resetPeakRss().
double peakRssMb();
// Current resident set size in MiB.
double currentRssMb();
// Resets the peak (writes 5 to /proc/self/clear_refs); returns false where the kernel refuses.
bool resetPeakRss();

}  // namespace arml
