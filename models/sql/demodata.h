// Deterministic demo accounts for seed-demo and `roster --demo`.
#pragma once

#include "domain.h"

#include <QCoreApplication>

struct DemoSpec
{
    int members = 200;
    int invites = 25;
    int customRoles = 5;
    quint64 seed = 1;
    QString ownerEmail = QStringLiteral("owner@example.com");
};

struct DemoSummary
{
    int members = 0;
    int pendingInvites = 0;
    int closedInvites = 0;
    int customRoles = 0;
};

// The rows of a demo account, generated without I/O so that the same spec always gives the same account.
struct DemoData
{
    QList<Role> customRoles;
    QList<Member> members; // roleIds refer to the system role keys "base"/"admin" or custom role ids
    QList<Invite> invites;
};

class DemoGenerator
{
    Q_DECLARE_TR_FUNCTIONS(DemoGenerator)

public:
    static DemoData generate(const DemoSpec& spec, const QString& baseRoleId, const QString& adminRoleId);
};
