#pragma once
#include <QMainWindow>

class QListWidget;
class QStackedWidget;

namespace arml::ui {

// The application window: a page list on the left (Project, Training, Review, Slides), the
// current page on the right. Owns its pages.
class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget* parent = nullptr);

  QStackedWidget* pages() const { return pages_; }
  QListWidget* pageList() const { return pageList_; }

private:
  void addPage(const QString& title, QWidget* page);
  void showAbout();

  QListWidget* pageList_;
  QStackedWidget* pages_;
};

}  // namespace arml::ui
