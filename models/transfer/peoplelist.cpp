#include "peoplelist.h"

#include "csv.h"

#include <QJsonObject>

#include <array>

namespace PeopleList {

static QString timestamp(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QByteArray csvHeader()
{
    return Csv::line({QStringLiteral("email"), QStringLiteral("roles"), QStringLiteral("status"),
                      QStringLiteral("invited_by"), QStringLiteral("date")})
               .toUtf8()
        + "\r\n";
}

QByteArray csvLine(const PersonRow& row)
{
    return Csv::line({row.email, row.roles.join(QLatin1Char(';')), row.status(), row.invitedBy, timestamp(row.date)})
               .toUtf8()
        + "\r\n";
}

QByteArray csv(const QList<PersonRow>& rows)
{
    QByteArray out = csvHeader();
    for (const auto& row : rows)
        out += csvLine(row);
    return out;
}

QJsonObject item(const PersonRow& row)
{
    QJsonObject item{{QStringLiteral("id"), row.id},
                     {QStringLiteral("email"), row.email},
                     {QStringLiteral("roles"), QJsonArray::fromStringList(row.roles)},
                     {QStringLiteral("status"), row.status()},
                     {QStringLiteral("invitedBy"), row.invitedBy},
                     {row.pending ? QStringLiteral("invitedAt") : QStringLiteral("joinedAt"), timestamp(row.date)}};
    if (row.expiresAt.isValid())
        item.insert(QStringLiteral("expiresAt"), timestamp(row.expiresAt));
    return item;
}

QJsonArray json(const QList<PersonRow>& rows)
{
    QJsonArray items;
    for (const auto& row : rows)
        items.append(item(row));
    return items;
}

static char hexDigit(uint value)
{
    return char(value < 10 ? '0' + value : 'a' + value - 10);
}

// A JSON string as QJsonDocument writes one: UTF-8, with quotes, backslashes and control characters escaped the way
// it escapes them, and a lone surrogate (which has no UTF-8) as \uXXXX.
static void appendString(QByteArray& out, const QString& text)
{
    out += '"';
    const char16_t* unit = reinterpret_cast<const char16_t*>(text.utf16());
    const char16_t* const end = unit + text.size();
    while (unit != end) {
        const char16_t u = *unit++;
        if (u < 0x80) {
            if (u >= 0x20 && u != '"' && u != '\\') {
                out += char(u);
                continue;
            }
            out += '\\';
            switch (u) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '\b':
                out += 'b';
                break;
            case '\f':
                out += 'f';
                break;
            case '\n':
                out += 'n';
                break;
            case '\r':
                out += 'r';
                break;
            case '\t':
                out += 't';
                break;
            default:
                out += "u00";
                out += hexDigit(u >> 4);
                out += hexDigit(u & 0xf);
            }
        } else if (u < 0x800) {
            out += char(0xc0 | (u >> 6));
            out += char(0x80 | (u & 0x3f));
        } else if (!QChar::isSurrogate(u)) {
            out += char(0xe0 | (u >> 12));
            out += char(0x80 | ((u >> 6) & 0x3f));
            out += char(0x80 | (u & 0x3f));
        } else if (QChar::isHighSurrogate(u) && unit != end && QChar::isLowSurrogate(*unit)) {
            const char32_t code = QChar::surrogateToUcs4(u, *unit++);
            out += char(0xf0 | (code >> 18));
            out += char(0x80 | ((code >> 12) & 0x3f));
            out += char(0x80 | ((code >> 6) & 0x3f));
            out += char(0x80 | (code & 0x3f));
        } else {
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4)
                out += hexDigit((u >> shift) & 0xf);
        }
    }
    out += '"';
}

static void appendDigits(QByteArray& out, qint64 value, int width)
{
    std::array<char, 4> digits{};
    for (int i = width - 1; i >= 0; --i, value /= 10)
        digits[size_t(i)] = char('0' + value % 10);
    out.append(digits.data(), width);
}

// timestamp() in JSON quotes, without QDateTime's formatting machinery: for 100,000 rows that machinery alone costs
// more than reading them. Years outside 1000..9999 (never seen in an account) take the slow, general path.
static void appendTimestamp(QByteArray& out, const QDateTime& time)
{
    if (!time.isValid()) {
        appendString(out, timestamp(time));
        return;
    }
    const qint64 ms = time.toMSecsSinceEpoch();
    constexpr qint64 DayMs = 86'400'000;
    const qint64 days = ms >= 0 ? ms / DayMs : -((-ms + DayMs - 1) / DayMs);
    const qint64 msOfDay = ms - days * DayMs;
    // Days since 1970-01-01 to a civil date (the proleptic Gregorian calendar, as QDate uses).
    const qint64 shifted = days + 719'468;
    const qint64 era = (shifted >= 0 ? shifted : shifted - 146'096) / 146'097;
    const qint64 dayOfEra = shifted - era * 146'097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36'524 - dayOfEra / 146'096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 monthIndex = (5 * dayOfYear + 2) / 153;
    const qint64 day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
    const qint64 month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
    const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 1000 || year > 9999) {
        appendString(out, timestamp(time));
        return;
    }
    out += '"';
    appendDigits(out, year, 4);
    out += '-';
    appendDigits(out, month, 2);
    out += '-';
    appendDigits(out, day, 2);
    out += 'T';
    appendDigits(out, msOfDay / 3'600'000, 2);
    out += ':';
    appendDigits(out, msOfDay / 60'000 % 60, 2);
    out += ':';
    appendDigits(out, msOfDay / 1000 % 60, 2);
    out += '.';
    appendDigits(out, msOfDay % 1000, 3);
    out += "Z\"";
}

void appendCompactItem(QByteArray& out, const PersonRow& row)
{
    // item()'s keys in QJsonObject's order, which is sorted.
    out += "{\"email\":";
    appendString(out, row.email);
    if (row.expiresAt.isValid()) {
        out += ",\"expiresAt\":";
        appendTimestamp(out, row.expiresAt);
    }
    out += ",\"id\":";
    appendString(out, row.id);
    if (row.pending) {
        out += ",\"invitedAt\":";
        appendTimestamp(out, row.date);
    }
    out += ",\"invitedBy\":";
    appendString(out, row.invitedBy);
    if (!row.pending) {
        out += ",\"joinedAt\":";
        appendTimestamp(out, row.date);
    }
    out += ",\"roles\":[";
    for (qsizetype i = 0; i < row.roles.size(); ++i) {
        if (i > 0)
            out += ',';
        appendString(out, row.roles.at(i));
    }
    out += "],\"status\":";
    appendString(out, row.status());
    out += '}';
}

} // namespace PeopleList
