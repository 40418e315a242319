// Invitations that expire, through every store, on an injected clock (never by sleeping). Local stores expire an
// invitation after the account's lifetime; the cloud API has no expiry, and the store says so before any request.
#include "storecontract.h"

#include "awaitfuture.h"
#include "testsupport.h"

#include <QtTest>

namespace {

// Sets the clock every expiry decision reads, and puts the system clock back when the test ends, pass or fail.
class TestClock
{
public:
    TestClock() = default;
    ~TestClock() { Clock::setNowForTesting({}); }
    void set(const QDateTime& now) { Clock::setNowForTesting(now); }
};

} // namespace

void StoreContract::invitesExpireAfterTheLifetime()
{
    TestClock clock;
    REQUIRE_OK(first, m_owner->invite({QStringLiteral("jo@example.com")}, {}));
    const Invite invite = first.sent.first();
    if (!m_owner->capabilities().invitesExpire) {
        // The cloud: no expiry to show, and no lifetime to change; refused without writing anything.
        QVERIFY(!invite.expiresAt.isValid());
        REQUIRE_OK(listed, m_owner->findInvite(invite.id));
        QVERIFY(!listed.expiresAt.isValid());
        const QString before = m_fixture->dump();
        REQUIRE_ERROR(m_owner->setInviteLifetime(14), ErrorCode::Refused);
        QCOMPARE(m_fixture->dump(), before);
        return;
    }
    QCOMPARE(invite.expiresAt, invite.createdAt.addDays(Account::DefaultInviteLifetimeDays));
    REQUIRE_OK(listed, m_owner->findInvite(invite.id));
    QCOMPARE(listed.expiresAt, invite.expiresAt);

    // Just inside the lifetime: still pending, and the invitee can accept.
    clock.set(invite.expiresAt.addSecs(-1));
    REQUIRE_OK(pending, m_owner->listInvites(InviteStatus::Pending));
    QVERIFY(!isExpired(pending.first()));
    QCOMPARE(inviteDisplayStatusName(pending.first()), QStringLiteral("PENDING"));
    REQUIRE_OK(joined, m_fixture->storeFor(QStringLiteral("jo@example.com"))->acceptInvite(invite.id));
    QCOMPARE(joined.email, QStringLiteral("jo@example.com"));

    // At the end of its lifetime: EXPIRED, and accepting it is refused with the reason; nothing is written.
    clock.set({});
    REQUIRE_OK(second, m_owner->invite({QStringLiteral("kim@example.com")}, {}));
    const Invite late = second.sent.first();
    clock.set(late.expiresAt);
    REQUIRE_OK(found, m_owner->findInvite(late.id));
    QVERIFY(isExpired(found));
    QCOMPARE(inviteDisplayStatusName(found), QStringLiteral("EXPIRED"));
    const QString before = m_fixture->dump();
    const Error refusal =
        awaitFuture(m_fixture->storeFor(QStringLiteral("kim@example.com"))->acceptInvite(late.id)).error();
    QCOMPARE(refusal.code, ErrorCode::Refused);
    QVERIFY2(refusal.message.contains(QStringLiteral("expired")), qPrintable(refusal.message));
    QCOMPARE(m_fixture->dump(), before);
    // Nothing was deleted: the expired invitation is still there, still revocable.
    REQUIRE_OK(revoked, m_owner->revokeInvite(late.id));
    QCOMPARE(revoked.status, InviteStatus::Canceled);
}

void StoreContract::resendRenewsAnExpiredInvite()
{
    if (!m_owner->capabilities().invitesExpire)
        QSKIP("the cloud API has no expiry: resend is covered by resendRenewsOrRecreatesTheInvitation");
    TestClock clock;
    REQUIRE_OK(sent, m_owner->invite({QStringLiteral("lu@example.com")}, {}));
    const Invite invite = sent.sent.first();
    const QDateTime later = invite.expiresAt.addDays(1);
    clock.set(later);
    REQUIRE_OK(renewed, m_owner->resendInvite(invite.id));
    QCOMPARE(renewed.id, invite.id);
    QCOMPARE(renewed.createdAt, later);
    QCOMPARE(renewed.expiresAt, later.addDays(Account::DefaultInviteLifetimeDays));
    QVERIFY(!isExpired(renewed));
    REQUIRE_OK(joined, m_fixture->storeFor(QStringLiteral("lu@example.com"))->acceptInvite(invite.id));
    QCOMPARE(joined.email, QStringLiteral("lu@example.com"));
}

void StoreContract::changingTheLifetimeReevaluatesInvites()
{
    if (!m_owner->capabilities().invitesExpire)
        QSKIP("the cloud API has no invitation lifetime (refusal covered by invitesExpireAfterTheLifetime)");
    TestClock clock;
    REQUIRE_OK(sent, m_owner->invite({QStringLiteral("mo@example.com")}, {}));
    const Invite invite = sent.sent.first();
    clock.set(invite.createdAt.addDays(8));
    REQUIRE_OK(expired, m_owner->findInvite(invite.id));
    QVERIFY(isExpired(expired));

    REQUIRE_OK(longer, m_owner->setInviteLifetime(10));
    QCOMPARE(longer.inviteLifetimeDays, 10);
    REQUIRE_OK(again, m_owner->findInvite(invite.id));
    QVERIFY(!isExpired(again));
    QCOMPARE(again.expiresAt, invite.createdAt.addDays(10));
    REQUIRE_OK(snapshot, m_owner->loadAccount());
    QCOMPARE(snapshot.account.inviteLifetimeDays, 10);

    // Out of range, or without write:account (an Admin lacks it): refused, and nothing written.
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_owner->setInviteLifetime(0), ErrorCode::Refused);
    REQUIRE_ERROR(m_owner->setInviteLifetime(Account::MaxInviteLifetimeDays + 1), ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
    QVERIFY(!addMember(QStringLiteral("adm@example.com"), {QStringLiteral("Admin")}).isEmpty());
    const QString withAdmin = m_fixture->dump();
    REQUIRE_ERROR(m_fixture->storeFor(QStringLiteral("adm@example.com"))->setInviteLifetime(3),
                  ErrorCode::PermissionDenied);
    QCOMPARE(m_fixture->dump(), withAdmin);

    REQUIRE_OK(shorter, m_owner->setInviteLifetime(7));
    REQUIRE_OK(expiredAgain, m_owner->findInvite(invite.id));
    QVERIFY(isExpired(expiredAgain));
    if (m_fixture->hasAuditLog()) {
        REQUIRE_OK(events, m_owner->auditLog(AuditQuery::newest(10)));
        QVERIFY(std::any_of(events.cbegin(), events.cend(), [](const AuditEvent& event) {
            return event.action == QLatin1String("account.invite_lifetime");
        }));
    }
}
