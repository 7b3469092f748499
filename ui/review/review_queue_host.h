#pragma once
// What the review queue (ui/review/review_queue_controller.h) needs of the page it drives: open a
// patch for correction, save it, and a widget for its keys and dialogs. The Review page implements
// it; the controller knows only this interface, so it does not depend on the page that owns it.
#include <QString>

class QWidget;

namespace arml::ui {

class Project;

class ReviewQueueHost {
public:
  virtual ~ReviewQueueHost() = default;

  // The widget the queue's keys act on (QAction shortcuts) and its dialogs are shown over.
  virtual QWidget* queueHostWidget() = 0;
  // Opens one patch of the queue for correction; false (the host says why) when it cannot.
  virtual bool openPatch(const QString& stem, const QString& maskPath, const QString& imagePath) = 0;
  // Whether `stem` is the patch open for correction.
  virtual bool isPatchOpen(const QString& stem) const = 0;
  // Whether the open patch has strokes not saved yet.
  virtual bool hasUnsavedCorrection() const = 0;
  // Saves the open correction; false (the host says why) when it cannot. The host then reports the
  // saved stem to the controller (ReviewQueueController::correctionSaved).
  virtual bool save() = 0;
  // Gives the keyboard back to the mask canvas (after the note was edited).
  virtual void focusCanvas() = 0;
  virtual const Project& project() const = 0;

protected:
  ReviewQueueHost() = default;
  ReviewQueueHost(const ReviewQueueHost&) = default;
  ReviewQueueHost& operator=(const ReviewQueueHost&) = default;
};

}  // namespace arml::ui
