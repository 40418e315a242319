// Errors as values: the outcome of every rule check and store operation.
#pragma once

#include <QMetaType>
#include <QString>

#include <optional>
#include <utility>
#include <variant>

// One code per class of failure. The numbers are the roster-cli exit codes of CLI.md, so a
// store error can leave the program without any translation table.
enum class ErrorCode {
    None = 0,
    Usage = 1,
    Refused = 2,
    NotFound = 3,
    PermissionDenied = 4,
    Backend = 5,
};

struct Error
{
    ErrorCode code = ErrorCode::None;
    QString message;

    bool isError() const { return code != ErrorCode::None; }
};

inline Error refused(const QString& message)
{
    return {ErrorCode::Refused, message};
}
inline Error notFound(const QString& message)
{
    return {ErrorCode::NotFound, message};
}
inline Error permissionDenied(const QString& message)
{
    return {ErrorCode::PermissionDenied, message};
}
inline Error backendFailure(const QString& message)
{
    return {ErrorCode::Backend, message};
}
inline Error usageError(const QString& message)
{
    return {ErrorCode::Usage, message};
}

// A rule's answer: allowed, or refused with the reason an admin can read.
class Verdict
{
public:
    Verdict() = default;
    Verdict(Error error) // NOLINT: a refusal converts implicitly, as in `return refused(...)`.
        : m_error(std::move(error))
    {
    }

    static Verdict allowed() { return {}; }

    bool isAllowed() const { return !m_error.isError(); }
    explicit operator bool() const { return isAllowed(); }
    const Error& error() const { return m_error; }
    QString reason() const { return m_error.message; }

private:
    Error m_error;
};

// A value or the error that prevented it.
template <typename T>
class Result
{
public:
    Result(T value)
        : m_data(std::move(value))
    {
    }
    Result(Error error)
        : m_data(std::move(error))
    {
    }
    Result(const Verdict& verdict)
        : m_data(verdict.error())
    {
    }

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    const T& value() const { return std::get<T>(m_data); }
    T& value() { return std::get<T>(m_data); }
    T takeValue() { return std::move(std::get<T>(m_data)); }
    Error error() const { return ok() ? Error{} : std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// The result of an operation that returns nothing but may fail.
struct Done
{
};
using Outcome = Result<Done>;
