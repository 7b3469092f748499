// `arml-studio`: the desktop application.
//   arml-studio [PROJECT_FOLDER] [--measure-startup]
// Without a folder, the very first start makes and opens the built-in demo project.
// --measure-startup prints the milliseconds from main() to the first paint of the main window
// (and from process start, read from /proc) and quits.
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QIcon>
#include <QTextStream>
#include <QTimer>
#include <unistd.h>

#include "ui/shell/app_settings.h"
#include "ui/shell/main_window.h"
#include "widgets/tinted_icon.h"

namespace {
// Milliseconds since this process started (Linux /proc), or -1.
double msSinceProcessStart() {
  QFile stat(QStringLiteral("/proc/self/stat"));
  QFile uptime(QStringLiteral("/proc/uptime"));
  if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly)) return -1;
  const QByteArray s = stat.readAll();
  const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
  if (fields.size() < 20) return -1;
  const double startTicks = fields[19].toDouble();  // field 22: starttime in clock ticks since boot
  const double up = uptime.readAll().split(' ').value(0).toDouble();
  return (up - startTicks / double(sysconf(_SC_CLK_TCK))) * 1000.0;
}

class FirstPaintProbe : public QObject {
public:
  FirstPaintProbe(QElapsedTimer* sinceMain) : sinceMain_(sinceMain) {}
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() == QEvent::Paint && !done_) {
      done_ = true;
      const double mainMs = sinceMain_->nsecsElapsed() / 1e6;
      QTimer::singleShot(0, [mainMs] {
        QTextStream(stdout) << "startup: first paint of the main window " << QString::number(mainMs, 'f', 1)
                            << " ms after main(), " << QString::number(msSinceProcessStart(), 'f', 0)
                            << " ms after process start (10 ms resolution)\n";
        QApplication::exit(0);
      });
    }
    return QObject::eventFilter(watched, event);
  }

private:
  QElapsedTimer* sinceMain_;
  bool done_ = false;
};
}  // namespace

int main(int argc, char** argv) {
  QElapsedTimer sinceMain;
  sinceMain.start();
  QApplication app(argc, argv);
  QApplication::setOrganizationName("ARML Studio");
  QApplication::setApplicationName("arml-studio");
  QApplication::setApplicationVersion(ARML_VERSION);
  QApplication::setWindowIcon(arml::widgets::tintedIcon(QStringLiteral(":/icons/arml-studio.svg")));
  QGuiApplication::setDesktopFileName(QStringLiteral("arml-studio"));  // the .desktop entry, for Wayland's icon
  arml::ui::installTranslations(app);

  QCommandLineParser parser;
  parser.setApplicationDescription(QApplication::translate("main", "ARML Studio: weakly supervised tissue segmentation"));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption measure(QStringLiteral("measure-startup"),
                             QApplication::translate("main", "Print the time until the window is painted, then quit."));
  parser.addOption(measure);
  parser.addPositionalArgument(QStringLiteral("project"), QApplication::translate("main", "Project folder to open."));
  parser.process(app);

  arml::ui::MainWindow window;
  FirstPaintProbe probe(&sinceMain);
  if (parser.isSet(measure)) window.installEventFilter(&probe);
  if (!parser.positionalArguments().isEmpty()) window.openProjectFolder(parser.positionalArguments().first());
  window.show();
  // First start: make and open the demo project once the window is up (a child process; the
  // window stays usable meanwhile).
  if (parser.positionalArguments().isEmpty() && !parser.isSet(measure))
    QTimer::singleShot(0, &window, [&window] { window.openDemoProjectOnFirstStart(); });
  return app.exec();
}
