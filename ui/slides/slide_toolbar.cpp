#include "ui/slides/slide_toolbar.h"

#include <QAbstractButton>
#include <QAction>
#include <QActionGroup>
#include <QEvent>

#include "widgets/tinted_icon.h"

namespace arml::ui {

SlideToolbar::SlideToolbar(QWidget* page) : QToolBar(page), page_(page), tools_(new QActionGroup(this)) {
  setObjectName(QStringLiteral("slideToolbar"));
  setIconSize(QSize(22, 22));
  setToolButtonStyle(Qt::ToolButtonIconOnly);
  setMovable(false);
  setFloatable(false);

  openSlide_ = addTool(QStringLiteral("open-slide"), tr("Open slide…"), {});
  openOverlay_ = addTool(QStringLiteral("overlay"), tr("Open overlay…"), {},
                         tr("A class-mask pyramid (.tif) written by slide inference"));
  runInference_ = addTool(QStringLiteral("slide-inference"), tr("Run inference on this slide…"), {},
                          tr("Segment the whole slide with a stage-2 model (an arml predict job)"));
  addSeparator();
  // The tools: exactly one is active, shown pressed.
  pan_ = addTool(QStringLiteral("pan"), tr("Pan"), QKeySequence(Qt::Key_M), tr("Drag to move, wheel to zoom"));
  region_ = addTool(QStringLiteral("region"), tr("Send region to review"), QKeySequence(Qt::Key_S),
                    tr("Drag a rectangle on the slide: it is cut into training-size patches for the review queue"));
  for (QAction* tool : {pan_, region_}) {
    tool->setCheckable(true);
    tools_->addAction(tool);
  }
  pan_->setChecked(true);
  addSeparator();
  predictView_ = addTool(QStringLiteral("predict-view"), tr("Predict this view"), QKeySequence(Qt::Key_V),
                         tr("Segment the visible region with the stage-2 model"));
  camView_ = addTool(QStringLiteral("cam-view"), tr("CAM of this view"), QKeySequence(Qt::Key_C),
                     tr("Class activation map of the visible region"));
  addSeparator();
  zoomIn_ = addTool(QStringLiteral("zoom-in"), tr("Zoom in"), QKeySequence(Qt::Key_Plus));
  zoomOut_ = addTool(QStringLiteral("zoom-out"), tr("Zoom out"), QKeySequence(Qt::Key_Minus));
  fit_ = addTool(QStringLiteral("zoom-fit"), tr("Fit the slide"), QKeySequence(Qt::Key_0));
  overlay_ = addTool(QStringLiteral("overlay"), tr("Show overlay"), QKeySequence(Qt::Key_O));
  overlay_->setCheckable(true);
}

// The tooltip names the key ("Predict this view (V)"), as the Review page's tools do.
QAction* SlideToolbar::addTool(const QString& icon, const QString& text, const QKeySequence& key, const QString& help) {
  auto* action = addAction(widgets::tintedIcon(QStringLiteral(":/icons/%1.svg").arg(icon)), text);
  action->setObjectName(icon);
  QString tip = key.isEmpty() ? text : tr("%1 (%2)").arg(text, key.toString(QKeySequence::NativeText));
  if (!help.isEmpty()) tip += QLatin1Char('\n') + help;
  action->setToolTip(tip);
  if (!key.isEmpty()) {
    action->setShortcut(key);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    page_->addAction(action);  // the key works anywhere on the page, not only on the toolbar
  }
  return action;
}

void SlideToolbar::mirror(QAction* action, QAbstractButton* button) {
  action->setEnabled(button->isEnabled());
  connect(action, &QAction::triggered, button, [button] {
    if (button->isEnabled()) button->click();
  });
  if (button->isCheckable()) {
    action->setChecked(button->isChecked());
    connect(button, &QAbstractButton::toggled, action, [this, action](bool on) {
      if (action == region_) pan_->setChecked(!on);  // leaving the region tool: back to panning
      action->setChecked(on);
    });
  }
  if (action == region_)  // choosing the pan tool leaves the region tool
    connect(pan_, &QAction::triggered, button, [button] {
      if (button->isChecked()) button->click();
    });
  mirrored_.insert(button, action);
  button->installEventFilter(this);
}

bool SlideToolbar::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::EnabledChange) {
    auto* button = qobject_cast<QAbstractButton*>(watched);
    if (QAction* action = mirrored_.value(watched); button && action) action->setEnabled(button->isEnabled());
  }
  return QToolBar::eventFilter(watched, event);
}

}  // namespace arml::ui
