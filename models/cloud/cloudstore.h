// The AccountStore over the Qdrant Cloud public REST API (account and IAM services).
#pragma once

#include "accountstore.h"
#include "cloudclient.h"

#include <QPointer>

class CloudStore final : public AccountStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloudStore)

public:
    explicit CloudStore(const CloudOptions& options, QObject* parent = nullptr);

    CloudClient* client() const { return m_client; }
    QString location() const override;
    StoreCapabilities capabilities() const override;

    QFuture<Result<AccountSnapshot>> loadAccount() override;
    QFuture<Result<QList<Role>>> listRoles() override;
    QFuture<Result<RoleDetails>> roleDetails(const QString& roleId) override;
    QFuture<Result<Member>> findMember(const QString& emailOrId) override;
    QFuture<Result<Invite>> findInvite(const QString& emailOrId) override;
    QFuture<Result<QList<Invite>>> listInvites(std::optional<InviteStatus> status) override;
    QFuture<Result<QList<Permission>>> permissionCatalogue() override;
    QFuture<Result<QList<AuditEvent>>> auditLog(int limit) override;
    QFuture<Result<RoleUsage>> roleUsage(const QString& roleId) override;
    QFuture<Result<QList<Invite>>> invite(const QStringList& emails, const QStringList& roleIds) override;
    QFuture<Result<Invite>> revokeInvite(const QString& inviteId) override;
    QFuture<Result<Member>> acceptInvite(const QString& inviteId) override;
    QFuture<Result<Invite>> rejectInvite(const QString& inviteId) override;
    QFuture<Result<Member>> updateMemberRoles(const QString& memberId, const QStringList& addRoleIds,
                                              const QStringList& removeRoleIds) override;
    QFuture<Outcome> removeMember(const QString& memberId) override;
    QFuture<Result<Role>> createRole(const RoleDraft& draft) override;
    QFuture<Result<Role>> updateRole(const QString& roleId, const RoleDraft& draft) override;
    QFuture<Result<Role>> duplicateRole(const QString& roleId, const QString& newName) override;
    QFuture<Result<RoleUsage>> deleteRole(const QString& roleId) override;

private:
    QString account(const QString& service) const; // "/api/<service>/v1/accounts/<id>"
    QFuture<Result<QList<Member>>> members();
    QFuture<Result<Member>> resolveMember(const QString& emailOrId);
    QFuture<Result<Role>> resolveRole(const QString& idOrName);
    QFuture<Result<QStringList>> resolveRoleIds(const QStringList& idsOrNames);
    QFuture<Result<Invite>> resolveInvite(const QString& emailOrId);
    QFuture<Result<Member>> memberWithRoles(const Member& member);

    CloudClient* m_client;
};
