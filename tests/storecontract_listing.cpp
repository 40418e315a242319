// The listing `users list` and `export members` stream: row for row and byte for byte what the loaded account gives
// for the same filter, on every store. Local stores read it from SQL in email order; the cloud store builds it from
// the loaded account.
#include "storecontract.h"

#include "awaitfuture.h"
#include "peoplelist.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QtTest>

namespace {

// The people of a streamed listing as the lines roster-cli writes, and how many went out.
struct Streamed
{
    QByteArray lines;
    int rows = 0;
    Result<int> result = Error{};
};

Streamed stream(AccountStore& store, const PeopleQuery& query)
{
    Streamed streamed;
    streamed.result = awaitFuture(store.streamPeople(query, [&streamed](const PersonRow& row) {
        PeopleList::appendCompactItem(streamed.lines, row);
        streamed.lines += '\n';
        ++streamed.rows;
    }));
    return streamed;
}

// The same people through the loaded account, written by QJsonDocument: the listing as it was before it streamed.
QByteArray loaded(const AccountSnapshot& snapshot, const UserFilter& filter)
{
    QByteArray lines;
    for (const auto& row : PeopleRows::fromSnapshot(snapshot, filter))
        lines += QJsonDocument(PeopleList::item(row)).toJson(QJsonDocument::Compact) + '\n';
    return lines;
}

class TestClock
{
public:
    ~TestClock() { Clock::setNowForTesting({}); }
    void set(const QDateTime& now) { Clock::setNowForTesting(now); }
};

} // namespace

void StoreContract::streamedListingMatchesTheLoadedAccount()
{
    TestClock clock;
    const QDateTime start(QDate(2026, 11, 2), QTime(9, 30), Qt::UTC);
    clock.set(start);
    const bool expires = m_owner->capabilities().invitesExpire;
    if (expires)
        QVERIFY(awaitFuture(m_owner->setInviteLifetime(7)).ok());
    REQUIRE_OK(auditors, m_owner->createRole({QStringLiteral("Auditors"), {}, {QStringLiteral("read:users")}}));
    REQUIRE_OK(backups, m_owner->createRole({QStringLiteral("backups"), {}, {QStringLiteral("read:backups")}}));
    // Letters of several scripts, in several cases; U+F900 and U+1D49C sort one way by code point (as SQL does) and
    // the other way by UTF-16 unit.
    const QString cjk = QString(QChar(0xF900)) + QStringLiteral("x@example.com");
    const QString script = QString::fromUcs4(U"\U0001D49Cx@example.com");
    // U+0100 sorts after "alma" by code point, but before it in the little-endian bytes of a UTF-16 SQLite file.
    const QString wide = QStringLiteral("al") + QChar(0x0100) + QStringLiteral("x@example.com");
    QVERIFY(!addMember(QStringLiteral("alma@example.com"), {roleId(QStringLiteral("Admin"))}).isEmpty());
    QVERIFY(!addMember(QStringLiteral("Zoë@Example.com"), {auditors.id, backups.id}).isEmpty());
    QVERIFY(!addMember(script).isEmpty());
    QVERIFY(!addMember(cjk, {backups.id}).isEmpty());
    QVERIFY(!addMember(QStringLiteral("bo@example.com")).isEmpty());
    QVERIFY(!addMember(wide, {backups.id}).isEmpty());
    REQUIRE_OK(old, m_owner->invite({QStringLiteral("ÅSA@example.com")}, {auditors.id}));
    clock.set(start.addDays(5));
    REQUIRE_OK(recent,
               m_owner->inviteEach({{QStringLiteral("cy@example.com"), {roleId(QStringLiteral("Admin"))}},
                                    {QStringLiteral("dee@example.com"), {backups.id}}}));
    clock.set(start.addDays(8)); // the first invitation is past its 7 days where invitations expire
    REQUIRE_OK(snapshot, m_owner->loadAccount());

    const QList<UserFilter::Status> statuses{UserFilter::Status::All, UserFilter::Status::Active,
                                             UserFilter::Status::Pending, UserFilter::Status::Expired};
    const QStringList roles{QString(), QStringLiteral("Admin"), QStringLiteral("base"), QStringLiteral("AUDITORS"),
                            backups.id};
    const QStringList searches{QString(), QStringLiteral("EX"), QStringLiteral("ö"), QStringLiteral("nobody")};
    int nonEmpty = 0;
    for (const auto status : statuses) {
        for (const auto& role : roles) {
            for (const auto& search : searches) {
                const PeopleQuery query{status, role, search};
                const auto filter = PeopleRows::filterFor(query, snapshot);
                QVERIFY2(filter.ok(), qPrintable(filter.error().message));
                const Streamed streamed = stream(*m_owner, query);
                QVERIFY2(streamed.result.ok(), qPrintable(streamed.result.error().message));
                QCOMPARE(streamed.result.value(), streamed.rows);
                QCOMPARE(streamed.lines, loaded(snapshot, filter.value()));
                nonEmpty += streamed.rows > 0 ? 1 : 0;
            }
        }
    }
    QVERIFY(nonEmpty > 20); // the filters let people through, not only compare empty lists

    // Everyone, in code point order of the folded address, a member's roles in one order on every backend.
    const Streamed everyone = stream(*m_owner, {});
    const QString text = QString::fromUtf8(everyone.lines);
    QCOMPARE(everyone.rows, 7 + 3);
    QVERIFY(text.indexOf(QStringLiteral("alma@")) < text.indexOf(wide));
    QVERIFY(text.indexOf(wide) < text.indexOf(QStringLiteral("bo@")));
    QVERIFY(text.indexOf(QStringLiteral("bo@")) < text.indexOf(QStringLiteral("Zoë@")));
    QVERIFY(text.indexOf(QStringLiteral("Zoë@")) < text.indexOf(QStringLiteral("ÅSA@"))); // å is U+00E5, past z
    QVERIFY(text.indexOf(QStringLiteral("ÅSA@")) < text.indexOf(cjk));
    QVERIFY(text.indexOf(cjk) < text.indexOf(script));
    QVERIFY(text.contains(QStringLiteral("\"email\":\"Zoë@Example.com\",\"id\":")));
    QVERIFY(text.contains(QStringLiteral("\"roles\":[\"Base\",\"Auditors\",\"backups\"]")));
    QVERIFY(text.contains(QStringLiteral("\"roles\":[\"Base\",\"Admin\"],\"status\":\"ACTIVE\"")));
    const Streamed expired = stream(*m_owner, {UserFilter::Status::Expired, {}, {}});
    QCOMPARE(expired.rows, expires ? 1 : 0);
    const Streamed pending = stream(*m_owner, {UserFilter::Status::Pending, {}, {}});
    QCOMPARE(pending.rows, expires ? 2 : 3);
}

void StoreContract::streamedListingRefusesBeforeTheFirstRow()
{
    QVERIFY(!addMember(QStringLiteral("base@example.com")).isEmpty());
    REQUIRE_OK(sent, m_owner->invite({QStringLiteral("pending@example.com")}, {}));
    // An unknown role is not found, and nobody is listed.
    const Streamed unknown = stream(*m_owner, {UserFilter::Status::All, QStringLiteral("No such role"), {}});
    QCOMPARE(int(unknown.result.error().code), int(ErrorCode::NotFound));
    QCOMPARE(unknown.rows, 0);
    // A member with Base alone may not see the members, nor the invitations, in AccessRules' words.
    auto base = m_fixture->storeFor(QStringLiteral("base@example.com"));
    QVERIFY(base);
    for (const auto status : {UserFilter::Status::All, UserFilter::Status::Pending}) {
        const Streamed refused = stream(*base, {status, {}, {}});
        QCOMPARE(int(refused.result.error().code), int(ErrorCode::PermissionDenied));
        QVERIFY(!refused.result.error().message.isEmpty());
        QCOMPARE(refused.rows, 0);
    }
    // The Owner sees both.
    const Streamed all = stream(*m_owner, {});
    QVERIFY(all.result.ok());
    QCOMPARE(all.rows, 3);
}
