#include "ui/shell/project_file_dialogs.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>

namespace arml::ui::ProjectFileDialogs {

namespace {
QString& openProject() {
  static QString folder;
  return folder;
}
QString& lastInProject() {
  static QString folder;
  return folder;
}

QString absolute(const QString& path) { return QDir::cleanPath(QFileInfo(path).absoluteFilePath()); }

bool inside(const QString& path, const QString& folder) {
  if (path.isEmpty() || folder.isEmpty()) return false;
  const QString p = absolute(path), f = absolute(folder);
  return p == f || p.startsWith(f + QLatin1Char('/'));
}

void remember(const QString& chosenFolder) {
  if (inside(chosenFolder, openProject())) lastInProject() = absolute(chosenFolder);
}
}  // namespace

void setProjectFolder(const QString& folder) {
  if (absolute(folder) == openProject()) return;
  openProject() = folder.isEmpty() ? QString() : absolute(folder);
  lastInProject().clear();  // a folder of the previous project is no start for this one
}

QString projectFolder() { return openProject(); }

QString startFolder(const QString& current, const QString& fallback) {
  const QString typed = current.trimmed();
  if (!typed.isEmpty() && QFileInfo(typed).isAbsolute()) {
    const QFileInfo info(typed);
    if (info.isDir()) return absolute(typed);
    if (info.absoluteDir().exists()) return absolute(info.absolutePath());
  }
  if (!lastInProject().isEmpty() && QFileInfo(lastInProject()).isDir()) return lastInProject();
  if (!openProject().isEmpty() && QFileInfo(openProject()).isDir()) return openProject();
  if (!fallback.isEmpty() && QFileInfo(fallback).isDir()) return absolute(fallback);
  return QDir::homePath();
}

QString getOpenFileName(QWidget* parent, const QString& title, const QString& current, const QString& filter,
                        const QString& fallback) {
  const QString file = QFileDialog::getOpenFileName(parent, title, startFolder(current, fallback), filter);
  if (!file.isEmpty()) remember(QFileInfo(file).absolutePath());
  return file;
}

QString getSaveFileName(QWidget* parent, const QString& title, const QString& suggested, const QString& filter,
                        QString* selectedFilter, const QString& fallback) {
  // A bare suggested name ("curves.png") goes into the start folder, not the working directory.
  const QFileInfo info(suggested);
  const QString folder = startFolder(info.isAbsolute() ? suggested : QString(), fallback);
  const QString start = info.fileName().isEmpty() || info.isDir() ? folder : QDir(folder).filePath(info.fileName());
  const QString file = QFileDialog::getSaveFileName(parent, title, start, filter, selectedFilter);
  if (!file.isEmpty()) remember(QFileInfo(file).absolutePath());
  return file;
}

QString getExistingDirectory(QWidget* parent, const QString& title, const QString& current, const QString& fallback) {
  const QString dir = QFileDialog::getExistingDirectory(parent, title, startFolder(current, fallback));
  if (!dir.isEmpty()) remember(dir);
  return dir;
}

}  // namespace arml::ui::ProjectFileDialogs
