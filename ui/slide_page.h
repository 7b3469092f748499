#pragma once
// The Slides page: a whole-slide viewer (SlideView) with the slide's properties and associated
// images, and a class-mask overlay (opacity, per-class visibility, `O` toggles it). Slides and
// overlays open from buttons or by dropping files on the page; nothing is read on the GUI thread.
#include <QVector>
#include <QWidget>

class QCheckBox;
class QDialog;
class QLabel;
class QListWidget;
class QPushButton;
class QSlider;
class QTableWidget;
class QVBoxLayout;

namespace arml::widgets {
class SlideView;
}

namespace arml::ui {

class SlidePage : public QWidget {
  Q_OBJECT
public:
  explicit SlidePage(QWidget* parent = nullptr);

  void openSlide(const QString& path);
  void openOverlay(const QString& path);
  // A dropped file: an overlay when a slide is open and the file is a class-mask pyramid,
  // otherwise a slide.
  void openDropped(const QString& path);
  // Opens the associated image (label, macro, thumbnail, ...) in a window; read on a worker thread.
  void showAssociatedImage(const QString& name);

  widgets::SlideView* view() const { return view_; }
  QLabel* messageLabel() const { return message_; }
  QTableWidget* propertiesTable() const { return properties_; }
  QListWidget* associatedList() const { return associated_; }
  QCheckBox* overlayCheck() const { return overlayCheck_; }
  QSlider* opacitySlider() const { return opacity_; }
  const QVector<QCheckBox*>& classChecks() const { return classChecks_; }
  QDialog* associatedDialog() const { return associatedDialog_; }

Q_SIGNALS:
  void associatedImageShown(const QString& name);

protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

private:
  void chooseSlide();
  void chooseOverlay();
  void slideOpened();
  void overlayOpened();
  void showMessage(const QString& text, bool error);
  void rebuildClassChecks();

  widgets::SlideView* view_;
  QLabel* fileLabel_;
  QLabel* message_;
  QPushButton* overlayButton_;
  QCheckBox* overlayCheck_;
  QSlider* opacity_;
  QWidget* classBox_;
  QVBoxLayout* classLayout_;
  QVector<QCheckBox*> classChecks_;
  QTableWidget* properties_;
  QListWidget* associated_;
  QDialog* associatedDialog_ = nullptr;
  QString droppedCandidate_;  // a dropped file tried as an overlay first
};

}  // namespace arml::ui
