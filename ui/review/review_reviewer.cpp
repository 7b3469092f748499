#include "ui/review/review_reviewer.h"

#include <QDir>
#include <QSettings>

namespace arml::ui {

namespace {
constexpr const char* kReviewerKey = "reviewer";
}  // namespace

QString reviewerName() {
  const QString chosen = QSettings().value(QString::fromLatin1(kReviewerKey)).toString().trimmed();
  if (!chosen.isEmpty()) return chosen;
  for (const char* variable : {"USER", "USERNAME", "LOGNAME"}) {
    const QString user = qEnvironmentVariable(variable).trimmed();
    if (!user.isEmpty()) return user;
  }
  return QDir::home().dirName();
}

void setReviewerName(const QString& name) {
  QSettings settings;
  if (name.trimmed().isEmpty()) settings.remove(QString::fromLatin1(kReviewerKey));
  else settings.setValue(QString::fromLatin1(kReviewerKey), name.trimmed());
}

}  // namespace arml::ui
