#include "ui/training/event_stream_parser.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace arml::ui {

StreamItem EventStreamParser::parseLine(const QByteArray& rawLine) {
  QByteArray line = rawLine;
  if (line.endsWith('\r')) line.chop(1);
  StreamItem item;
  item.text = QString::fromUtf8(line);
  const QByteArray trimmed = line.trimmed();
  if (!trimmed.startsWith('{')) return item;
  QJsonParseError error{};
  const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &error);
  if (error.error != QJsonParseError::NoError || !doc.isObject()) return item;
  const QJsonObject object = doc.object();
  const QJsonValue type = object.value(QStringLiteral("type"));
  if (!type.isString() || type.toString().isEmpty()) return item;
  item.type = type.toString();
  item.fields = object;
  return item;
}

QVector<StreamItem> EventStreamParser::feed(const QByteArray& chunk) {
  QVector<StreamItem> items;
  pending_.append(chunk);
  qsizetype start = 0;
  for (;;) {
    const qsizetype newline = pending_.indexOf('\n', start);
    if (newline < 0) break;
    items.push_back(parseLine(pending_.mid(start, newline - start)));
    start = newline + 1;
  }
  pending_.remove(0, start);
  if (pending_.size() > kMaxLineBytes) {
    StreamItem cut;
    cut.text = QString::fromUtf8(pending_.left(kMaxLineBytes));
    items.push_back(cut);
    pending_.clear();
  }
  return items;
}

QVector<StreamItem> EventStreamParser::finish() {
  QVector<StreamItem> items;
  if (!pending_.isEmpty()) items.push_back(parseLine(pending_));
  pending_.clear();
  return items;
}

}  // namespace arml::ui
