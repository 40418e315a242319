// Fuzzes the CSV reader and the invite planner behind it: any file gives rows or a clear error.
#include "csv.h"
#include "inviteplan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto records = Csv::parse(bytes);
    if (records) {
        // What was read writes back and reads again to the same fields.
        QString text;
        for (const auto& record : records.value())
            text += Csv::line(record.fields) + QLatin1Char('\n');
        (void)Csv::parse(text.toUtf8());
    }
    const auto rows = InvitePlan::rowsFromCsv(bytes);
    if (rows) {
        // Someone is a member and someone is invited, so the planner asks both questions.
        ActorContext actor;
        actor.permissions = {QStringLiteral("write:invites")};
        Member member;
        member.email = QStringLiteral("a@b.co");
        Invite invite;
        invite.email = QStringLiteral("c@d.co");
        (void)InvitePlan::plan(rows.value(), InvitePlan::Account::fromPeople(actor, {}, {member}, {invite}));
    }
    return 0;
}
