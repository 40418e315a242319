// Starts `roster-cli serve` on a free loopback port over a fresh SQLite account, and connects CloudStores to it.
#include "cloudfixture.h"

#include "awaitfuture.h"
#include "cloudstore.h"
#include "sqlstore.h"

#include <QFile>
#include <QRegularExpression>

CloudFixture::CloudFixture() = default;

CloudFixture::~CloudFixture()
{
    stopServer();
}

QStringList CloudFixture::signedInMembers()
{
    // Everyone the suites sign in as: members, and invitees answering their invitations.
    static const char* const names[] = {
        "admin", "base", "bo", "cy", "dee", "eve", "fay", "gate", "gil", "guest", "hal", "ida", "ivy", "jo", "kim",
        "lee", "maria", "max", "ned", "new", "oli", "other", "pat", "pending", "quin", "quinn", "ray", "sam", "target",
        "tia", "uma", "vic", "wes", "xan", "xia", "yan", "yul", "member", "viewer", "ops", "custom",
        // the parity matrix's custom-role members
        "c-write-invites", "c-delete-invites", "c-write-roles", "c-delete-users", "c-delete-roles",
        // the listing's members
        "alma"};
    // Addresses beyond ASCII, the listing's too: one in Latin-1, one in U+F900..U+FFFF, one beyond U+FFFF.
    QStringList emails{OwnerEmail, QStringLiteral("Zoë@Example.com"),
                       QString(QChar(0xF900)) + QStringLiteral("x@example.com"),
                       QString::fromUcs4(U"\U0001D49Cx@example.com"),
                       QStringLiteral("al") + QChar(0x0100) + QStringLiteral("x@example.com")};
    for (const char* name : names)
        emails.append(QString::fromLatin1(name) + QLatin1String("@example.com"));
    return emails;
}

bool CloudFixture::resetAccount()
{
    stopServer();
    QFile::remove(m_journalDir.filePath(QStringLiteral("journal.jsonl")));
    return m_sql.resetAccount() && serveCurrentAccount();
}

bool CloudFixture::resetDemoAccount(const DemoSpec& spec)
{
    stopServer();
    for (const auto& suffix : {"", "-wal", "-shm"})
        QFile::remove(m_sql.url().path + QLatin1String(suffix));
    SqlStore owner(m_sql.url(), {});
    return awaitFuture(owner.open(SqlAccountEngine::OpenMode::CreateIfMissing)) && awaitFuture(owner.seedDemo(spec))
        && serveCurrentAccount();
}

bool CloudFixture::serveCurrentAccount()
{
    SqlStore owner(m_sql.url(), {});
    if (!awaitFuture(owner.open(SqlAccountEngine::OpenMode::MustExist)))
        return false;
    const auto snapshot = awaitFuture(owner.loadAccount());
    if (!snapshot)
        return false;
    m_accountId = snapshot.value().account.id;
    return startServer();
}

bool CloudFixture::startServer()
{
    QStringList tokens;
    for (const auto& email : signedInMembers())
        tokens.append(QStringLiteral("tok-%1=%1").arg(email));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("ROSTER_SERVE_TOKENS"), tokens.join(QLatin1Char(',')));
    environment.insert(QStringLiteral("ROSTER_SERVE_API_KEYS"), QStringLiteral("management-key"));
    m_server.setProcessEnvironment(environment);
    m_server.setProcessChannelMode(QProcess::SeparateChannels);
    m_server.start(QStringLiteral(ROSTER_CLI_PATH),
                   {QStringLiteral("--store"), QStringLiteral("sqlite:") + m_sql.url().path, QStringLiteral("serve"),
                    QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    static const QRegularExpression listening(QStringLiteral("on http://127\\.0\\.0\\.1:(\\d+)"));
    QByteArray output;
    m_output.clear();
    while (m_server.waitForReadyRead(10000)) {
        const QByteArray read = m_server.readAllStandardOutput();
        output += read;
        m_output += read;
        const auto match = listening.match(QString::fromUtf8(output));
        if (match.hasMatch()) {
            m_port = quint16(match.captured(1).toUInt());
            return true;
        }
    }
    qWarning("roster-cli serve did not start: %s %s", output.constData(), m_server.readAllStandardError().constData());
    return false;
}

void CloudFixture::stopServer()
{
    if (m_server.state() == QProcess::NotRunning)
        return;
    m_server.terminate();
    if (!m_server.waitForFinished(5000)) {
        m_server.kill();
        m_server.waitForFinished(5000);
    }
}

std::unique_ptr<AccountStore> CloudFixture::managementKeyStore()
{
    auto store = storeFor();
    CloudOptions options = static_cast<CloudStore*>(store.get())->client()->options();
    options.credential = {CloudCredential::Kind::ManagementKey, QStringLiteral("management-key")};
    return std::make_unique<CloudStore>(options);
}

std::unique_ptr<AccountStore> CloudFixture::storeFor(const QString& actorEmail)
{
    CloudOptions options;
    options.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
    options.accountId = m_accountId;
    options.credential = {CloudCredential::Kind::UserToken,
                          QStringLiteral("tok-") + (actorEmail.isEmpty() ? OwnerEmail : actorEmail)};
    options.timeoutMs = 10000;
    options.journalPath = m_journalDir.filePath(QStringLiteral("journal.jsonl")); // one computer's journal
    return std::make_unique<CloudStore>(options);
}
