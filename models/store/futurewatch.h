// Runs a handler when a future finishes, on the context's thread, only while the context is alive.
#pragma once

#include <QFutureWatcher>
#include <QObject>

// Qt 6.4's QFuture::then(context, …) asserts when the context dies while a continuation is queued;
// a watcher owned by the context is simply destroyed with it, and the handler never runs.
template <typename T, typename Handler>
void onFinished(const QFuture<T>& future, QObject* context, Handler handler)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, handler = std::move(handler)]() mutable {
                         watcher->deleteLater();
                         // A future canceled because its producer went away carries no result.
                         if (watcher->future().resultCount() > 0)
                             handler(watcher->future().result());
                     });
    watcher->setFuture(future);
}
