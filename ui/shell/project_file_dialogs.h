#pragma once
// The app's file dialogs start in the open project's folder, or in a folder inside it that a
// dialog chose before, or where the field being filled in points: never in the process's
// working directory (where a user never keeps data). One place for every page's Browse… / Export….
#include <QString>

class QWidget;

namespace arml::ui::ProjectFileDialogs {

// The open project's folder (MainWindow sets it; empty: none open).
void setProjectFolder(const QString& folder);
QString projectFolder();

// Where a dialog starts: the folder of `current` (a path typed in the field) when that exists;
// else the folder last chosen inside the open project; else the project folder; else `fallback`
// (e.g. the settings' datasets folder) when it exists; else the home folder. Never empty.
QString startFolder(const QString& current = QString(), const QString& fallback = QString());

// QFileDialog's static functions, started in startFolder(current, fallback); a save dialog keeps
// the suggested file name. They remember the chosen folder when it lies inside the project.
QString getOpenFileName(QWidget* parent, const QString& title, const QString& current, const QString& filter,
                        const QString& fallback = QString());
QString getSaveFileName(QWidget* parent, const QString& title, const QString& suggested, const QString& filter,
                        QString* selectedFilter = nullptr, const QString& fallback = QString());
QString getExistingDirectory(QWidget* parent, const QString& title, const QString& current,
                             const QString& fallback = QString());

}  // namespace arml::ui::ProjectFileDialogs
