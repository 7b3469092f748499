#pragma once
// Help › Keyboard Shortcuts (F1): every key of the app in one table, read from the window itself
// (menu actions, each page's actions, and the buttons whose text or tooltip ends with their key,
// as "Brush (B)"), so the table cannot drift from what the keys do.
#include <QDialog>
#include <QString>
#include <QVector>
#include <utility>

class QMenuBar;
class QTableWidget;
class QLineEdit;

namespace arml::ui {

struct ShortcutRow {
  QString where;   // "Menu" or a page's name
  QString action;  // without mnemonics
  QString keys;    // as the platform shows them
};

// The rows for `menus` and, per named page, the actions and keyed buttons inside it.
QVector<ShortcutRow> collectShortcuts(const QMenuBar* menus, const QVector<std::pair<QString, QWidget*>>& pages);

class ShortcutsDialog : public QDialog {
  Q_OBJECT
public:
  ShortcutsDialog(const QVector<ShortcutRow>& rows, QWidget* parent = nullptr);
  QTableWidget* table() const { return table_; }
  QLineEdit* filter() const { return filter_; }

private:
  void applyFilter(const QString& text);

  QTableWidget* table_;
  QLineEdit* filter_;
};

}  // namespace arml::ui
