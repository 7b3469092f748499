#pragma once
// The row of a run in a list of runs as the Runs page shows them (RunsPage::runs(), one row per
// entry, in order): the index of the entry whose id is `id`, -1 when there is none. A template so
// that the support library stays free of the GUI.
#include <QString>

namespace arml::test {

template <class Runs>
int rowOfRun(const Runs& runs, const QString& id) {
  for (int i = 0; i < int(runs.size()); ++i)
    if (runs[i].id == id) return i;
  return -1;
}

}  // namespace arml::test
