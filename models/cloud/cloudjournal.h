// The cloud backend's local journal: the Qdrant Cloud API exposes no events, so Roster records the changes made from
// this computer (who, what, to whom, when, and the outcome, refusals and failures included) in a JSON-lines file in
// the user's data folder, one per endpoint and account. Never a credential: every line is redacted before writing.
#pragma once

#include "domain.h"

class CloudJournal
{
public:
    // The file for `accountId` at `endpoint`, under the user's data folder.
    static QString defaultPath(const QUrl& endpoint, const QString& accountId);

    explicit CloudJournal(QString path);

    const QString& path() const { return m_path; }
    // Appends one event; a journal that cannot be written is logged once, never fatal to the change itself.
    void record(const AuditEvent& event);
    // The recorded events that `query` selects, newest first, from its cursor on.
    QList<AuditEvent> read(const AuditQuery& query) const;

private:
    QString m_path;
    bool m_warned = false;
};
