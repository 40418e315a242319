// Writes a large JSON list item by item, so 100,000 members never sit in memory as one QJsonDocument.
#pragma once

#include <QJsonObject>
#include <QTextStream>

class JsonItemStream
{
public:
    // Opens `{"items": [` on `out`; the destructor closes the document.
    explicit JsonItemStream(QTextStream& out);
    ~JsonItemStream();
    Q_DISABLE_COPY_MOVE(JsonItemStream)

    // Small objects go through QJsonDocument: correct escaping at a cost that does not grow with the list.
    void append(const QJsonObject& item);

private:
    QTextStream& m_out;
    bool m_first = true;
};
