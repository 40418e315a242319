// PermissionTreeModel and MemberChecklistModel under QAbstractItemModelTester, with the write→read lock.
#include "memberchecklistmodel.h"
#include "permissiontreemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

class TestRoleModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void permissionTreePassesModelTester()
    {
        PermissionTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto& catalogue = PermissionCatalogue::builtIn();
        QCOMPARE(model.rowCount(), int(catalogue.categories().size()));
        int leaves = 0;
        for (int category = 0; category < model.rowCount(); ++category)
            leaves += model.rowCount(model.index(category, 0));
        QCOMPARE(leaves, int(catalogue.permissions().size()));
        model.setSavedPermissions({QStringLiteral("read:users")});
        QVERIFY(model.setChecked(QStringLiteral("write:roles"), true));
        model.setReadOnly(true, QStringLiteral("because"));
        model.revert();
    }

    void writeChecksAndLocksRead()
    {
        PermissionTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSavedPermissions({QStringLiteral("read:users")});
        QSignalSpy modified(&model, &PermissionTreeModel::modifiedChanged);
        const QModelIndex write = find(model, QStringLiteral("write:invites"));
        const QModelIndex read = find(model, QStringLiteral("read:invites"));
        QVERIFY(write.isValid() && read.isValid());
        QVERIFY(model.flags(read) & Qt::ItemIsUserCheckable);
        QVERIFY(model.setData(write, Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(model.data(read, Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
        QVERIFY(!(model.flags(read) & Qt::ItemIsUserCheckable)); // locked
        QVERIFY(!(model.flags(read) & Qt::ItemIsEnabled));
        QVERIFY(model.data(read, Qt::ToolTipRole).toString().contains(QStringLiteral("write:invites")));
        QVERIFY(!model.setData(read, Qt::Unchecked, Qt::CheckStateRole)); // refused while locked
        QVERIFY(model.isModified());
        QCOMPARE(modified.count(), 1);
        // Unchecking the write unlocks the read but keeps it checked.
        QVERIFY(model.setData(write, Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(model.flags(read) & Qt::ItemIsUserCheckable);
        QCOMPARE(model.data(read, Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
        model.revert();
        QVERIFY(!model.isModified());
        QCOMPARE(model.permissions(), PermissionSet{QStringLiteral("read:users")});
        QCOMPARE(modified.count(), 2);
    }

    void categoryShowsPartialState()
    {
        PermissionTreeModel model;
        model.setSavedPermissions({QStringLiteral("read:clusters")});
        const QModelIndex read = find(model, QStringLiteral("read:clusters"));
        QCOMPARE(model.data(read.parent(), Qt::CheckStateRole).value<Qt::CheckState>(), Qt::PartiallyChecked);
        model.setSavedPermissions({});
        QCOMPARE(model.data(read.parent(), Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
    }

    void readOnlyRefusesChanges()
    {
        PermissionTreeModel model;
        model.setSavedPermissions({QStringLiteral("read:profile")});
        model.setReadOnly(true, QStringLiteral("Base is a built-in role and cannot be changed or deleted."));
        const QModelIndex users = find(model, QStringLiteral("read:users"));
        QVERIFY(!(model.flags(users) & Qt::ItemIsUserCheckable));
        QVERIFY(!model.setData(users, Qt::Checked, Qt::CheckStateRole));
        QVERIFY(!model.isModified());
        QCOMPARE(model.data(users, Qt::ToolTipRole).toString(),
                 QStringLiteral("Base is a built-in role and cannot be changed or deleted."));
        model.setReadOnly(false);
        QVERIFY(model.setData(users, Qt::Checked, Qt::CheckStateRole));
        QVERIFY(model.isModified());
    }

    void memberChecklistPassesModelTester()
    {
        MemberChecklistModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<Member> members;
        for (const char* email : {"zed@example.com", "Amy@example.com", "bo@example.com"})
            members.append(Member{QString::fromLatin1(email).left(3), QString::fromLatin1(email), {}, {}, {}});
        model.setMembers(members);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0).data().toString(), QStringLiteral("Amy@example.com")); // sorted by email
        QSignalSpy count(&model, &MemberChecklistModel::checkedCountChanged);
        QVERIFY(model.setData(model.index(2), Qt::Checked, Qt::CheckStateRole));
        QVERIFY(model.setData(model.index(0), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(model.checkedCount(), 2);
        QCOMPARE(count.count(), 2);
        QCOMPARE(model.checkedMemberIds(), (QStringList{QStringLiteral("Amy"), QStringLiteral("zed")}));
        QVERIFY(model.setData(model.index(0), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(model.checkedMemberIds(), QStringList{QStringLiteral("zed")});
        QVERIFY(!model.setData(model.index(0), QStringLiteral("x"), Qt::EditRole));
    }

private:
    static QModelIndex find(const PermissionTreeModel& model, const QString& value)
    {
        for (int category = 0; category < model.rowCount(); ++category) {
            const QModelIndex parent = model.index(category, 0);
            for (int row = 0; row < model.rowCount(parent); ++row) {
                const QModelIndex index = model.index(row, 0, parent);
                if (index.data(PermissionTreeModel::PermissionValueRole).toString() == value)
                    return index;
            }
        }
        return {};
    }
};

QTEST_GUILESS_MAIN(TestRoleModels)
#include "tst_rolemodels.moc"
