// A small state machine over the decoded text: fields, quotes, record ends.
#include "csv.h"

#include <QStringDecoder>

namespace {

bool startsLikeAFormula(const QString& value)
{
    if (value.isEmpty())
        return false;
    const QChar first = value.front();
    return first == QLatin1Char('=') || first == QLatin1Char('+') || first == QLatin1Char('-')
        || first == QLatin1Char('@') || first == QLatin1Char('\t') || first == QLatin1Char('\r');
}

} // namespace

Result<QList<Csv::Record>> Csv::parse(const QByteArray& data)
{
    QByteArray bytes = data;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    // Decode line by line, so an invalid byte is reported where it is.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text;
    int lineNumber = 1;
    for (const QByteArray& rawLine : bytes.split('\n')) {
        const QString decoded = decoder.decode(rawLine);
        if (decoder.hasError())
            return refused(tr("Line %1 is not UTF-8 text; save the file as UTF-8 and try again.").arg(lineNumber));
        text += decoded + QLatin1Char('\n');
        ++lineNumber;
    }
    text.chop(1);

    QList<Record> records;
    Record record;
    QString field;
    bool quoted = false; // inside a quoted field
    bool fieldWasQuoted = false;
    int line = 1;
    record.line = 1;
    const auto endField = [&] {
        record.fields.append(fieldWasQuoted ? field : field.trimmed());
        field.clear();
        fieldWasQuoted = false;
    };
    const auto endRecord = [&](int nextLine) {
        endField();
        const bool blank = record.fields.size() == 1 && record.fields.first().isEmpty();
        if (!blank)
            records.append(record);
        record = Record{nextLine, {}};
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                if (c != QLatin1Char('\r') || (i + 1 < text.size() && text.at(i + 1) != QLatin1Char('\n')))
                    field += c;
            }
            continue;
        }
        if (c == QLatin1Char('"') && field.trimmed().isEmpty()) {
            quoted = true;
            fieldWasQuoted = true;
            field.clear();
        } else if (c == QLatin1Char(',')) {
            endField();
        } else if (c == QLatin1Char('\n')) {
            ++line;
            endRecord(line);
        } else if (c != QLatin1Char('\r')) {
            field += c;
        }
    }
    if (quoted)
        return refused(tr("Line %1 opens a quoted field that never closes.").arg(record.line));
    endRecord(line);
    return records;
}

QString Csv::field(const QString& value)
{
    const QString safe = startsLikeAFormula(value) ? QLatin1Char('\'') + value : value;
    const bool needsQuotes = safe.contains(QLatin1Char(',')) || safe.contains(QLatin1Char('"'))
        || safe.contains(QLatin1Char('\n')) || safe.contains(QLatin1Char('\r')) || safe != safe.trimmed();
    if (!needsQuotes)
        return safe;
    return QLatin1Char('"') + QString(safe).replace(QLatin1String("\""), QLatin1String("\"\"")) + QLatin1Char('"');
}

QString Csv::line(const QStringList& values)
{
    QStringList fields;
    fields.reserve(values.size());
    for (const auto& value : values)
        fields.append(field(value));
    return fields.join(QLatin1Char(','));
}

QString Csv::unneutralised(const QString& value)
{
    if (value.size() > 1 && value.front() == QLatin1Char('\'') && startsLikeAFormula(value.mid(1)))
        return value.mid(1);
    return value;
}
