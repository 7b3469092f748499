// The Training page while a job streams events fast: how smooth the GUI stays.
//
//   QT_QPA_PLATFORM=offscreen bench_training_page [--rate 2000] [--seconds 20] [--preload 60000]
//
// The page starts a real child process through its own code path (RunController, QProcess,
// event parser, plots): this same binary, set as the `arml` program, which replays a stage-1-like
// event stream (`--preload` step events at once, then `--rate` events/s for `--seconds`). The GUI
// side measures
//   - event-loop responsiveness: the gaps between ticks of a 1 ms timer (median, p95, max stall);
//   - every plot redraw (LossPlot::redrawn) and the number of loss points it drew;
//   - the redraw time of the finished plot at rest (all points, 20 redraws).
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <vector>

#include "ui/shell/app_settings.h"
#include "ui/training/run_controller.h"
#include "ui/training/training_page.h"
#include "widgets/loss_plot.h"

namespace {

// The stand-in `arml`: a stage-1-like stream on stdout, paced in 5 ms slices.
int emitEvents(long preload, double rate, double seconds) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> noise(0.0, 0.1);
  const int steps = 500, epochs = 1000;
  long n = 0;
  QElapsedTimer clock;
  clock.start();
  const auto step = [&] {
    ++n;
    const int epoch = int(n / steps), i = int(n % steps) + 1;
    const double loss = 0.7 * std::exp(-double(n) / 20000.0) + 0.1 + noise(rng);
    const double lr = 0.01 * std::pow(1.0 - double(n) / (double(steps) * epochs), 0.9);
    std::printf("{\"type\":\"step\",\"time\":%.3f,\"stage\":\"stage1\",\"epoch\":%d,\"epochs\":%d,\"step\":%d,\"steps\":%d,"
                "\"global_step\":%ld,\"total_steps\":%d,\"loss\":%.6f,\"lr\":%.6g,\"ars\":true,\"images_per_s\":%.1f}\n",
                clock.nsecsElapsed() / 1e9, epoch, epochs, i, steps, n, steps * epochs, loss, lr, 20 + 5 * noise(rng));
    if (i == steps)
      std::printf("{\"type\":\"epoch\",\"time\":%.3f,\"stage\":\"stage1\",\"epoch\":%d,\"epochs\":%d,\"loss\":%.5f,"
                  "\"exact_match\":%.4f,\"jaccard\":%.4f,\"val_miou\":%.4f,\"iou\":[%.3f,%.3f,%.3f,%.3f]}\n",
                  clock.nsecsElapsed() / 1e9, epoch, epochs, loss, 0.3 + noise(rng), 0.5 + noise(rng), 0.4 + noise(rng),
                  0.5 + noise(rng), 0.4 + noise(rng), 0.3 + noise(rng), 0.6 + noise(rng));
  };
  for (long k = 0; k < preload; ++k) step();
  std::fflush(stdout);
  const long total = long(rate * seconds);
  QElapsedTimer paced;
  paced.start();
  for (long k = 0; k < total;) {
    const long due = std::min(total, long(rate * paced.nsecsElapsed() / 1e9) + 1);
    for (; k < due; ++k) step();
    std::fflush(stdout);
    QThread::usleep(5000);
  }
  std::printf("{\"type\":\"done\",\"time\":%.3f,\"exit_code\":0}\n", clock.nsecsElapsed() / 1e9);
  std::fflush(stdout);
  return 0;
}

double threadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "train-cls") {  // started by the page as its `arml`
      const QByteArray spec = qgetenv("BENCH_TRAINING_STREAM");  // "preload,rate,seconds"
      const QList<QByteArray> p = spec.split(',');
      return emitEvents(p.value(0).toLong(), p.value(1).toDouble(), p.value(2).toDouble());
    }

  QApplication app(argc, argv);
  QApplication::setOrganizationName("arml-bench");
  QApplication::setApplicationName("bench_training_page");
  QCommandLineParser parser;
  parser.addHelpOption();
  QCommandLineOption rateOpt("rate", "step events per second", "N", "2000");
  QCommandLineOption secondsOpt("seconds", "seconds of streaming", "S", "20");
  QCommandLineOption preloadOpt("preload", "step events sent at once first", "N", "60000");
  parser.addOptions({rateOpt, secondsOpt, preloadOpt});
  parser.process(app);
  const double rate = parser.value(rateOpt).toDouble(), seconds = parser.value(secondsOpt).toDouble();
  const long preload = parser.value(preloadOpt).toLong();

  QStandardPaths::setTestModeEnabled(true);  // keep the user's settings out of it
  QSettings().clear();
  arml::ui::AppSettings settings = arml::ui::AppSettings::load();
  settings.armlProgram = QCoreApplication::applicationFilePath();
  settings.save();
  qputenv("BENCH_TRAINING_STREAM", QByteArray::number(qlonglong(preload)) + ',' + QByteArray::number(rate) + ',' +
                                       QByteArray::number(seconds));
  QTemporaryDir tmp;
  QDir(tmp.path()).mkpath("data/train");

  arml::ui::TrainingPage page;
  page.resize(1400, 900);
  page.show();
  arml::ui::JobSettings job = page.settings();
  job.kind = arml::ui::JobKind::Stage1;
  job.dataset = tmp.path() + "/data";
  job.outDir = tmp.path() + "/run";
  page.setSettings(job);

  std::vector<double> gaps, redraws, redrawsAt100k;
  QElapsedTimer wall;
  std::vector<int> redrawPoints;
  QElapsedTimer sinceTick;
  QTimer ticker;
  ticker.setTimerType(Qt::PreciseTimer);
  ticker.setInterval(1);
  long stepsSeen = 0;
  double preloadDoneS = -1;
  QObject::connect(page.controller(), &arml::ui::RunController::stepReceived, [&] {
    if (++stepsSeen == preload) preloadDoneS = wall.nsecsElapsed() / 1e9;
  });
  // Responsiveness is measured while the job streams at its pace, after the preload burst.
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    if (stepsSeen >= preload) gaps.push_back(sinceTick.nsecsElapsed() / 1e6);
    sinceTick.restart();
  });
  QObject::connect(page.plot(), &arml::widgets::LossPlot::redrawn, [&](double ms) {
    redraws.push_back(ms);
    const int points = page.plot()->stepCount(0);
    redrawPoints.push_back(points);
    if (points >= 95000) redrawsAt100k.push_back(ms);
  });
  QObject::connect(page.controller(), &arml::ui::RunController::started, [&] {
    wall.start();
    sinceTick.start();
    ticker.start();
  });
  QObject::connect(page.controller(), &arml::ui::RunController::finished, &app, [&] { ticker.stop(); app.quit(); });
  QTimer::singleShot(0, &page, [&] { page.start(); });
  app.exec();
  const double wallS = wall.nsecsElapsed() / 1e9;
  QObject::disconnect(page.plot(), &arml::widgets::LossPlot::redrawn, nullptr, nullptr);

  // The finished plot at rest: every point, full redraws.
  // Also in CPU time of this thread, which a loaded machine (other processes on the cores) does
  // not inflate the way it inflates wall time.
  std::vector<double> rest, restCpu;
  for (int i = 0; i < 20; ++i) {
    const double cpu0 = threadCpuMs();
    page.plot()->resetView();
    restCpu.push_back(threadCpuMs() - cpu0);
    rest.push_back(page.plot()->lastRedrawMs());
  }
  const long events = preload + long(rate * seconds);
  QTextStream out(stdout);
  out << "bench_training_page: " << events << " step events (" << preload << " at once, then " << rate << "/s for "
      << seconds << " s) in " << QString::number(wallS, 'f', 1) << " s; job state "
      << arml::ui::RunController::stateName(page.controller()->state()) << ", points plotted "
      << page.plot()->stepCount(0) << "; the preload was absorbed after " << QString::number(preloadDoneS, 'f', 2) << " s\n";
  out << "  event loop (1 ms timer gaps, " << gaps.size() << " ticks): median " << QString::number(percentile(gaps, 0.5), 'f', 2)
      << " ms, p95 " << QString::number(percentile(gaps, 0.95), 'f', 2) << " ms, max stall "
      << QString::number(gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end()), 'f', 1) << " ms\n";
  out << "  plot redraws while streaming (" << redraws.size() << "): median " << QString::number(percentile(redraws, 0.5), 'f', 2)
      << " ms, p95 " << QString::number(percentile(redraws, 0.95), 'f', 2) << " ms, max "
      << QString::number(redraws.empty() ? 0 : *std::max_element(redraws.begin(), redraws.end()), 'f', 1) << " ms\n";
  out << "  redraws with >= 95k points while streaming (" << redrawsAt100k.size() << "): median "
      << QString::number(percentile(redrawsAt100k, 0.5), 'f', 2) << " ms, p95 "
      << QString::number(percentile(redrawsAt100k, 0.95), 'f', 2) << " ms\n";
  out << "  redraw at rest with " << page.plot()->stepCount(0) << " points (20 full redraws): median "
      << QString::number(percentile(rest, 0.5), 'f', 2) << " ms, max "
      << QString::number(*std::max_element(rest.begin(), rest.end()), 'f', 2) << " ms; CPU time median "
      << QString::number(percentile(restCpu, 0.5), 'f', 2) << " ms (max "
      << QString::number(*std::max_element(restCpu.begin(), restCpu.end()), 'f', 2) << " ms)\n";
  out << "{\"what\":\"training_page\",\"events\":" << events << ",\"loop_gap_median_ms\":" << percentile(gaps, 0.5)
      << ",\"loop_gap_p95_ms\":" << percentile(gaps, 0.95)
      << ",\"max_stall_ms\":" << (gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end()))
      << ",\"redraw_median_ms\":" << percentile(redraws, 0.5) << ",\"redraw_p95_ms\":" << percentile(redraws, 0.95)
      << ",\"redraw_100k_median_ms\":" << percentile(redrawsAt100k, 0.5)
      << ",\"redraw_rest_median_ms\":" << percentile(rest, 0.5)
      << ",\"redraw_rest_cpu_median_ms\":" << percentile(restCpu, 0.5) << "}\n";
  return page.controller()->state() == arml::ui::RunController::State::Finished ? 0 : 1;
}
