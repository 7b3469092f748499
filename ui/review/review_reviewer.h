#pragma once
// Who is reviewing: the name recorded in review.json ("reviewer") and in a correction's provenance
// ("editor"). The name set in the settings (QSettings key "reviewer") when there is one, else the
// operating system's user (USER, USERNAME, LOGNAME, else the home folder's name), so an entry is
// never stamped with an empty name.
#include <QString>

namespace arml::ui {

QString reviewerName();
void setReviewerName(const QString& name);  // empty: back to the operating system's user

}  // namespace arml::ui
