// Assertion helpers for store results in QtTest functions.
#pragma once

#include "awaitfuture.h"
#include "result.h"

#include <QtTest>

// Awaits `expr`, fails the test with the store's message unless it succeeded, and binds the value to `var`.
#define REQUIRE_OK(var, expr)                                                                                          \
    auto var##Result_ = awaitFuture(expr);                                                                             \
    QVERIFY2(var##Result_.ok(), qPrintable(var##Result_.error().message));                                             \
    auto var = var##Result_.takeValue();                                                                               \
    Q_UNUSED(var)

// Awaits `expr` and fails the test unless it was refused with `expectedCode`.
#define REQUIRE_ERROR(expr, expectedCode)                                                                              \
    do {                                                                                                               \
        const auto result_ = awaitFuture(expr);                                                                        \
        QVERIFY2(!result_.ok(), "the store accepted an operation it must refuse");                                     \
        QCOMPARE(int(result_.error().code), int(expectedCode));                                                        \
        QVERIFY(!result_.error().message.isEmpty());                                                                   \
    } while (false)
