#include "ui/shell/shortcuts_dialog.h"

#include <algorithm>

#include <QAbstractButton>
#include <QAction>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace arml::ui {

namespace {

QString withoutMnemonic(QString text) {
  text.remove(QRegularExpression(QStringLiteral("\\(&.\\)")));  // "关于(&A)"
  text.remove(QLatin1Char('&'));
  return text.trimmed();
}

void addActions(QVector<ShortcutRow>& rows, const QString& where, const QList<QAction*>& actions) {
  for (const QAction* a : actions) {
    if (a->menu()) continue;
    QStringList keys;
    for (const QKeySequence& k : a->shortcuts()) keys << k.toString(QKeySequence::NativeText);
    if (keys.isEmpty() || a->text().isEmpty()) continue;
    rows.push_back({where, withoutMnemonic(a->text()), keys.join(QStringLiteral(", "))});
  }
}

void addMenu(QVector<ShortcutRow>& rows, const QMenu* menu) {
  addActions(rows, QCoreApplication::translate("arml::ui::ShortcutsDialog", "Menu"), menu->actions());
  for (const QAction* a : menu->actions())
    if (a->menu()) addMenu(rows, a->menu());
}

}  // namespace

QVector<ShortcutRow> collectShortcuts(const QMenuBar* menus, const QVector<std::pair<QString, QWidget*>>& pages) {
  QVector<ShortcutRow> rows;
  if (menus)
    for (const QAction* a : menus->actions())
      if (a->menu()) addMenu(rows, a->menu());
  // A button's key is the last parenthesised word of its text or tooltip: "Brush (B)", "画笔 (B)".
  static const QRegularExpression keyed(QStringLiteral("^(.*\\S)\\s*[(（]([^()（）]{1,12})[)）]$"));
  for (const auto& [name, page] : pages) {
    addActions(rows, name, page->findChildren<QAction*>());
    for (const QAbstractButton* b : page->findChildren<QAbstractButton*>()) {
      const auto* tool = qobject_cast<const QToolButton*>(b);
      if (tool && tool->defaultAction()) continue;  // counted with the actions
      QRegularExpressionMatch m = keyed.match(withoutMnemonic(b->text()));
      if (!m.hasMatch()) m = keyed.match(b->toolTip());
      if (m.hasMatch()) rows.push_back({name, m.captured(1), m.captured(2)});
    }
  }
  // A page's button and the action that gives it a page-wide key ("Brush (B)" and Brush, B) are one row.
  QVector<ShortcutRow> unique;
  for (const ShortcutRow& row : rows)
    if (std::none_of(unique.begin(), unique.end(), [&](const ShortcutRow& u) {
          return u.where == row.where && u.action == row.action && u.keys == row.keys;
        }))
      unique.push_back(row);
  return unique;
}

ShortcutsDialog::ShortcutsDialog(const QVector<ShortcutRow>& rows, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Keyboard Shortcuts"));
  auto* layout = new QVBoxLayout(this);
  filter_ = new QLineEdit;
  filter_->setPlaceholderText(tr("Find an action or a key"));
  filter_->setClearButtonEnabled(true);
  layout->addWidget(filter_);
  table_ = new QTableWidget(static_cast<int>(rows.size()), 3);
  table_->setHorizontalHeaderLabels({tr("Where"), tr("Action"), tr("Keys")});
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  for (int r = 0; r < rows.size(); ++r) {
    table_->setItem(r, 0, new QTableWidgetItem(rows[r].where));
    table_->setItem(r, 1, new QTableWidgetItem(rows[r].action));
    table_->setItem(r, 2, new QTableWidgetItem(rows[r].keys));
  }
  table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  table_->resizeColumnToContents(0);
  table_->resizeColumnToContents(2);
  layout->addWidget(table_, 1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  connect(filter_, &QLineEdit::textChanged, this, &ShortcutsDialog::applyFilter);
  resize(560, 520);
}

void ShortcutsDialog::applyFilter(const QString& text) {
  for (int r = 0; r < table_->rowCount(); ++r) {
    bool shown = text.isEmpty();
    for (int c = 0; c < 3 && !shown; ++c) shown = table_->item(r, c)->text().contains(text, Qt::CaseInsensitive);
    table_->setRowHidden(r, !shown);
  }
}

}  // namespace arml::ui
