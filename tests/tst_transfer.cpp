// The CSV reader and writer on tricky input, and the invite planner's fate for every kind of row.
#include "csv.h"
#include "inviteplan.h"
#include "peoplelist.h"

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
        const QList<PersonRow> rows = PeopleList::rows(snapshot, everyone);
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
        QCOMPARE(PeopleList::rows(snapshot, pending).size(), 1);
        QCOMPARE(
            PeopleList::json(PeopleList::rows(snapshot, pending)).first().toObject().value(QStringLiteral("invitedAt")),
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
};

QTEST_GUILESS_MAIN(TestTransfer)
#include "tst_transfer.moc"
