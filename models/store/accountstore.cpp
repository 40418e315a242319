#include "accountstore.h"

QFuture<Result<int>> AccountStore::streamPeople(const PeopleQuery& query, PersonSink sink)
{
    return loadAccount().then(this, [query, sink = std::move(sink)](const Result<AccountSnapshot>& snapshot) {
        if (!snapshot)
            return Result<int>(snapshot.error());
        const auto filter = PeopleRows::filterFor(query, snapshot.value());
        if (!filter)
            return Result<int>(filter.error());
        const QList<PersonRow> rows = PeopleRows::fromSnapshot(snapshot.value(), filter.value());
        for (const auto& row : rows)
            sink(row);
        return Result<int>(int(rows.size()));
    });
}
