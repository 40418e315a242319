// UserTableModel and UserFilterProxyModel over a real SQLite store: model tester, row-level updates, filters and sorts.
#include "accessexplorer.h"
#include "accountsession.h"
#include "allusersmodel.h"
#include "auditlogmodel.h"
#include "inviteplanmodel.h"
#include "permissioncatalogue.h"
#include "roleusersmodel.h"
#include "sqlstore.h"
#include "testsupport.h"
#include "userfilterproxymodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

class TestUserModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { openAccount(120); }

    void cleanup()
    {
        m_session.reset();
        m_store.reset();
    }

    // The packed prefix never disagrees with comparing the keys: shared prefixes of every length, keys that are
    // prefixes of others, units above Latin-1 (which the prefix saturates), and keys longer than 16 units.
    void sortPrefixAgreesWithTheKeyOrder()
    {
        const QStringList keys = {QString(),
                                  QStringLiteral("a"),
                                  QStringLiteral("a@x.io"),
                                  QStringLiteral("a@x.iq"),
                                  QStringLiteral("ab"),
                                  QStringLiteral("abcdefgh"),
                                  QStringLiteral("abcdefgh@x.io"),
                                  QStringLiteral("abcdefghijklmnop"),
                                  QStringLiteral("abcdefghijklmnopa"),
                                  QStringLiteral("abcdefghijklmnopb@x.io"),
                                  QStringLiteral("abcdefghijklmnoq"),
                                  QStringLiteral("b"),
                                  QStringLiteral("\u00ff"),
                                  QStringLiteral("\u0100"),
                                  QStringLiteral("\u0101a"),
                                  QStringLiteral("\u0101b"),
                                  QStringLiteral("z\u4e2d@x.io"),
                                  QStringLiteral("z\u4e2e@x.io"),
                                  QStringLiteral("z\u00ff@x.io")};
        for (const auto& left : keys) {
            for (const auto& right : keys) {
                const bool byPrefix =
                    UserFilter::emailKeyLess(UserFilter::sortPrefix(left), left, UserFilter::sortPrefix(right), right);
                QVERIFY2(byPrefix == UserFilter::emailKeyLess(left, right),
                         qPrintable(QStringLiteral("%1 < %2").arg(left, right)));
            }
        }
    }

    // access who, against brute force: for every permission, the members whose roles' union holds it.
    void permissionHoldersAgreeWithBruteForce()
    {
        const QList<Member> members = m_session->members().values();
        const QList<Role>& roles = m_session->roles();
        for (const auto& permission : PermissionCatalogue::builtIn().permissions()) {
            QStringList expected;
            for (const auto& member : members) {
                PermissionSet held;
                for (const auto& role : roles) {
                    if (member.roleIds.contains(role.id))
                        held.unite(PermissionSet(role.permissions.cbegin(), role.permissions.cend()));
                }
                if (held.contains(permission.value))
                    expected.append(member.email);
            }
            QStringList found;
            for (const auto& holder : AccessExplorer::holders(permission.value, members, roles).people)
                found.append(holder.email);
            expected.sort(Qt::CaseInsensitive);
            found.sort(Qt::CaseInsensitive);
            QCOMPARE(found, expected);
        }
    }

    // The audit log reads a page at a time, newest first; pages join without a gap or a repeat even when hundreds of
    // events share one millisecond (one transaction), and a filter starts again from the top.
    void auditLogModelLoadsLazily()
    {
        QStringList emails;
        for (int i = 0; i < 450; ++i)
            emails.append(QStringLiteral("audit.%1@example.org").arg(i));
        REQUIRE_OK(sent, m_session->invite(emails, {}));
        AuditLogModel model(m_store.get()); // no model tester here: it fetches everything it can
        model.setFilter({});
        QTRY_COMPARE(model.rowCount(), AuditLogModel::PageSize); // the first page only, not every event
        QVERIFY(model.canFetchMore({}));
        while (model.canFetchMore({}) || model.isLoading()) {
            model.fetchMore({});
            QTRY_VERIFY(!model.isLoading());
        }
        QSet<QString> ids;
        for (int row = 0; row < model.rowCount(); ++row) {
            ids.insert(model.eventAt(row).id);
            if (row > 0)
                QVERIFY(model.eventAt(row - 1).at >= model.eventAt(row).at);
        }
        QCOMPARE(ids.size(), model.rowCount());
        QVERIFY(model.rowCount() >= 451); // the 450 invitations and the seeding
        QCOMPARE(model.index(0, AuditLogModel::ActionColumn).data().toString(), QStringLiteral("Invitation sent"));

        AuditQuery search;
        search.search = QStringLiteral("audit.44");
        model.setFilter(search);
        QTRY_COMPARE(model.rowCount(), 11); // audit.44 and audit.440 to audit.449
        QVERIFY(!model.canFetchMore({}));
        {
            // The same filter under the model tester, which fetches and checks every page it can.
            AuditLogModel tested(m_store.get());
            QAbstractItemModelTester tester(&tested, QAbstractItemModelTester::FailureReportingMode::QtTest);
            AuditQuery invitations;
            invitations.action = QStringLiteral("invite.");
            invitations.search = QStringLiteral("audit.4");
            tested.setFilter(invitations);
            QTRY_COMPARE(tested.rowCount(), 61); // audit.4, audit.40-49, audit.400-449
            QTRY_VERIFY(!tested.isLoading());
        }

        // fetchNewer puts what happened since on top.
        model.setFilter({});
        QTRY_COMPARE(model.rowCount(), AuditLogModel::PageSize);
        REQUIRE_OK(more, m_session->invite({QStringLiteral("newest@example.org")}, {}));
        model.fetchNewer();
        QTRY_COMPARE(model.rowCount(), AuditLogModel::PageSize + 1);
        QCOMPARE(model.eventAt(0).target, QStringLiteral("newest@example.org"));
    }

    void tableModelPassesModelTester()
    {
        AllUsersModel model(m_session.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 121 + 30);
        QCOMPARE(model.columnCount(), int(UserTableModel::ColumnCount));
        QCOMPARE(model.headerData(UserTableModel::EmailColumn, Qt::Horizontal).toString(), QStringLiteral("Email"));
        exerciseMutations(model);
    }

    void proxyPassesModelTester()
    {
        AllUsersModel model(m_session.get());
        UserFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setDynamicSortFilter(true);
        proxy.sort(UserTableModel::EmailColumn);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSearchText(QStringLiteral("a"));
        proxy.setStatusFilter(UserFilterProxyModel::StatusFilter::Active);
        exerciseMutations(model);
        proxy.setStatusFilter(UserFilterProxyModel::StatusFilter::All);
        proxy.setSearchText({});
        QCOMPARE(proxy.rowCount(), model.rowCount());
    }

    void roleScopedModelPassesModelTester()
    {
        const Role* admin = m_session->systemRole(SystemRole::Admin);
        QVERIFY(admin);
        AllUsersModel everyone(m_session.get());
        RoleUsersModel model(&everyone, admin->id);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(model.data(model.index(row, 0), UserTableModel::RoleIdsRole).toStringList().contains(admin->id));
        // A member given the role appears; taking it away removes the row.
        const Member target = someMemberWithout(admin->id);
        const int before = model.rowCount();
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        REQUIRE_OK(added, m_session->updateMemberRoles(target.id, {admin->id}, {}));
        QCOMPARE(model.rowCount(), before + 1);
        QCOMPARE(inserted.count(), 1);
        REQUIRE_OK(removed, m_session->updateMemberRoles(target.id, {}, {admin->id}));
        QCOMPARE(model.rowCount(), before);
        // Invites into the role show on its tab.
        REQUIRE_OK(invites, m_session->invite({QStringLiteral("into.role@example.com")}, {admin->id}));
        QCOMPARE(model.rowCount(), before + 1);
    }

    // A role's tab indexes User Management's rows instead of copying them: after every kind of change its rows are
    // exactly the role's holders among them, in the same order, and a large change reaches it a frame later.
    void roleTabIsTheHoldersAmongUserManagementsRows()
    {
        AllUsersModel everyone(m_session.get());
        const QString custom = customRoleId();
        RoleUsersModel model(&everyone, custom);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        UserFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setDynamicSortFilter(true);
        proxy.sort(UserTableModel::EmailColumn);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.rowCount() > 0);
        QVERIFY(model.rowCount() < everyone.rowCount());
        compareWithHolders(everyone, model, custom);

        // One member gains the role, another loses it.
        const Member joining = someMemberWithout(custom);
        REQUIRE_OK(granted, m_session->updateMemberRoles(joining.id, {custom}, {}));
        QVERIFY(model.rowOf(joining.id) >= 0);
        compareWithHolders(everyone, model, custom);
        const QString leaving = model.rowAt(0).id;
        REQUIRE_OK(taken, m_session->updateMemberRoles(leaving, {}, {custom}));
        QCOMPARE(model.rowOf(leaving), -1);
        compareWithHolders(everyone, model, custom);

        // Invitations into the role show; one to another role does not; revoking takes the row away.
        REQUIRE_OK(
            into,
            m_session->invite({QStringLiteral("tab.a@example.com"), QStringLiteral("tab.b@example.com")}, {custom}));
        REQUIRE_OK(elsewhere, m_session->invite({QStringLiteral("tab.c@example.com")}, {}));
        QCOMPARE(model.rowOf(elsewhere.sent.first().id), -1);
        compareWithHolders(everyone, model, custom);
        REQUIRE_OK(revoked, m_session->revokeInvite(into.sent.first().id));
        compareWithHolders(everyone, model, custom);
        REQUIRE_OK(removed, m_session->removeMember(joining.id));
        QCOMPARE(model.rowOf(joining.id), -1);
        compareWithHolders(everyone, model, custom);

        // 600 invitations landing in one place: User Management takes them as one run, and the tab refills a frame
        // later, changes made in between included.
        QStringList many;
        for (int i = 0; i < UserTableModel::MaxRowRemovals + 88; ++i)
            many.append(QStringLiteral("tab.many.%1@example.com").arg(i));
        const int before = model.rowCount();
        QSignalSpy runs(&everyone, &QAbstractItemModel::rowsInserted);
        REQUIRE_OK(batch, m_session->invite(many, {custom}));
        QCOMPARE(runs.count(), 1);
        QVERIFY(model.isCatchingUp());
        QVERIFY(model.isRefilling());
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.rowOf(batch.sent.first().id), -1);
        const Member meanwhile = someMemberWithout(custom);
        REQUIRE_OK(grantedMeanwhile, m_session->updateMemberRoles(meanwhile.id, {custom}, {}));
        REQUIRE_OK(revokedMeanwhile, m_session->revokeInvite(batch.sent.last().id));
        REQUIRE_OK(late, m_session->invite({QStringLiteral("tab.late@example.com")}, {custom}));
        QCOMPARE(model.rowCount(), 0);
        QTRY_VERIFY(!model.isCatchingUp());
        QVERIFY(!model.isRefilling());
        QVERIFY(model.rowOf(meanwhile.id) >= 0);
        QVERIFY(model.rowOf(late.sent.first().id) >= 0);
        QCOMPARE(model.rowCount(), before + 1 + many.size() - 1 + 1);
        compareWithHolders(everyone, model, custom);

        // Every other member removed: User Management resets, and the tab fills again a frame later.
        BulkChange remove;
        remove.kind = BulkChange::Kind::Remove;
        for (int row = 0; row < everyone.rowCount(); row += 2) {
            const auto& candidate = everyone.rowAt(row);
            if (!candidate.pending && !m_session->isOwner(m_session->members().value(candidate.id)))
                remove.targets.append(candidate.id);
        }
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        REQUIRE_OK(scattered, m_session->applyBulk(remove));
        QVERIFY(model.isCatchingUp());
        QCOMPARE(model.rowCount(), 0);
        QTRY_COMPARE(reset.count(), 2);
        compareWithHolders(everyone, model, custom);
        QCOMPARE(proxy.rowCount(), model.rowCount());

        // Renaming the role changes rows in place; deleting it empties the tab.
        const Role role = *m_session->role(custom);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        REQUIRE_OK(renamed,
                   m_session->updateRole(custom,
                                         {QStringLiteral("Renamed Role"), role.description,
                                          PermissionSet(role.permissions.cbegin(), role.permissions.cend())}));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(reset.count(), 2);
        QVERIFY(model.rowAt(0).rolesText.contains(QStringLiteral("Renamed Role")));
        REQUIRE_OK(deleted, m_session->deleteRole(custom));
        QCOMPARE(model.rowCount(), 0);
        compareWithHolders(everyone, model, custom);

        // Base's tab is everyone.
        RoleUsersModel base(&everyone, m_session->systemRole(SystemRole::Base)->id);
        QCOMPARE(base.rowCount(), everyone.rowCount());
        compareWithHolders(everyone, base, base.scopeRoleId());
    }

    // A role given to hundreds of members at once reaches User Management as one signal on the Roles column, and
    // the role's tab takes it a frame later as one new table, not a row at a time.
    void bulkRoleChangeIsOneSignal()
    {
        openAccount(700);
        AllUsersModel everyone(m_session.get());
        const QString custom = customRoleId();
        RoleUsersModel tab(&everyone, custom);
        QAbstractItemModelTester tester(&everyone, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester tabTester(&tab, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&everyone, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&everyone, &QAbstractItemModel::modelReset);
        QSignalSpy tabInserted(&tab, &QAbstractItemModel::rowsInserted);
        BulkChange grant;
        grant.kind = BulkChange::Kind::ChangeRoles;
        grant.addRoleIds = {custom};
        for (const auto& member : m_session->members()) {
            if (!member.roleIds.contains(custom) && !m_session->isOwner(member))
                grant.targets.append(member.id);
        }
        QVERIFY(grant.targets.size() > UserTableModel::MaxRowRemovals);
        REQUIRE_OK(report, m_session->applyBulk(grant));
        QCOMPARE(report.done.size(), grant.targets.size());
        QCOMPARE(changed.count(), 1);
        const auto topLeft = changed.first().at(0).value<QModelIndex>();
        const auto bottomRight = changed.first().at(1).value<QModelIndex>();
        QCOMPARE(topLeft.column(), int(UserTableModel::RolesColumn));
        QCOMPARE(bottomRight.column(), int(UserTableModel::RolesColumn));
        QCOMPARE(reset.count(), 0);
        for (const auto& id : grant.targets) {
            const int row = everyone.rowOf(id);
            QVERIFY(row >= topLeft.row() && row <= bottomRight.row());
            QVERIFY(everyone.rowAt(row).roleIds.contains(custom));
            QVERIFY(everyone.index(row, UserTableModel::RolesColumn)
                        .data()
                        .toString()
                        .contains(m_session->role(custom)->name));
        }
        QVERIFY(tab.isRefilling());
        QCOMPARE(tabInserted.count(), 0);
        QTRY_VERIFY(!tab.isCatchingUp());
        compareWithHolders(everyone, tab, custom);
    }

    // Resending every pending invitation renews their rows in place, announced as one signal, with the new dates.
    void bulkResendIsOneSignal()
    {
        AllUsersModel everyone(m_session.get());
        QAbstractItemModelTester tester(&everyone, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int before = everyone.rowCount();
        QSignalSpy changed(&everyone, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&everyone, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&everyone, &QAbstractItemModel::rowsRemoved);
        BulkChange resend;
        resend.kind = BulkChange::Kind::Resend;
        for (const auto& invite : m_session->pendingInvites())
            resend.targets.append(invite.id);
        QVERIFY(resend.targets.size() > 10);
        Clock::setNowForTesting(QDateTime::currentDateTimeUtc().addSecs(3600));
        REQUIRE_OK(report, m_session->applyBulk(resend));
        Clock::setNowForTesting({});
        QCOMPARE(report.done.size(), resend.targets.size());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(everyone.rowCount(), before);
        const auto topLeft = changed.first().at(0).value<QModelIndex>();
        const auto bottomRight = changed.first().at(1).value<QModelIndex>();
        for (const auto& id : resend.targets) {
            const int row = everyone.rowOf(id);
            QVERIFY(row >= topLeft.row() && row <= bottomRight.row());
            QCOMPARE(everyone.rowAt(row).date, m_session->pendingInvites().value(id).createdAt);
        }
    }

    // A bulk change reaches the table in one pass: contiguous runs as row removals, a scattered crowd as one reset;
    // a renewed invitation is one row's dataChanged.
    void bulkChangesUpdateRowsNotTheWholeTable()
    {
        AllUsersModel model(m_session.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        // Three members next to each other in the table: one removal signal.
        QStringList ids;
        for (int row = 0; ids.size() < 3 && row < model.rowCount(); ++row) {
            const auto& candidate = model.rowAt(row);
            if (!candidate.pending && !m_session->isOwner(m_session->members().value(candidate.id)))
                ids.append(candidate.id);
            else
                ids.clear();
        }
        QCOMPARE(ids.size(), 3);
        const int before = model.rowCount();
        BulkChange remove;
        remove.kind = BulkChange::Kind::Remove;
        remove.targets = ids;
        REQUIRE_OK(report, m_session->applyBulk(remove));
        QCOMPARE(report.done.size(), 3);
        QCOMPARE(model.rowCount(), before - 3);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(reset.count(), 0);
        for (const auto& id : ids)
            QCOMPARE(model.rowOf(id), -1);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.rowOf(model.rowAt(row).id), row); // the rows after the run moved up, and the index knows

        // Every other member: more runs than row removals are worth, so one reset.
        QStringList scattered;
        for (int row = 0; row < model.rowCount(); row += 2) {
            const auto& candidate = model.rowAt(row);
            if (!candidate.pending && !m_session->isOwner(m_session->members().value(candidate.id)))
                scattered.append(candidate.id);
        }
        QVERIFY(scattered.size() > UserTableModel::MaxRemovalRuns);
        remove.targets = scattered;
        REQUIRE_OK(many, m_session->applyBulk(remove));
        QCOMPARE(reset.count(), 1);
        for (const auto& id : scattered)
            QCOMPARE(model.rowOf(id), -1);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.rowOf(model.rowAt(row).id), row); // the index is whole again

        // Resend renews one invitation in place.
        const QString pending = m_session->pendingInvites().cbegin().key();
        const int row = model.rowOf(pending);
        changed.clear();
        REQUIRE_OK(renewed, m_session->resendInvite(pending));
        QCOMPARE(model.rowOf(pending), row);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.rowAt(row).date, renewed.createdAt);
    }

    // The session's email index answers the invite dialogs' questions; it must follow every kind of change.
    void sessionFindsPeopleByEmailAfterEveryChange()
    {
        const auto agreesWithBruteForce = [this] {
            for (const auto& member : m_session->members()) {
                const Member* found = m_session->memberByEmail(member.email.toUpper());
                if (!found || found->id != member.id)
                    return false;
            }
            for (const auto& invite : m_session->pendingInvites()) {
                const Invite* found = m_session->pendingInviteByEmail(invite.email);
                if (!found || found->id != invite.id || m_session->memberByEmail(invite.email))
                    return false;
            }
            return true;
        };
        QVERIFY(agreesWithBruteForce());
        QVERIFY(!m_session->memberByEmail(QStringLiteral("nobody@example.com")));

        REQUIRE_OK(sent, m_session->invite({QStringLiteral("New.Person@Example.com")}, {}));
        const Invite* invite = m_session->pendingInviteByEmail(QStringLiteral("new.person@example.com"));
        QVERIFY(invite);
        QCOMPARE(invite->invitedBy, m_session->actor().email);
        QVERIFY(!m_session->memberByEmail(QStringLiteral("new.person@example.com")));
        REQUIRE_OK(revoked, m_session->revokeInvite(invite->id));
        QVERIFY(!m_session->pendingInviteByEmail(QStringLiteral("new.person@example.com")));

        const Member leaving = [this] {
            for (const auto& member : m_session->members()) {
                if (!m_session->isOwner(member) && !m_session->isSelf(member))
                    return member;
            }
            return Member();
        }();
        QVERIFY(!leaving.id.isEmpty());
        QVERIFY(awaitFuture(m_session->removeMember(leaving.id)).ok());
        QVERIFY(!m_session->memberByEmail(leaving.email));

        BulkChange remove;
        remove.kind = BulkChange::Kind::Remove;
        QStringList gone;
        for (const auto& member : m_session->members()) {
            if (gone.size() < 10 && !m_session->isOwner(member) && !m_session->isSelf(member)) {
                gone.append(member.email);
                remove.targets.append(member.id);
            }
        }
        QCOMPARE(gone.size(), 10);
        REQUIRE_OK(report, m_session->applyBulk(remove));
        for (const auto& email : std::as_const(gone))
            QVERIFY2(!m_session->memberByEmail(email), qPrintable(email));
        QVERIFY(agreesWithBruteForce());
    }

    // The table's own rows start in the views' default order, so that the proxy shows them without a sort; a large
    // account is put in order on two threads.
    void rowsStartInEmailOrder_data()
    {
        QTest::addColumn<int>("members");
        QTest::addRow("one thread") << 120;
        QTest::addRow("two threads") << int(AllUsersModel::ParallelRows);
    }

    void rowsStartInEmailOrder()
    {
        QFETCH(int, members);
        if (members != 120)
            openAccount(members);
        AllUsersModel model(m_session.get());
        QCOMPARE(model.rowCount(), members + 1 + 30);
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY2(model.rowAt(row - 1).emailKey < model.rowAt(row).emailKey, qPrintable(model.rowAt(row).email));
    }

    // ...and stay in it: a new row goes where its address sorts, a few as runs in place, many scattered ones as one
    // reset. The proxy sorted by email ascending shows the table's own order, so it must always be the right one.
    void rowsStayInEmailOrder()
    {
        AllUsersModel model(m_session.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        UserFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setDynamicSortFilter(true);
        proxy.sort(UserTableModel::RolesColumn);
        proxy.sort(UserTableModel::EmailColumn); // back from another column
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto inOrder = [&] {
            for (int row = 0; row < model.rowCount(); ++row) {
                const auto& shown = model.rowAt(row);
                if (row > 0 && shown.sortsBefore(model.rowAt(row - 1)))
                    return QStringLiteral("%1 before %2").arg(model.rowAt(row - 1).email, shown.email);
                if (model.rowOf(shown.id) != row)
                    return QStringLiteral("rowOf(%1) is %2, not %3")
                        .arg(shown.email)
                        .arg(model.rowOf(shown.id))
                        .arg(row);
                if (proxy.index(row, 0).data().toString() != shown.email)
                    return QStringLiteral("the proxy shows %1 at %2")
                        .arg(proxy.index(row, 0).data().toString())
                        .arg(row);
            }
            return proxy.rowCount() == model.rowCount() ? QString() : QStringLiteral("the proxy lost rows");
        };
        QCOMPARE(inOrder(), QString());
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        // One invitation: one row, inserted where it sorts, not appended.
        REQUIRE_OK(one, m_session->invite({QStringLiteral("AAA.first@example.com")}, {}));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.last().at(1).toInt(), 0);
        QCOMPARE(model.rowAt(0).id, one.sent.first().id);
        QCOMPARE(inOrder(), QString());

        // Three addresses in three places: three runs, from the last, and no reset.
        inserted.clear();
        REQUIRE_OK(three,
                   m_session->invite({QStringLiteral("zzz.last@example.com"), QStringLiteral("mmm.middle@example.com"),
                                      QStringLiteral("aab.second@example.com")},
                                     {}));
        QCOMPARE(inserted.count(), 3);
        QVERIFY(inserted.at(0).at(1).toInt() > inserted.at(1).at(1).toInt());
        QCOMPARE(inserted.at(0).at(1).toInt(), model.rowCount() - 3); // the end, before the other two went in
        QCOMPARE(model.rowAt(model.rowCount() - 1).email, QStringLiteral("zzz.last@example.com"));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inOrder(), QString());

        // Twenty addresses all over the table: one reset, and nothing out of place.
        QStringList scattered;
        for (int i = 0; i < 20; ++i)
            scattered.append(QStringLiteral("%1.scattered.%2@example.com").arg(QChar(u'a' + i)).arg(i));
        inserted.clear();
        REQUIRE_OK(many, m_session->invite(scattered, {}));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(inOrder(), QString());
        for (const auto& invite : many.sent)
            QVERIFY(model.rowOf(invite.id) >= 0);

        // Removing keeps the order and the index.
        REQUIRE_OK(revoked, m_session->revokeInvite(three.sent.at(1).id));
        QCOMPARE(model.rowOf(three.sent.at(1).id), -1);
        QCOMPARE(inOrder(), QString());
    }

    void invitePlanModelPassesModelTester()
    {
        InvitePlanModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto account = InvitePlan::Account::fromPeople(m_session->actorContext(), m_session->roles(),
                                                             m_session->members().values(), {});
        const QString member = m_session->members().cbegin()->email;
        model.setPlan(InvitePlan::plan(
            InvitePlan::rowsFromText(QStringLiteral("new@x.io, bad@, new@x.io, ") + member, {QStringLiteral("Admin")}),
            account));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), int(InvitePlanModel::ColumnCount));
        QCOMPARE(model.index(0, InvitePlanModel::OutcomeColumn).data().toString(), QStringLiteral("Ready"));
        QVERIFY(model.index(1, InvitePlanModel::OutcomeColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("Invalid address: ")));
        QCOMPARE(model.index(2, InvitePlanModel::OutcomeColumn).data(InvitePlanModel::FateRole).toInt(),
                 int(PlannedInvite::Fate::Duplicate));
        QCOMPARE(model.index(3, InvitePlanModel::OutcomeColumn).data(InvitePlanModel::FateRole).toInt(),
                 int(PlannedInvite::Fate::AlreadyMember));
        QCOMPARE(model.readyInvites().size(), 1);
        QCOMPARE(model.readyInvites().first().roleIds, QStringList{m_session->systemRole(SystemRole::Admin)->id});
        QCOMPARE(model.counts().size(), 4);
        model.setPlan({});
        QCOMPARE(model.rowCount(), 0);
    }

    void filters()
    {
        AllUsersModel model(m_session.get());
        UserFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        int pending = 0;
        int expired = 0;
        const qint64 now = Clock::now().toMSecsSinceEpoch();
        for (int row = 0; row < model.rowCount(); ++row) {
            pending += model.rowAt(row).pending ? 1 : 0;
            expired += model.rowAt(row).isExpired(now) ? 1 : 0;
        }
        QVERIFY2(expired > 0 && expired < pending, "the demo account has both pending and expired invitations");
        proxy.setStatusFilter(UserFilterProxyModel::StatusFilter::Pending);
        QCOMPARE(proxy.rowCount(), pending - expired);
        proxy.setStatusFilter(UserFilterProxyModel::StatusFilter::Expired);
        QCOMPARE(proxy.rowCount(), expired);
        for (int row = 0; row < proxy.rowCount(); ++row) {
            QCOMPARE(proxy.index(row, UserTableModel::StatusColumn).data().toString(),
                     QStringLiteral("Expired invite"));
            QVERIFY(!proxy.index(row, UserTableModel::ExpiresColumn).data().toString().isEmpty());
        }
        proxy.setStatusFilter(UserFilterProxyModel::StatusFilter::Active);
        QCOMPARE(proxy.rowCount(), model.rowCount() - pending);
        proxy.setStatusFilter(UserFilterProxyModel::StatusFilter::All);

        proxy.setSearchText(QStringLiteral("OWNER@"));
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("owner@example.com"));
        proxy.setSearchText(QStringLiteral("no-such-person"));
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setSearchText({});

        // Role filter: every member holds Base, and so does every pending invite.
        proxy.setRoleFilter(m_session->systemRole(SystemRole::Base)->id);
        QCOMPARE(proxy.rowCount(), model.rowCount());
        proxy.setRoleFilter(m_session->systemRole(SystemRole::Owner)->id);
        QCOMPARE(proxy.rowCount(), 1);
        const QString custom = customRoleId();
        proxy.setRoleFilter(custom);
        QVERIFY(proxy.rowCount() > 0);
        for (int row = 0; row < proxy.rowCount(); ++row)
            QVERIFY(proxy.index(row, 0).data(UserTableModel::RoleIdsRole).toStringList().contains(custom));
        // Filters combine.
        proxy.setStatusFilter(UserFilterProxyModel::StatusFilter::Pending);
        for (int row = 0; row < proxy.rowCount(); ++row)
            QVERIFY(proxy.index(row, 0).data(UserTableModel::IsPendingRole).toBool());
    }

    void sortsEveryColumn_data()
    {
        QTest::addColumn<int>("members");
        QTest::addColumn<int>("column");
        for (int members : {120, 10000}) {
            for (int column = 0; column < UserTableModel::ActionsColumn; ++column) {
                QTest::addRow("%d rows, column %d", members, column) << members << column;
            }
        }
    }

    void sortsEveryColumn()
    {
        QFETCH(int, members);
        QFETCH(int, column);
        if (members != 120)
            openAccount(members);
        AllUsersModel model(m_session.get());
        UserFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QCOMPARE(model.rowCount(), members + 1 + 30);
        for (auto order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            proxy.sort(column, order);
            for (int row = 1; row < proxy.rowCount(); ++row) {
                const QVariant previous = proxy.index(row - 1, column).data(UserTableModel::SortRole);
                const QVariant current = proxy.index(row, column).data(UserTableModel::SortRole);
                const int comparison = QVariant::compare(previous, current) == QPartialOrdering::Less ? -1
                    : QVariant::compare(previous, current) == QPartialOrdering::Greater               ? 1
                                                                                                      : 0;
                if (column == UserTableModel::RolesColumn || column == UserTableModel::InvitedByColumn) {
                    const int text = previous.toString().compare(current.toString(), Qt::CaseInsensitive);
                    QVERIFY2(order == Qt::AscendingOrder ? text <= 0 : text >= 0,
                             qPrintable(QStringLiteral("row %1").arg(row)));
                } else {
                    QVERIFY2(
                        order == Qt::AscendingOrder ? comparison <= 0 : comparison >= 0,
                        qPrintable(
                            QStringLiteral("row %1: %2 / %3").arg(row).arg(previous.toString(), current.toString())));
                }
            }
        }
    }

private:
    // A fresh demo account of `members` members plus the Owner and 30 pending invites, loaded into a session.
    void openAccount(int members)
    {
        cleanup();
        m_dir = std::make_unique<QTemporaryDir>();
        StoreUrl url;
        url.path = m_dir->filePath(QStringLiteral("models.db"));
        m_store = std::make_unique<SqlStore>(url, SqlActor{});
        QVERIFY(awaitFuture(m_store->open(SqlAccountEngine::OpenMode::CreateIfMissing)).ok());
        QVERIFY(awaitFuture(m_store->seedDemo({members, 30, 4, 11, QStringLiteral("owner@example.com")})).ok());
        m_session = std::make_unique<AccountSession>(m_store.get());
        QSignalSpy loaded(m_session.get(), &AccountSession::reset);
        m_session->reload();
        QVERIFY(loaded.wait(30000));
    }

    void exerciseMutations(UserTableModel& model)
    {
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        const int start = model.rowCount();

        REQUIRE_OK(
            invites,
            m_session->invite({QStringLiteral("new.one@example.com"), QStringLiteral("new.two@example.com")}, {}));
        QCOMPARE(model.rowCount(), start + 2);
        QCOMPARE(inserted.count(), 1);
        const int newRow = model.rowOf(invites.sent.first().id);
        QVERIFY(newRow >= 0);
        QCOMPARE(model.data(model.index(newRow, UserTableModel::StatusColumn)).toString(),
                 QStringLiteral("Pending invite"));
        QCOMPARE(model.data(model.index(newRow, UserTableModel::RolesColumn)).toString(), QStringLiteral("Base"));

        REQUIRE_OK(revoked, m_session->revokeInvite(invites.sent.first().id));
        QCOMPARE(model.rowCount(), start + 1);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.rowOf(invites.sent.first().id), -1);

        const QString admin = m_session->systemRole(SystemRole::Admin)->id;
        const Member target = someMemberWithout(admin);
        REQUIRE_OK(updated, m_session->updateMemberRoles(target.id, {admin}, {}));
        QCOMPARE(changed.count(), 1);
        const QList<QVariant> args = changed.first();
        QCOMPARE(args.at(0).value<QModelIndex>().row(), model.rowOf(target.id));
        QVERIFY(model.data(model.index(model.rowOf(target.id), UserTableModel::RolesColumn))
                    .toString()
                    .contains(QStringLiteral("Admin")));

        REQUIRE_OK(gone, m_session->removeMember(target.id));
        QCOMPARE(model.rowOf(target.id), -1);
        QCOMPARE(removed.count(), 2);

        // Renaming a role changes the Roles column in one signal, without a reset.
        const QString custom = customRoleId();
        const Role before = *m_session->role(custom);
        changed.clear();
        REQUIRE_OK(renamed,
                   m_session->updateRole(custom,
                                         {QStringLiteral("Renamed Role"), before.description,
                                          PermissionSet(before.permissions.cbegin(), before.permissions.cend())}));
        QCOMPARE(changed.count(), 1);
        REQUIRE_OK(deleted, m_session->deleteRole(custom));
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(!model.rowAt(row).roleIds.contains(custom));
        QCOMPARE(reset.count(), 0);
    }

    void compareWithHolders(const AllUsersModel& everyone, const RoleUsersModel& tab, const QString& roleId)
    {
        const Role* role = m_session->role(roleId);
        QStringList expected;
        for (int row = 0; row < everyone.rowCount(); ++row) {
            if (role && holdsRole(everyone.rowAt(row).roleIds, *role))
                expected.append(everyone.rowAt(row).id);
        }
        QStringList shown;
        for (int row = 0; row < tab.rowCount(); ++row) {
            shown.append(tab.rowAt(row).id);
            QCOMPARE(tab.rowOf(tab.rowAt(row).id), row);
            QCOMPARE(tab.index(row, UserTableModel::EmailColumn).data().toString(),
                     everyone.rowAt(everyone.rowOf(shown.last())).email);
        }
        QCOMPARE(shown, expected);
    }

    Member someMemberWithout(const QString& roleId) const
    {
        for (const auto& member : m_session->members()) {
            if (!member.roleIds.contains(roleId) && !m_session->isOwner(member))
                return member;
        }
        return {};
    }

    QString customRoleId() const
    {
        for (const auto& role : m_session->roles()) {
            if (!role.isSystem())
                return role.id;
        }
        return {};
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SqlStore> m_store;
    std::unique_ptr<AccountSession> m_session;
};

QTEST_GUILESS_MAIN(TestUserModels)
#include "tst_usermodels.moc"
