// Errors as values: a position in the original document plus a message,
// and Result<T>, a small std::expected look-alike (std::expected needs C++23
// and a library that clang 14 + libstdc++ 12 does not provide).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace planlens {

/// 1-based line and column (in bytes) in the original document.
struct Position {
    std::uint32_t line = 0;
    std::uint32_t column = 0;

    friend bool operator==(const Position&, const Position&) = default;
};

/// What went wrong and where. `message` says what was expected and what was found.
struct Error {
    Position position;
    std::string message;
};

/// Something the parser recovered from, kept with where it happened: a line
/// it did not understand (kept verbatim in the plan), a tree rebuilt from
/// arrows because the indentation was unreliable.
struct Warning {
    Position position;
    std::string message;
};

namespace detail {
/// Stops the program: value() was called on a Result that holds an error.
/// Every build checks, since going on would read a value that is not there.
[[noreturn]] inline void value_of_error(const Error& error) noexcept {
    std::fprintf(stderr, "planlens: Result::value() called on an error: %u:%u: %s\n",
                 static_cast<unsigned>(error.position.line), static_cast<unsigned>(error.position.column),
                 error.message.c_str());
    std::abort();
}
[[noreturn]] inline void error_of_value() noexcept {
    std::fputs("planlens: Result::error() called on a value\n", stderr);
    std::abort();
}
}  // namespace detail

/// Either a T or an Error. Test it (`if (result)`) before value(): value(),
/// `*` and `->` on an error, or error() on a value, print what was accessed
/// (with the error's position and message) and abort, in every build; they
/// never throw. value_or() gives a fallback instead.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit by design
        : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) noexcept : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

    bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T& value() & noexcept { return *checked(); }
    const T& value() const& noexcept { return *checked(); }
    T&& value() && noexcept { return std::move(*checked()); }

    /// The value, or `fallback` when this holds an error.
    template <typename U>
    T value_or(U&& fallback) const& {
        return has_value() ? *std::get_if<0>(&state_) : static_cast<T>(std::forward<U>(fallback));
    }
    template <typename U>
    T value_or(U&& fallback) && {
        return has_value() ? std::move(*std::get_if<0>(&state_)) : static_cast<T>(std::forward<U>(fallback));
    }

    const Error& error() const noexcept {
        if (const Error* e = std::get_if<1>(&state_)) return *e;
        detail::error_of_value();
    }

    T& operator*() & noexcept { return value(); }
    const T& operator*() const& noexcept { return value(); }
    T* operator->() noexcept { return &value(); }
    const T* operator->() const noexcept { return &value(); }

private:
    T* checked() noexcept {
        if (T* v = std::get_if<0>(&state_)) return v;
        detail::value_of_error(*std::get_if<1>(&state_));
    }
    const T* checked() const noexcept {
        if (const T* v = std::get_if<0>(&state_)) return v;
        detail::value_of_error(*std::get_if<1>(&state_));
    }

    std::variant<T, Error> state_;
};

}  // namespace planlens
