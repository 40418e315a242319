// Fuzzes what comes from the command line as addresses: store URLs, cloud endpoints and serve's --listen.
#include "cloudclient.h"
#include "listenaddress.h"
#include "storeurl.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    if (const auto url = StoreUrl::parse(text); url)
        (void)url.value().displayString(); // and never the password
    (void)CloudClient::checkEndpoint(text);
    (void)ListenAddress::parse(text);
    return 0;
}
