#include "render/html/writer.hpp"

namespace planlens::html {

void append_escaped(std::string& out, std::string_view text) {
    std::size_t plain = 0;  // start of the run not yet copied
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::string_view entity;
        switch (text[i]) {
            case '&': entity = "&amp;"; break;
            case '<': entity = "&lt;"; break;
            case '>': entity = "&gt;"; break;
            case '"': entity = "&quot;"; break;
            case '\'': entity = "&#39;"; break;
            case '\0': entity = "\xEF\xBF\xBD"; break;
            default: continue;
        }
        out.append(text.substr(plain, i - plain)).append(entity);
        plain = i + 1;
    }
    out.append(text.substr(plain));
}

Element::~Element() {
    if (writer_ != nullptr) writer_->close();
}

void Writer::start(Name tag, std::initializer_list<Attr> attrs) {
    out_ += '<';
    out_.append(tag.text());
    for (const Attr& a : attrs) {
        if (a.form == Attr::Form::absent) continue;
        out_ += ' ';
        out_.append(a.name.text());
        if (a.form == Attr::Form::boolean) continue;
        out_.append("=\"");
        append_escaped(out_, a.value);
        out_ += '"';
    }
}

void Writer::begin(Name tag, std::initializer_list<Attr> attrs) {
    start(tag, attrs);
    out_ += '>';
    open_.push_back(tag.text());
}

Element Writer::open(Name tag, std::initializer_list<Attr> attrs) {
    begin(tag, attrs);
    return Element(*this);
}

void Writer::close() {
    out_.append("</").append(open_.back()) += '>';
    open_.pop_back();
}

void Writer::leaf(Name tag, std::initializer_list<Attr> attrs, std::string_view text) {
    start(tag, attrs);
    out_ += '>';
    append_escaped(out_, text);
    out_.append("</").append(tag.text()) += '>';
}

void Writer::empty(Name tag, std::initializer_list<Attr> attrs) {
    start(tag, attrs);
    out_.append(tag.text() == "meta" || tag.text() == "br" || tag.text() == "wbr" ? ">" : "/>");
}

void Writer::text(std::string_view text) { append_escaped(out_, text); }

}  // namespace planlens::html
