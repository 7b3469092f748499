// The Training page's toolbar: Start, Stop and Resume with their keys (the Run menu's) in the
// tooltips, and the plot's export. The buttons keep the object names "start", "stop", "resume".
#include <QAction>
#include <QToolBar>
#include <QToolButton>

#include "ui/training/training_page.h"
#include "widgets/tinted_icon.h"

namespace arml::ui {

QToolBar* TrainingPage::buildToolbar() {
  auto* bar = new QToolBar(this);
  bar->setObjectName(QStringLiteral("trainingToolbar"));
  bar->setIconSize(QSize(22, 22));
  bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  bar->setMovable(false);
  bar->setFloatable(false);
  // The keys are the Run menu's (one action each, app-wide): the tooltips name them.
  const auto add = [bar](const char* icon, const QString& text, const QString& tip, const char* name) {
    QAction* a = bar->addAction(widgets::tintedIcon(QString::fromLatin1(icon)), text);
    a->setToolTip(tip);
    bar->widgetForAction(a)->setObjectName(QString::fromLatin1(name));
    return a;
  };
  startAction_ = add(":/icons/run.svg", tr("&Start"), tr("Start the job (Ctrl+R)"), "start");
  stopAction_ = add(":/icons/stop.svg", tr("S&top"), tr("Stop: the job saves a checkpoint and exits (Ctrl+.)"), "stop");
  resumeAction_ = add(":/icons/resume.svg", tr("&Resume"),
                      tr("Continue the last stopped run from its checkpoint (Ctrl+Shift+R)"), "resume");
  connect(startAction_, &QAction::triggered, this, &TrainingPage::start);
  connect(stopAction_, &QAction::triggered, this, &TrainingPage::stop);
  connect(resumeAction_, &QAction::triggered, this, &TrainingPage::resume);
  bar->addSeparator();
  exportButton_->setIcon(widgets::tintedIcon(QStringLiteral(":/icons/export.svg")));
  exportButton_->setIconSize(bar->iconSize());
  exportButton_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  exportButton_->setAutoRaise(true);
  bar->addWidget(exportButton_);
  return bar;
}

}  // namespace arml::ui
