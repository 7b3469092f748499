#include "ui/main_window.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>

namespace arml::ui {

namespace {
QWidget* placeholderPage(const QString& text) {
  auto* label = new QLabel(text);
  label->setAlignment(Qt::AlignCenter);
  label->setWordWrap(true);
  return label;
}
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("ARML Studio"));
  resize(1280, 800);

  auto* central = new QWidget(this);
  auto* layout = new QHBoxLayout(central);
  pageList_ = new QListWidget(central);
  pageList_->setFixedWidth(180);
  pages_ = new QStackedWidget(central);
  layout->addWidget(pageList_);
  layout->addWidget(pages_, 1);
  setCentralWidget(central);

  addPage(tr("Project"), placeholderPage(tr("Open or create a project folder to begin.")));
  addPage(tr("Training"), placeholderPage(tr("Stage 1, pseudo masks, stage 2 and evaluation.")));
  addPage(tr("Review"), placeholderPage(tr("Compare CAMs and correct pseudo masks.")));
  addPage(tr("Slides"), placeholderPage(tr("Whole-slide viewer with prediction overlays.")));
  connect(pageList_, &QListWidget::currentRowChanged, pages_, &QStackedWidget::setCurrentIndex);
  pageList_->setCurrentRow(0);

  auto* fileMenu = menuBar()->addMenu(tr("&File"));
  fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
  auto* helpMenu = menuBar()->addMenu(tr("&Help"));
  helpMenu->addAction(tr("&About ARML Studio"), this, &MainWindow::showAbout);
  statusBar()->showMessage(tr("Ready"));
}

void MainWindow::addPage(const QString& title, QWidget* page) {
  pageList_->addItem(title);
  pages_->addWidget(page);
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About ARML Studio"),
                     tr("<b>ARML Studio %1</b><br>Weakly supervised tissue segmentation of H&amp;E "
                        "histology with Activation Relocalization and Mutual Learning.<br>Qt %2")
                         .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

}  // namespace arml::ui
