// An HTML writer that makes the unsafe path impossible: tag and attribute
// names are string literals (checked at compile time), every text and
// attribute value is escaped on the way out, and elements close themselves.
// Only the report's own stylesheet and script (Asset) go out as they are.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace planlens::html {

/// A tag or attribute name. Only literals convert, so plan text never becomes markup.
class Name {
public:
    template <std::size_t N>
    consteval Name(const char (&literal)[N]) : text_(literal, N - 1) {}  // NOLINT: implicit on purpose
    constexpr std::string_view text() const noexcept { return text_; }

private:
    std::string_view text_;
};

/// One attribute; the value is escaped when written.
struct Attr {
    enum class Form : unsigned char { value, boolean, absent };
    Name name;
    std::string value;
    Form form = Form::value;
};

/// A boolean attribute such as `hidden` or `open`, written only when `on`.
inline Attr flag(Name name, bool on) { return {name, {}, on ? Attr::Form::boolean : Attr::Form::absent}; }
/// An attribute written only when `on`, so optional ones can be passed inline.
inline Attr only_if(bool on, Name name, std::string value) {
    return {name, std::move(value), on ? Attr::Form::value : Attr::Form::absent};
}

/// Text the report ships as is: its stylesheet and script, compiled in from
/// files of this folder (see assets.cmake). Nothing else may be an Asset.
struct Asset {
    std::string_view text;
};

class Writer;

/// Closes its element when it goes out of scope.
class [[nodiscard]] Element {
public:
    explicit Element(Writer& w) : writer_(&w) {}
    Element(Element&& other) noexcept : writer_(other.writer_) { other.writer_ = nullptr; }
    Element(const Element&) = delete;
    Element& operator=(const Element&) = delete;
    Element& operator=(Element&&) = delete;
    ~Element();

private:
    Writer* writer_;
};

class Writer {
public:
    explicit Writer(std::string& out) : out_(out) {}

    /// <tag attrs...>, closed when the returned Element is destroyed.
    Element open(Name tag, std::initializer_list<Attr> attrs = {});
    /// For structures walked without recursion (deep plan trees): <tag attrs...>
    /// now, and </tag> at the matching end().
    void begin(Name tag, std::initializer_list<Attr> attrs = {});
    void end() { close(); }
    /// <tag attrs...>text</tag>
    void leaf(Name tag, std::initializer_list<Attr> attrs, std::string_view text);
    void leaf(Name tag, std::string_view text) { leaf(tag, {}, text); }
    /// A void element (<meta>, <br>) or a self-closing SVG one (<rect/>).
    void empty(Name tag, std::initializer_list<Attr> attrs = {});
    /// Escaped character data.
    void text(std::string_view text);
    /// The report's own stylesheet or script.
    void asset(Asset a) { out_.append(a.text); }
    void doctype() { out_.append("<!doctype html>\n"); }

private:
    friend class Element;
    void start(Name tag, std::initializer_list<Attr> attrs);
    void close();

    std::string& out_;
    std::vector<std::string_view> open_;
};

/// Appends `text` with &, <, >, " and ' escaped (NUL becomes U+FFFD).
void append_escaped(std::string& out, std::string_view text);

}  // namespace planlens::html
