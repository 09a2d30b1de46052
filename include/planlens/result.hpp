// Errors as values: a position in the original document plus a message,
// and Result<T>, a small std::expected look-alike (std::expected needs C++23
// and a library that clang 14 + libstdc++ 12 does not provide).
#pragma once

#include <cstdint>
#include <string>
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

/// Either a T or an Error. Accessing the wrong alternative is a precondition
/// violation (checked by std::get in debug builds, never an exception in normal use).
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit by design
        : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) noexcept : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

    bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T& value() & noexcept { return *std::get_if<0>(&state_); }
    const T& value() const& noexcept { return *std::get_if<0>(&state_); }
    T&& value() && noexcept { return std::move(*std::get_if<0>(&state_)); }

    const Error& error() const noexcept { return *std::get_if<1>(&state_); }

    T& operator*() & noexcept { return value(); }
    const T& operator*() const& noexcept { return value(); }
    T* operator->() noexcept { return &value(); }
    const T* operator->() const noexcept { return &value(); }

private:
    std::variant<T, Error> state_;
};

}  // namespace planlens
