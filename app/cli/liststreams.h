// Large lists written item by item, so 100,000 members never sit in memory as one document. A streamed listing
// writes through these from the store's thread while the main thread waits for it.
#pragma once

#include "peoplelist.h"

#include <QJsonObject>
#include <QTextStream>

// Bytes for `out`'s device, after what `out` holds, written in blocks of about 64 KiB.
class BlockOutput
{
public:
    explicit BlockOutput(QTextStream& out);
    Q_DISABLE_COPY_MOVE(BlockOutput)

    QByteArray& buffer() { return m_buffer; }
    void writeIfFull();
    void writeOut();

private:
    QIODevice* m_device;
    QByteArray m_buffer;
};

// {"items": [ … ]} with one compact object per line.
class JsonItemStream
{
public:
    // Nothing is written until the first item or finish(), so a listing refused before its first row prints nothing.
    explicit JsonItemStream(QTextStream& out);
    // finish(), unless abandoned.
    ~JsonItemStream();
    Q_DISABLE_COPY_MOVE(JsonItemStream)

    // Small objects go through QJsonDocument: correct escaping at a cost that does not grow with the list.
    void append(const QJsonObject& item);
    // A person as PeopleList::item() gives it, in the same bytes, written without building the object.
    void append(const PersonRow& row);
    // Closes the document and writes out what is left.
    void finish();
    // A listing that failed half way: what was written stays unclosed, so no reader takes it for the whole list.
    void abandon();

private:
    void beginItem();

    BlockOutput m_out;
    bool m_first = true;
    bool m_done = false;
};

// PeopleList::csv(), a line at a time: the header before the first row, or alone at finish().
class CsvLineStream
{
public:
    explicit CsvLineStream(QTextStream& out);
    ~CsvLineStream();
    Q_DISABLE_COPY_MOVE(CsvLineStream)

    void append(const PersonRow& row);
    void finish();
    // As JsonItemStream::abandon(): rows written so far stay, the end is not marked as complete.
    void abandon();

private:
    BlockOutput m_out;
    bool m_first = true;
    bool m_done = false;
};
