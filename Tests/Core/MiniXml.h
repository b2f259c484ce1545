#pragma once
// A tiny tolerant XML reader for the export tests: elements, double-quoted attributes, text, the
// five predefined entities; skips the prolog, DOCTYPE and comments. Throws std::runtime_error on
// mismatched tags, so a test also checks the export is well formed. Not for hostile input.

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dmxin::testing {

struct XmlNode {
    std::string name;
    std::map<std::string, std::string> attributes;
    std::string text;
    std::vector<std::unique_ptr<XmlNode>> children;

    std::string attr(const std::string& key) const {
        const auto it = attributes.find(key);
        return it == attributes.end() ? std::string() : it->second;
    }
    bool has(const std::string& key) const { return attributes.count(key) != 0; }
    const XmlNode* child(const std::string& n) const {
        for (const auto& c : children)
            if (c->name == n)
                return c.get();
        return nullptr;
    }
    std::vector<const XmlNode*> all(const std::string& n) const {
        std::vector<const XmlNode*> out;
        for (const auto& c : children)
            if (c->name == n)
                out.push_back(c.get());
        return out;
    }
};

inline std::string xmlDecode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') { out += s[i]; continue; }
        const auto semi = s.find(';', i);
        if (semi == std::string_view::npos)
            throw std::runtime_error("xml: unterminated entity");
        const auto e = s.substr(i + 1, semi - i - 1);
        if (e == "amp") out += '&';
        else if (e == "lt") out += '<';
        else if (e == "gt") out += '>';
        else if (e == "quot") out += '"';
        else if (e == "apos") out += '\'';
        else throw std::runtime_error("xml: unknown entity " + std::string(e));
        i = semi;
    }
    return out;
}

inline std::unique_ptr<XmlNode> parseXml(std::string_view s) {
    std::size_t i = 0;
    auto fail = [&](const std::string& why) { throw std::runtime_error("xml at " + std::to_string(i) + ": " + why); };
    auto skipSpace = [&] { while (i < s.size() && std::string_view(" \t\r\n").find(s[i]) != std::string_view::npos) ++i; };
    std::unique_ptr<XmlNode> root;
    std::vector<XmlNode*> stack;
    while (i < s.size()) {
        if (s[i] != '<') {
            const auto lt = s.find('<', i);
            const auto text = s.substr(i, lt == std::string_view::npos ? std::string_view::npos : lt - i);
            if (!stack.empty()) stack.back()->text += xmlDecode(text);
            else if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) fail("text outside the root");
            i = lt == std::string_view::npos ? s.size() : lt;
            continue;
        }
        if (s.substr(i, 4) == "<!--") { const auto e = s.find("-->", i); if (e == std::string_view::npos) fail("comment"); i = e + 3; continue; }
        if (s.substr(i, 2) == "<?" || s.substr(i, 2) == "<!") { const auto e = s.find('>', i); if (e == std::string_view::npos) fail("prolog"); i = e + 1; continue; }
        if (s.substr(i, 2) == "</") {
            const auto e = s.find('>', i);
            if (e == std::string_view::npos) fail("end tag");
            std::string name(s.substr(i + 2, e - i - 2));
            while (!name.empty() && name.back() == ' ') name.pop_back();
            if (stack.empty() || stack.back()->name != name) fail("mismatched </" + name + ">");
            stack.pop_back();
            i = e + 1;
            continue;
        }
        ++i;
        auto node = std::make_unique<XmlNode>();
        while (i < s.size() && std::string_view(" \t\r\n/>").find(s[i]) == std::string_view::npos) node->name += s[i++];
        bool selfClosing = false;
        for (;;) {
            skipSpace();
            if (i >= s.size()) fail("unterminated tag");
            if (s[i] == '/') { selfClosing = true; ++i; skipSpace(); if (i >= s.size() || s[i] != '>') fail("bad />"); ++i; break; }
            if (s[i] == '>') { ++i; break; }
            std::string key;
            while (i < s.size() && s[i] != '=' && s[i] != ' ') key += s[i++];
            skipSpace();
            if (i >= s.size() || s[i] != '=') fail("attribute without =");
            ++i;
            skipSpace();
            if (i >= s.size() || s[i] != '"') fail("attribute value not double-quoted");
            const auto end = s.find('"', i + 1);
            if (end == std::string_view::npos) fail("unterminated attribute");
            if (node->attributes.count(key) != 0) fail("duplicate attribute " + key);
            node->attributes[key] = xmlDecode(s.substr(i + 1, end - i - 1));
            i = end + 1;
        }
        XmlNode* raw = node.get();
        if (stack.empty()) {
            if (root) fail("second root element");
            root = std::move(node);
        } else {
            stack.back()->children.push_back(std::move(node));
        }
        if (!selfClosing) stack.push_back(raw);
    }
    if (!stack.empty() || !root) throw std::runtime_error("xml: unclosed elements or no root");
    return root;
}

} // namespace dmxin::testing
