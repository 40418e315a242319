// One compact JSON object per line inside the items array.
#include "jsonstream.h"

#include <QJsonDocument>

JsonItemStream::JsonItemStream(QTextStream& out)
    : m_out(out)
{
    m_out << "{\"items\": [";
}

JsonItemStream::~JsonItemStream()
{
    m_out << (m_first ? "]}\n" : "\n]}\n");
}

void JsonItemStream::append(const QJsonObject& item)
{
    m_out << (m_first ? "\n  " : ",\n  ") << QJsonDocument(item).toJson(QJsonDocument::Compact);
    m_first = false;
}
