// Bulk changes on the cloud: the API changes one person per call, so a bulk change reads the account once, lets
// AccessRules judge every person, then sends at most four calls at a time and reports each person. Cancelling stops
// what has not been sent; what was done stays done and is reported.
#include "cloudstore.h"

#include "apijson.h"
#include "cloudstore_p.h"

using namespace CloudFuture;

namespace {

// Which of the account's people a target names: an id, or an address compared case-insensitively.
std::optional<std::variant<Member, Invite>> personIn(const AccountSnapshot& snapshot, const QString& target)
{
    const QString key = emailKey(target);
    for (const auto& member : snapshot.members) {
        if (member.id == target || emailKey(member.email) == key)
            return member;
    }
    for (const auto& invite : snapshot.pendingInvites) {
        if (invite.id == target || emailKey(invite.email) == key)
            return invite;
    }
    return std::nullopt;
}

} // namespace

QFuture<Result<Invite>> CloudStore::resendInviteNow(const QString& inviteId)
{
    BulkChange change;
    change.kind = BulkChange::Kind::Resend;
    change.targets = {inviteId};
    return then(applyBulk(change, {}), [](const Result<BulkReport>& report) -> Result<Invite> {
        if (!report)
            return report.error();
        if (!report.value().refused.isEmpty())
            return report.value().refused.first().error;
        return report.value().sentInvites.value(0);
    });
}

QFuture<Result<BulkReport>> CloudStore::applyBulkNow(const BulkChange& change, std::shared_ptr<BulkControl> control)
{
    if (!control)
        control = std::make_shared<BulkControl>();
    QPointer<CloudStore> self(this);
    return whenAllowed<BulkReport>(
        AccessRules::bulkAction(change.kind), [self, change, control](const ActorContext& allowed) {
            // One read of the account for the whole selection: no call per person before the changes themselves.
            return chain<BulkReport>(
                self, self->loadAccount(), [self, change, control, allowed](const AccountSnapshot& snapshot) {
                    ActorContext actor = allowed;
                    actor.ownerId = snapshot.ownerId;
                    auto report = std::make_shared<BulkReport>();
                    struct Planned
                    {
                        Person person;
                        RoleChange roles;
                    };
                    auto planned = std::make_shared<QList<Planned>>();
                    for (const auto& target : change.targets) {
                        const auto person = personIn(snapshot, target);
                        if (!person) {
                            report->refused.append(
                                {target,
                                 notFound(tr("%1 is neither a member nor invited to this account.").arg(target))});
                            continue;
                        }
                        Verdict verdict;
                        RoleChange roles;
                        if (const auto* member = std::get_if<Member>(&*person)) {
                            verdict = AccessRules::canApplyTo(actor, change, *member, snapshot.roles);
                            if (verdict && change.kind == BulkChange::Kind::ChangeRoles) {
                                QList<Role> add;
                                QList<Role> remove;
                                for (const auto& id : change.addRoleIds) {
                                    if (const Role* role = findRole(snapshot.roles, id))
                                        add.append(*role);
                                    else
                                        verdict = notFound(tr("There is no role %1.").arg(id));
                                }
                                for (const auto& id : change.removeRoleIds) {
                                    if (const Role* role = findRole(snapshot.roles, id))
                                        remove.append(*role);
                                    else
                                        verdict = notFound(tr("There is no role %1.").arg(id));
                                }
                                if (verdict)
                                    roles = AccessRules::planRoleChange(actor, *member, add, remove).value();
                            }
                        } else {
                            verdict = AccessRules::canApplyTo(actor, change, std::get<Invite>(*person));
                        }
                        if (!verdict) {
                            const QString email = std::visit([](const auto& who) { return who.email; }, *person);
                            report->refused.append({email, verdict.error()});
                            continue;
                        }
                        planned->append({*person, roles});
                    }
                    control->total = int(change.targets.size());
                    control->finished = int(report->refused.size());
                    auto outcomes = std::make_shared<QList<std::optional<Result<Applied>>>>(planned->size());
                    const auto start = [self, change, planned](int i) -> QFuture<Result<Applied>> {
                        if (!self)
                            return ready<Applied>(closed());
                        return self->applyTo(change, planned->at(i).person, planned->at(i).roles);
                    };
                    const auto done = [outcomes, control](int i, const Result<Applied>& result) {
                        (*outcomes)[i] = result;
                        ++control->finished;
                    };
                    const auto stop = [control] {
                        return control->cancelled.load();
                    };
                    return then(runLimited<Applied>(int(planned->size()), MaxCallsInFlight, start, done, stop),
                                [planned, outcomes, report]() -> Result<BulkReport> {
                                    for (int i = 0; i < planned->size(); ++i) {
                                        const QString email = std::visit([](const auto& who) { return who.email; },
                                                                         planned->at(i).person);
                                        const auto& outcome = outcomes->at(i);
                                        if (!outcome) {
                                            report->notSent.append(email);
                                            continue;
                                        }
                                        if (!*outcome) {
                                            report->refused.append({email, outcome->error()});
                                            continue;
                                        }
                                        const Applied& applied = outcome->value();
                                        if (!applied.removedId.isEmpty())
                                            report->removedIds.append(applied.removedId);
                                        if (applied.failedHalfway) {
                                            report->refused.append({email, *applied.failedHalfway});
                                            continue;
                                        }
                                        report->done.append(email);
                                        if (applied.member)
                                            report->changedMembers.append(*applied.member);
                                        if (applied.invite)
                                            report->sentInvites.append(*applied.invite);
                                    }
                                    return *report;
                                });
                });
        });
}

QFuture<Result<CloudStore::Applied>> CloudStore::applyTo(const BulkChange& change, const Person& person,
                                                         const RoleChange& roles)
{
    const QString accountPath = account(QStringLiteral("account"));
    switch (change.kind) {
    case BulkChange::Kind::Remove: {
        const Member member = std::get<Member>(person);
        return then(m_client->send("DELETE", accountPath + QStringLiteral("/members/") + member.id),
                    [member](const Result<QJsonObject>& reply) -> Result<Applied> {
                        if (!reply)
                            return reply.error();
                        return Applied{member.id, std::nullopt, std::nullopt, std::nullopt};
                    });
    }
    case BulkChange::Kind::Revoke: {
        const Invite invite = std::get<Invite>(person);
        return then(m_client->send("DELETE", accountPath + QStringLiteral("/invites/") + invite.id),
                    [invite](const Result<QJsonObject>& reply) -> Result<Applied> {
                        if (!reply)
                            return reply.error();
                        return Applied{invite.id, std::nullopt, std::nullopt, std::nullopt};
                    });
    }
    case BulkChange::Kind::ChangeRoles: {
        const Member member = std::get<Member>(person);
        if (roles.isEmpty())
            return ready<Applied>(Applied{{}, member, std::nullopt, std::nullopt});
        return then(m_client->send("POST",
                                   account(QStringLiteral("iam")) + QStringLiteral("/users/") + member.id
                                       + QStringLiteral("/roles"),
                                   ApiJson::assignRolesBody(roles.add, roles.remove)),
                    [member, roles](const Result<QJsonObject>& reply) -> Result<Applied> {
                        if (!reply)
                            return reply.error();
                        // The plan is what the API applied: the member's roles follow without another read.
                        Member changed = member;
                        for (const auto& id : roles.remove)
                            changed.roleIds.removeAll(id);
                        for (const auto& id : roles.add) {
                            if (!changed.roleIds.contains(id))
                                changed.roleIds.append(id);
                        }
                        return Applied{{}, changed, std::nullopt, std::nullopt};
                    });
    }
    case BulkChange::Kind::Resend:
        break;
    }
    // No resend call in the API: revoke, then invite again with the same roles. The second call can fail after the
    // first succeeded; the admin is then told exactly what state the invitation is in.
    const Invite invite = std::get<Invite>(person);
    QPointer<CloudStore> self(this);
    return chain<Applied>(
        this, m_client->send("DELETE", accountPath + QStringLiteral("/invites/") + invite.id),
        [self, invite, accountPath](const QJsonObject&) {
            if (!self)
                return ready<Applied>(closed());
            return then(self->m_client->send("POST", accountPath + QStringLiteral("/invites"),
                                             ApiJson::createInviteBody(invite.email, invite.roleIds)),
                        [invite](const Result<QJsonObject>& reply) -> Result<Applied> {
                            if (!reply) {
                                Error error = reply.error();
                                error.message = tr("The invitation for %1 was revoked but could not be sent again "
                                                   "(%2): invite %1 again.")
                                                    .arg(invite.email, reply.error().message);
                                return Applied{invite.id, std::nullopt, std::nullopt, error};
                            }
                            auto sent =
                                ApiJson::parseInvite(reply.value().value(QStringLiteral("accountInvite")).toObject());
                            if (!sent)
                                return sent.error();
                            return Applied{invite.id, std::nullopt, sent.value(), std::nullopt};
                        });
        });
}
