// The CSV reader and writer on tricky input, and the invite planner's fate for every kind of row.
#include "csv.h"
#include "inviteplan.h"
#include "peoplelist.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QtTest>

Q_DECLARE_METATYPE(QList<QStringList>)

class TestTransfer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTrickyCsv_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QList<QStringList>>("records");
        QTest::addColumn<QList<int>>("lines");
        using Texts = std::initializer_list<const char*>;
        const auto rows = [](std::initializer_list<Texts> list) {
            QList<QStringList> records;
            for (const Texts& record : list) {
                QStringList fields;
                for (const char* field : record)
                    fields.append(QString::fromUtf8(field));
                records.append(fields);
            }
            return records;
        };
        QTest::newRow("plain") << QByteArray("a,b\nc,d\n") << rows({{"a", "b"}, {"c", "d"}}) << QList<int>{1, 2};
        QTest::newRow("crlf") << QByteArray("a,b\r\nc,d\r\n") << rows({{"a", "b"}, {"c", "d"}}) << QList<int>{1, 2};
        QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                           "email\nx@y.io")
                             << rows({{"email"}, {"x@y.io"}}) << QList<int>{1, 2};
        QTest::newRow("quotes inside") << QByteArray("\"say \"\"hi\"\"\",b") << rows({{"say \"hi\"", "b"}})
                                       << QList<int>{1};
        QTest::newRow("comma inside") << QByteArray("\"a,b\",c") << rows({{"a,b", "c"}}) << QList<int>{1};
        QTest::newRow("newline inside") << QByteArray("\"two\nlines\",x\nnext,y")
                                        << rows({{"two\nlines", "x"}, {"next", "y"}}) << QList<int>{1, 3};
        QTest::newRow("crlf inside quotes") << QByteArray("\"a\r\nb\",c\r\n") << rows({{"a\nb", "c"}}) << QList<int>{1};
        QTest::newRow("blank lines") << QByteArray("\na,b\n\n\nc,d\n\n") << rows({{"a", "b"}, {"c", "d"}})
                                     << QList<int>{2, 5};
        QTest::newRow("spaces around unquoted") << QByteArray("  a ,  b  ") << rows({{"a", "b"}}) << QList<int>{1};
        QTest::newRow("spaces kept inside quotes") << QByteArray("\" a \",b") << rows({{" a ", "b"}}) << QList<int>{1};
        QTest::newRow("empty fields") << QByteArray("a,,c,") << rows({{"a", "", "c", ""}}) << QList<int>{1};
        const QByteArray longField(300, 'q');
        QTest::newRow("300 characters") << (longField + ",x")
                                        << (QList<QStringList>{{QString::fromLatin1(longField), QStringLiteral("x")}})
                                        << QList<int>{1};
        QTest::newRow("no final newline") << QByteArray("a,b") << rows({{"a", "b"}}) << QList<int>{1};
        QTest::newRow("utf-8 letters") << QByteArray("ren\xC3\xA9@x.io") << rows({{"ren\xC3\xA9@x.io"}})
                                       << QList<int>{1};
    }

    void readsTrickyCsv()
    {
        QFETCH(QByteArray, input);
        QFETCH(QList<QStringList>, records);
        QFETCH(QList<int>, lines);
        const auto parsed = Csv::parse(input);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().message));
        QCOMPARE(parsed.value().size(), records.size());
        for (int i = 0; i < records.size(); ++i) {
            QCOMPARE(parsed.value().at(i).fields, records.at(i));
            QCOMPARE(parsed.value().at(i).line, lines.at(i));
        }
    }

    void refusesWhatItCannotRead()
    {
        const auto latin1 = Csv::parse("a\nren\xE9@x.io\n");
        QVERIFY(!latin1);
        QCOMPARE(latin1.error().message,
                 QStringLiteral("Line 2 is not UTF-8 text; save the file as UTF-8 and try again."));
        const auto open = Csv::parse("a\n\"never closed,b\n");
        QVERIFY(!open);
        QVERIFY(open.error().message.contains(QStringLiteral("Line 2")));
    }

    void writesWhatSpreadsheetsOpenSafely_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("written");
        QTest::newRow("plain") << QStringLiteral("ana@x.io") << QStringLiteral("ana@x.io");
        QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
        QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
        QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
        QTest::newRow("formula") << QStringLiteral("=HYPERLINK(\"http://x\")")
                                 << QStringLiteral("\"'=HYPERLINK(\"\"http://x\"\")\"");
        QTest::newRow("plus") << QStringLiteral("+1+2@x.io") << QStringLiteral("'+1+2@x.io");
        QTest::newRow("minus") << QStringLiteral("-2@x.io") << QStringLiteral("'-2@x.io");
        QTest::newRow("at") << QStringLiteral("@SUM(A1)") << QStringLiteral("'@SUM(A1)");
        QTest::newRow("tab") << QStringLiteral("\tx") << QStringLiteral("'\tx");
        QTest::newRow("carriage return") << QStringLiteral("\rx") << QStringLiteral("\"'\rx\"");
    }

    void writesWhatSpreadsheetsOpenSafely()
    {
        QFETCH(QString, value);
        QFETCH(QString, written);
        QCOMPARE(Csv::field(value), written);
        // …and reads back as it was.
        const auto back = Csv::parse(Csv::line({value, QStringLiteral("end")}).toUtf8());
        QVERIFY(back.ok());
        QCOMPARE(Csv::unneutralised(back.value().first().fields.first()), value);
    }

    void plansEveryKindOfRow()
    {
        Role admin;
        admin.id = QStringLiteral("admin-id");
        admin.name = QStringLiteral("Admin");
        admin.system = SystemRole::Admin;
        admin.permissions = {QStringLiteral("read:users"), QStringLiteral("write:invites")};
        Role owner;
        owner.id = QStringLiteral("owner-id");
        owner.name = QStringLiteral("Owner");
        owner.system = SystemRole::Owner;
        Role secret;
        secret.id = QStringLiteral("secret-id");
        secret.name = QStringLiteral("Secret");
        secret.permissions = {QStringLiteral("write:account")};
        ActorContext actor;
        actor.actorId = QStringLiteral("me");
        actor.permissions = {QStringLiteral("read:users"), QStringLiteral("write:invites")};
        actor.ownerId = QStringLiteral("someone-else");
        Member member;
        member.email = QStringLiteral("member@x.io");
        Invite pending;
        pending.email = QStringLiteral("pending@x.io");
        pending.invitedBy = QStringLiteral("bo@x.io");
        const auto account = InvitePlan::Account::fromPeople(actor, {admin, owner, secret}, {member}, {pending});
        const auto rows = InvitePlan::rowsFromCsv("Roles,EMAIL,extra\n"
                                                  "Admin,ready@x.io,ignored\n"
                                                  ",not-an-address,\n"
                                                  "Wizards,wizard@x.io,\n"
                                                  ",MEMBER@x.io,\n"
                                                  ",pending@x.io,\n"
                                                  ",Ready@x.io,\n"
                                                  "Owner,boss@x.io,\n"
                                                  "Secret,sneaky@x.io,\n");
        QVERIFY(rows.ok());
        const QList<PlannedInvite> plan = InvitePlan::plan(rows.value(), account);
        using Fate = PlannedInvite::Fate;
        const QList<Fate> expected{Fate::Ready,          Fate::InvalidAddress, Fate::UnknownRole,
                                   Fate::AlreadyMember,  Fate::AlreadyInvited, Fate::Duplicate,
                                   Fate::OwnerRequested, Fate::NotGrantable};
        QCOMPARE(plan.size(), expected.size());
        for (int i = 0; i < plan.size(); ++i)
            QVERIFY2(plan.at(i).fate == expected.at(i),
                     qPrintable(QStringLiteral("row %1: %2").arg(i).arg(InvitePlan::fateName(plan.at(i).fate))));
        QCOMPARE(plan.first().roleIds, QStringList{QStringLiteral("admin-id")});
        QCOMPARE(plan.first().row.line, 2);
        QCOMPARE(plan.at(3).reason, QStringLiteral("MEMBER@x.io is already a member of this account."));
        QCOMPARE(plan.at(4).reason, QStringLiteral("pending@x.io was already invited by bo@x.io."));
        QCOMPARE(plan.at(5).reason, QStringLiteral("Ready@x.io is listed more than once."));
        QCOMPARE(plan.at(6).reason, QStringLiteral("The Owner role cannot be granted by an invitation."));
        QVERIFY(plan.at(7).reason.contains(QStringLiteral("write:account")));
        QVERIFY(plan.at(3).isAlreadyDone() && plan.at(4).isAlreadyDone() && !plan.at(5).isAlreadyDone());
    }

    // An export is what the console's table shows, in a shape `import invites` reads back, and no cell of it runs as
    // a formula in a spreadsheet.
    void exportsPeopleSafelyAndReadsThemBack()
    {
        AccountSnapshot snapshot;
        Role base;
        base.id = QStringLiteral("b");
        base.name = QStringLiteral("Base");
        base.system = SystemRole::Base;
        Role ops;
        ops.id = QStringLiteral("o");
        ops.name = QStringLiteral("Ops, \"night\"");
        snapshot.roles = {base, ops};
        snapshot.members = {Member{QStringLiteral("m1"),
                                   QStringLiteral("=1+2@x.io"),
                                   {QStringLiteral("b")},
                                   QStringLiteral("@SUM(A1)"),
                                   QDateTime::fromSecsSinceEpoch(0, Qt::UTC)}};
        Invite invite;
        invite.id = QStringLiteral("i1");
        invite.email = QStringLiteral("ann@x.io");
        invite.roleIds = {QStringLiteral("o")};
        invite.invitedBy = QStringLiteral("-owner@x.io");
        invite.createdAt = QDateTime::fromSecsSinceEpoch(60, Qt::UTC);
        snapshot.pendingInvites = {invite};
        UserFilter everyone;
        const QList<PersonRow> rows = PeopleRows::fromSnapshot(snapshot, everyone);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(1).roles, (QStringList{QStringLiteral("Base"), QStringLiteral("Ops, \"night\"")}));
        const QByteArray csv = PeopleList::csv(rows);
        // Neither the address, nor who invited, starts a cell with =, +, - or @.
        for (const auto& line : csv.split('\n')) {
            for (const char* danger : {",=", ",+", ",-", ",@"})
                QVERIFY2(!line.contains(danger), line.constData());
            QVERIFY2(!line.startsWith('=') && !line.startsWith('@'), line.constData());
        }
        auto back = InvitePlan::rowsFromCsv(csv);
        QVERIFY(back);
        QCOMPARE(back.value().size(), 2);
        QCOMPARE(back.value().at(0).email, QStringLiteral("=1+2@x.io"));
        QCOMPARE(back.value().at(1).email, QStringLiteral("ann@x.io"));
        QCOMPARE(back.value().at(1).roleNames, (QStringList{QStringLiteral("Base"), QStringLiteral("Ops, \"night\"")}));
        // Filters apply: pending only.
        UserFilter pending;
        pending.setStatus(UserFilter::Status::Pending);
        QCOMPARE(PeopleRows::fromSnapshot(snapshot, pending).size(), 1);
        QCOMPARE(PeopleList::json(PeopleRows::fromSnapshot(snapshot, pending))
                     .first()
                     .toObject()
                     .value(QStringLiteral("invitedAt")),
                 QStringLiteral("1970-01-01T00:01:00.000Z"));
    }

    // An Account nobody filled in (the fuzzer's, a new caller's) is an empty account, not a crash.
    void anUnfilledAccountHasNobodyInIt()
    {
        InvitePlan::Account account;
        account.actor.permissions = {QStringLiteral("write:invites"), QStringLiteral("read:invites")};
        const auto plan = InvitePlan::plan(InvitePlan::rowsFromText(QStringLiteral("a@x.io"), {}), account);
        QCOMPARE(plan.size(), 1);
        QCOMPARE(int(plan.first().fate), int(PlannedInvite::Fate::Ready));
    }

    void pastedListsBecomeRows()
    {
        const auto rows = InvitePlan::rowsFromText(QStringLiteral("a@x.io, b@x.io\nc@x.io"), {QStringLiteral("Ops")});
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(2).email, QStringLiteral("c@x.io"));
        QCOMPARE(rows.at(2).roleNames, QStringList{QStringLiteral("Ops")});
    }

    // The streamed listing writes each person by hand; QJsonDocument is the reference, on every kind of text and time.
    void compactItemsAreQJsonDocumentsBytes()
    {
        QRandomGenerator random(20261130);
        // Units chosen to reach every branch of the escaping: quotes, backslashes, each control character, one-,
        // two- and three-byte UTF-8, surrogate pairs, and lone or reversed surrogates.
        const QList<char16_t> units{u'a',   u'Z',   u'"',   u'\\',  u'/',   u'\b',  u'\f',  u'\n',
                                    u'\r',  u'\t',  0x01,   0x1f,   0x7f,   0x80,   0xe9,   0x7ff,
                                    0x800,  0x20ac, 0xd7ff, 0xe000, 0xf900, 0xfffd, 0xffff, 0xd835,
                                    0xdc9c, 0xdbff, 0xdfff, u'@',   u'.',   u' ',   u'0',   u'~'};
        const auto text = [&] {
            QString value;
            const int length = int(random.bounded(12));
            for (int i = 0; i < length; ++i)
                value += QChar(units.at(int(random.bounded(units.size()))));
            return value;
        };
        const auto time = [&]() -> QDateTime {
            switch (random.bounded(6)) {
            case 0:
                return {}; // invalid: written as ""
            case 1: // before 1970, and before year 1000 (the slow path)
                return QDateTime::fromMSecsSinceEpoch(-qint64(random.bounded(70'000'000)) * 1'000'000, Qt::UTC);
            case 2: // local time, which is written in UTC
                return QDateTime::fromMSecsSinceEpoch(qint64(random.bounded(2'000'000'000)) * 1000 + 7, Qt::LocalTime);
            default: // 1970 to 2286, to the millisecond
                return QDateTime::fromMSecsSinceEpoch(qint64(random.generate64() % 10'000'000'000'000ULL), Qt::UTC);
            }
        };
        for (int i = 0; i < 20000; ++i) {
            PersonRow row;
            row.id = text();
            row.email = text();
            row.pending = random.bounded(2) == 1;
            for (int r = int(random.bounded(4)); r > 0; --r)
                row.roles.append(text());
            row.invitedBy = text();
            row.date = time();
            row.expiresAt = random.bounded(2) == 1 ? time() : QDateTime();
            row.expired = random.bounded(2) == 1;
            QByteArray written;
            PeopleList::appendCompactItem(written, row);
            const QByteArray expected = QJsonDocument(PeopleList::item(row)).toJson(QJsonDocument::Compact);
            if (written != expected)
                QCOMPARE(written, expected); // only on a difference: 20,000 comparisons would flood the log
        }
        // Years outside 1000..9999 and times before 1970 are among those written.
        PersonRow old;
        old.date = QDateTime(QDate(999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
        old.expiresAt = QDateTime(QDate(1969, 12, 31), QTime(23, 59, 59, 1), Qt::UTC);
        QByteArray written;
        PeopleList::appendCompactItem(written, old);
        QCOMPARE(written, QJsonDocument(PeopleList::item(old)).toJson(QJsonDocument::Compact));
        QVERIFY(written.contains("1969-12-31T23:59:59.001Z"));
    }

    // Lists sort by code point, as SQLite and PostgreSQL order UTF-8, not by UTF-16 unit.
    void emailKeysSortByCodePoint()
    {
        const QString astral = QString::fromUcs4(U"\U0001D49C");
        const QString cjk(QChar(0xF900));
        QVERIFY(UserFilter::emailKeyLess(cjk, astral)); // U+F900 < U+1D49C, though 0xF900 > 0xD835
        QVERIFY(!UserFilter::emailKeyLess(astral, cjk));
        QVERIFY(UserFilter::emailKeyLess(QStringLiteral("a"), QStringLiteral("ab")));
        QVERIFY(!UserFilter::emailKeyLess(QStringLiteral("ab"), QStringLiteral("ab")));
        QRandomGenerator random(7);
        const QList<char32_t> points{U'a', U'b', U'.', 0xe5, 0x7ff, 0xd7ff, 0xe000, 0xf900, 0xffff, 0x10000, 0x1d49c};
        for (int i = 0; i < 20000; ++i) {
            QString left;
            QString right;
            for (QString* side : {&left, &right}) {
                for (int n = int(random.bounded(5)); n > 0; --n) {
                    const char32_t point = points.at(int(random.bounded(points.size())));
                    *side += QString::fromUcs4(&point, 1);
                }
            }
            // UTF-8 bytes compare in code point order.
            QCOMPARE(UserFilter::emailKeyLess(left, right), left.toUtf8() < right.toUtf8());
        }
    }
};

QTEST_GUILESS_MAIN(TestTransfer)
#include "tst_transfer.moc"
