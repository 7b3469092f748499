#pragma once
// What the Project page says when `arml inspect-data` could not read a dataset at all: the
// reader's message ("<path>: <problem>; give --dataset ...") retold in the app's words, naming the
// folder or file and saying what to do in the app, without command-line flags.
#include <QCoreApplication>
#include <QString>

namespace arml::ui {

struct DatasetProblemText {
  Q_DECLARE_TR_FUNCTIONS(DatasetProblemText)
public:
  static QString inAppWords(const QString& cliError, const QString& root);
};

// cliError: the last line the CLI wrote to stderr (without "error: "), or a failure of our own.
// root: the dataset folder that was inspected.
QString datasetErrorInAppWords(const QString& cliError, const QString& root);

}  // namespace arml::ui
