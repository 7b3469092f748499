#pragma once
// Incremental reader of the `arml --events -` stream: bytes arrive in arbitrary chunks (a JSON
// line may be split anywhere, several may arrive at once); complete lines come out in order.
// A line that is a JSON object with a string "type" is an event; any other line is plain text
// (a job may print ordinary messages on stdout too).
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QVector>

namespace arml::ui {

struct StreamItem {
  QString type;        // event type ("step", "epoch", ...); empty for a text line
  QJsonObject fields;  // the whole event object, "type" and "time" included
  QString text;        // the line as received (without the newline)
  bool isEvent() const { return !type.isEmpty(); }
};

class EventStreamParser {
public:
  // Lines longer than this are cut and returned as text, so a runaway writer cannot grow memory.
  static constexpr int kMaxLineBytes = 4 * 1024 * 1024;

  // Appends bytes; returns every line completed by them.
  QVector<StreamItem> feed(const QByteArray& chunk);
  // Returns the unterminated last line, if any (call when the stream ended).
  QVector<StreamItem> finish();
  bool hasPartialLine() const { return !pending_.isEmpty(); }

  static StreamItem parseLine(const QByteArray& line);

private:
  QByteArray pending_;
};

}  // namespace arml::ui
