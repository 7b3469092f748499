#pragma once
// The Slides page's toolbar (QuPath's and ASAP's habit): icons for opening a slide and an overlay,
// slide inference, the two tools (pan, send a region to review; the active one highlighted), the
// live layers of the view, zoom and the overlay. Each tooltip names its key; the keys work
// wherever the focus is on the page, except in text and number fields (WidgetWithChildrenShortcut).
// An action that stands for one of the page's buttons clicks it and follows its enabled and
// checked state (mirror()), so the page's logic stays with its buttons.
#include <QHash>
#include <QToolBar>

class QAbstractButton;
class QAction;
class QActionGroup;

namespace arml::ui {

class SlideToolbar : public QToolBar {
  Q_OBJECT
public:
  // The keys are the page's: its actions are added to `page`.
  explicit SlideToolbar(QWidget* page);

  // `action` clicks `button` when triggered and takes its enabled and checked state.
  void mirror(QAction* action, QAbstractButton* button);

  QAction* openSlide() const { return openSlide_; }
  QAction* openOverlay() const { return openOverlay_; }
  QAction* runInference() const { return runInference_; }
  QAction* pan() const { return pan_; }
  QAction* region() const { return region_; }
  QAction* predictView() const { return predictView_; }
  QAction* camView() const { return camView_; }
  QAction* zoomIn() const { return zoomIn_; }
  QAction* zoomOut() const { return zoomOut_; }
  QAction* fit() const { return fit_; }
  QAction* overlay() const { return overlay_; }

protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

private:
  QAction* addTool(const QString& icon, const QString& text, const QKeySequence& key, const QString& help = QString());

  QWidget* page_;
  QActionGroup* tools_;
  QHash<QObject*, QAction*> mirrored_;  // button -> its action
  QAction* openSlide_;
  QAction* openOverlay_;
  QAction* runInference_;
  QAction* pan_;
  QAction* region_;
  QAction* predictView_;
  QAction* camView_;
  QAction* zoomIn_;
  QAction* zoomOut_;
  QAction* fit_;
  QAction* overlay_;
};

}  // namespace arml::ui
