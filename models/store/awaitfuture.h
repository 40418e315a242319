// Waits for a store future while the event loop keeps running (network replies, queued results).
#pragma once

#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>

// For the CLI and tests only: the GUI attaches continuations instead of waiting.
template <typename T>
T awaitFuture(QFuture<T> future)
{
    if (!future.isFinished()) {
        QFutureWatcher<T> watcher;
        QEventLoop loop;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!future.isFinished())
            loop.exec();
    }
    return future.result();
}
