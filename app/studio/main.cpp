// `arml-studio`: the desktop application.
#include <QApplication>

#include "ui/main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("ARML Studio");
  QApplication::setApplicationName("arml-studio");
  QApplication::setApplicationVersion(ARML_VERSION);
  arml::ui::MainWindow window;
  window.show();
  return app.exec();
}
