#include "ui/project/dataset_problem_text.h"

#include <QDir>
#include <QRegularExpression>

namespace arml::ui {

namespace {
// "<path>: <problem>" as the engine's InputError writes it; the path is empty when there is none.
void splitPathAndProblem(const QString& error, QString* path, QString* problem) {
  const int colon = error.indexOf(QStringLiteral(": "));
  const QString head = colon > 0 ? error.left(colon) : QString();
  const bool looksLikePath = head.contains(QLatin1Char('/')) || head.contains(QLatin1Char('\\'));
  *path = looksLikePath ? head : QString();
  *problem = looksLikePath ? error.mid(colon + 2) : error;
}

// Command-line advice ("give --dataset ...", "(--data)") means nothing in the app.
QString withoutCommandLineAdvice(QString problem) {
  problem.remove(QRegularExpression(QStringLiteral(";?\\s*give --[a-z-]+[^;]*")));
  problem.remove(QRegularExpression(QStringLiteral("\\s*\\(--[a-z-]+\\)")));
  problem.remove(QRegularExpression(QStringLiteral("--[a-z-]+ ?")));
  return problem.trimmed();
}
}  // namespace

QString datasetErrorInAppWords(const QString& cliError, const QString& root) {
  return DatasetProblemText::inAppWords(cliError, root);
}

QString DatasetProblemText::inAppWords(const QString& cliError, const QString& root) {
  QString path, problem;
  splitPathAndProblem(cliError.trimmed(), &path, &problem);
  const QString where = QDir::toNativeSeparators(path.isEmpty() ? root : path);
  const QString choose = tr("Choose the dataset folder again with “Change…”.");
  if (problem.contains(QLatin1String("does not exist")))
    return tr("The dataset folder %1 does not exist (moved, renamed or on a drive that is not connected). %2")
        .arg(where, choose);
  if (problem.contains(QLatin1String("not a recognised dataset layout")))
    return tr("ARML Studio does not recognise %1 as a dataset. It expects a folder holding train/ with patches "
              "named by their labels, like “patch-[1 0 0 1].png” (LUAD-HistoSeg, BCSS-WSSS), training/ "
              "(WSSS4LUAD), or labels.csv beside the patches; val/ and test/ hold img/ and mask/. "
              "If the patches are one level deeper, choose that folder. %2")
        .arg(where, choose);
  if (problem.contains(QLatin1String("missing CSV of labels")) || problem.contains(QLatin1String("CSV of labels")))
    return tr("The labels file %1 is missing or cannot be opened. Put labels.csv (a header “file,<class>,…” and "
              "one row per patch) in the dataset folder, or choose another dataset folder with “Change…”.")
        .arg(where);
  if (problem.contains(QLatin1String("must be a header")))
    return tr("The first line of %1 must name the columns: file, then one column per tissue class. "
              "Correct the file and reopen the project.")
        .arg(where);
  if (problem.contains(QLatin1String("missing split folder")) || problem.contains(QLatin1String("split is empty")))
    return tr("%1 is missing or holds no image/mask pairs. Add the img/ and mask/ folders of the split, "
              "or choose another dataset folder with “Change…”.")
        .arg(where);
  const QString rest = withoutCommandLineAdvice(problem);
  return tr("ARML Studio could not read the dataset in %1: %2. Check the folder, or choose another one with "
            "“Change…”.")
      .arg(where, rest.isEmpty() ? tr("no reason was given") : rest);
}

}  // namespace arml::ui
