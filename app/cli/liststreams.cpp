#include "liststreams.h"

#include <QFileDevice>
#include <QJsonDocument>

#include <utility>

namespace {
constexpr qsizetype BlockBytes = 64 * 1024;
}

BlockOutput::BlockOutput(QTextStream& out)
    : m_device(out.device())
{
    out.flush();
    m_buffer.reserve(BlockBytes + 4096);
}

void BlockOutput::writeIfFull()
{
    if (m_buffer.size() < BlockBytes)
        return;
    m_device->write(m_buffer);
    m_buffer.clear();
}

void BlockOutput::writeOut()
{
    m_device->write(m_buffer);
    m_buffer.clear();
    if (auto* file = qobject_cast<QFileDevice*>(m_device))
        file->flush();
}

JsonItemStream::JsonItemStream(QTextStream& out)
    : m_out(out)
{
}

JsonItemStream::~JsonItemStream()
{
    finish();
}

void JsonItemStream::beginItem()
{
    m_out.buffer() += m_first ? "{\"items\": [\n  " : ",\n  ";
    m_first = false;
}

void JsonItemStream::append(const QJsonObject& item)
{
    beginItem();
    m_out.buffer() += QJsonDocument(item).toJson(QJsonDocument::Compact);
    m_out.writeIfFull();
}

void JsonItemStream::append(const PersonRow& row)
{
    beginItem();
    PeopleList::appendCompactItem(m_out.buffer(), row);
    m_out.writeIfFull();
}

void JsonItemStream::finish()
{
    if (std::exchange(m_done, true))
        return;
    m_out.buffer() += m_first ? "{\"items\": []}\n" : "\n]}\n";
    m_out.writeOut();
}

void JsonItemStream::abandon()
{
    if (!std::exchange(m_done, true))
        m_out.writeOut();
}

CsvLineStream::CsvLineStream(QTextStream& out)
    : m_out(out)
{
}

CsvLineStream::~CsvLineStream()
{
    finish();
}

void CsvLineStream::append(const PersonRow& row)
{
    if (std::exchange(m_first, false))
        m_out.buffer() += PeopleList::csvHeader();
    m_out.buffer() += PeopleList::csvLine(row);
    m_out.writeIfFull();
}

void CsvLineStream::finish()
{
    if (std::exchange(m_done, true))
        return;
    if (m_first)
        m_out.buffer() += PeopleList::csvHeader();
    m_out.writeOut();
}

void CsvLineStream::abandon()
{
    if (!std::exchange(m_done, true))
        m_out.writeOut();
}
