// The small future combinators the cloud store is written with. Private to models/cloud.
#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QFuture>
#include <QJsonArray>
#include <QPointer>
#include <QPromise>

#include <memory>

namespace CloudFuture {

// A future that is already finished with `value`.
template <typename T>
QFuture<Result<T>> ready(Result<T> value)
{
    QPromise<Result<T>> promise;
    promise.start();
    promise.addResult(std::move(value));
    promise.finish();
    return promise.future();
}

// Continues `future` with `next` in the thread that completes it (the network thread: ours).
template <typename T, typename Next>
auto then(QFuture<T> future, Next next)
{
    return future.then(QtFuture::Launch::Sync, std::move(next));
}

inline Error closed()
{
    return backendFailure(QCoreApplication::translate("CloudStore", "The connection was closed."));
}

// When `first` succeeds, and `alive` still exists, continues with `next(value)`, whose future gives the overall
// result; a failure anywhere ends the chain with that error. One scaffold for every multi-step call.
template <typename B, typename A, typename Next>
QFuture<Result<B>> chain(QObject* context, QFuture<Result<A>> first, Next next)
{
    QPointer<QObject> alive(context);
    auto promise = std::make_shared<QPromise<Result<B>>>();
    promise->start();
    auto future = promise->future();
    then(first, [alive, promise, next](const Result<A>& value) {
        const auto finish = [&](Result<B> result) {
            promise->addResult(std::move(result));
            promise->finish();
        };
        if (!value)
            return finish(value.error());
        if (!alive)
            return finish(closed());
        then(next(value.value()), [promise](const Result<B>& result) {
            promise->addResult(result);
            promise->finish();
        });
    });
    return future;
}

// Every item of a JSON array through `parse`, or the first error.
template <typename T, typename Parse>
Result<QList<T>> parseAll(const QJsonArray& items, Parse parse)
{
    QList<T> parsed;
    parsed.reserve(items.size());
    for (const auto& item : items) {
        auto one = parse(item.toObject());
        if (!one)
            return one.error();
        parsed.append(one.takeValue());
    }
    return parsed;
}

// Runs start(i) for every i in [0, count), at most `limit` at a time, and done(i, result) as each finishes; the
// returned future finishes once every started call has. `stop()` returning true sends nothing more: what was
// started finishes, what was not is never sent.
template <typename T, typename Start, typename Done, typename Stop>
QFuture<void> runLimited(int count, int limit, Start start, Done done, Stop stop)
{
    struct State
    {
        int next = 0;
        int running = 0;
        QPromise<void> promise;
        std::function<void()> launch;
    };
    auto state = std::make_shared<State>();
    state->promise.start();
    auto future = state->promise.future();
    state->launch = [state, count, limit, start, done, stop] {
        while (state->running < limit && state->next < count && !stop()) {
            const int i = state->next++;
            ++state->running;
            then(start(i), [state, i, done](const Result<T>& result) {
                done(i, result);
                --state->running;
                state->launch();
            });
        }
        if (state->running == 0 && (state->next == count || stop()) && state->launch) {
            state->promise.finish();
            state->launch = nullptr; // break the cycle
        }
    };
    state->launch();
    return future;
}

} // namespace CloudFuture
