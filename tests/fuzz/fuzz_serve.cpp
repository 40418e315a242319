// Fuzzes serve's request handling: raw bytes through the HTTP head parser, then the router over a real SQLite
// account, as the Owner and as a stranger.
#include "apiserver.h"
#include "sqlstore.h"

#include <QCoreApplication>
#include <QTemporaryDir>

namespace {

ApiServer* server = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    static QCoreApplication app(*argc, *argv);
    static QTemporaryDir dir;
    StoreUrl url;
    url.path = dir.filePath(QStringLiteral("fuzz.db"));
    {
        SqlStore store(url, SqlActor{});
        store.open(SqlAccountEngine::OpenMode::CreateIfMissing).waitForFinished();
        store.initialize(QStringLiteral("Fuzz"), QStringLiteral("owner@example.com")).waitForFinished();
        store.invite({QStringLiteral("pending@example.com")}, {}).waitForFinished();
    }
    server = new ApiServer(url, {{QStringLiteral("owner-token"), QStringLiteral("owner@example.com")}},
                           {QStringLiteral("fuzz-key")});
    if (!server->start(QHostAddress::LocalHost, 0))
        abort();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    QByteArray buffer(reinterpret_cast<const char*>(data), qsizetype(size));
    // The account id in a path is what the router checks first; let inputs reach past it.
    buffer.replace("ACCOUNT", server->accountId().toUtf8());
    for (int requests = 0; requests < 8; ++requests) {
        HttpHead head = HttpListener::parseHead(buffer);
        if (head.state != HttpHead::State::Complete || head.bodyLength > HttpListener::MaxBodyBytes)
            break;
        head.request.body = buffer.left(head.bodyLength);
        buffer.remove(0, head.bodyLength);
        (void)server->answerNow(head.request);
    }
    return 0;
}
