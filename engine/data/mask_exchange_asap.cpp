#include "data/mask_exchange.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <string_view>

#include "core/errors.h"
#include "data/mask_exchange_detail.h"

// ASAP XML: masks to painter-ordered polygons and back, with a small iterative XML scanner.
namespace arml::data {

using namespace exchange_detail;

namespace {

std::string hexColour(const std::array<std::uint8_t, 3>& c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02X%02X%02X", c[0], c[1], c[2]);
  return buf;
}

// Shortest text that reads back to the same double, independent of the C locale.
std::string numberText(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string xmlEscape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

}  // namespace

std::string masksToAsapXml(const std::vector<PlacedMask>& masks) {
  std::string xml = "<?xml version=\"1.0\"?>\n<ASAP_Annotations>\n\t<Annotations>\n";
  std::map<int, std::pair<std::string, std::array<std::uint8_t, 3>>> used;  // class -> name, colour
  std::size_t number = 0;
  for (const PlacedMask& placed : masks) {
    const cv::Mat& indices = placed.indices;
    const ExchangeOptions& o = placed.options;
    std::vector<RegionPolygon> regions = maskToPolygons(indices, true, o.background);
    // Background regions are written only where they fill another region's hole (a region that
    // touches the image border is in nobody's hole), unless the background is asked for.
    regions.erase(std::remove_if(regions.begin(), regions.end(),
                                 [&](const RegionPolygon& r) {
                                   if (r.classIndex != o.background || o.includeBackground) return false;
                                   for (const cv::Point& p : r.outer)
                                     if (p.x == 0 || p.y == 0 || p.x == indices.cols || p.y == indices.rows) return true;
                                   return false;
                                 }),
                  regions.end());
    // Painter's order: a region inside another's hole has a smaller filled outline, so it comes
    // later. Masks do not overlap one another, so the order matters only within one.
    std::stable_sort(regions.begin(), regions.end(), [](const RegionPolygon& a, const RegionPolygon& b) {
      return std::llabs(signedArea2(a.outer)) > std::llabs(signedArea2(b.outer));
    });
    for (const RegionPolygon& r : regions) {
      used.emplace(r.classIndex, std::make_pair(className(o, r.classIndex), classColour(o, r.classIndex)));
      xml += "\t\t<Annotation Name=\"Annotation " + std::to_string(number++) + "\" Type=\"Polygon\" PartOfGroup=\"" +
             xmlEscape(className(o, r.classIndex)) + "\" Color=\"" + hexColour(classColour(o, r.classIndex)) +
             "\">\n\t\t\t<Coordinates>\n";
      const auto pts = toOutput(r.outer, o);
      for (size_t k = 0; k < pts.size(); ++k)
        xml += "\t\t\t\t<Coordinate Order=\"" + std::to_string(k) + "\" X=\"" + numberText(pts[k].x) + "\" Y=\"" +
               numberText(pts[k].y) + "\" />\n";
      xml += "\t\t\t</Coordinates>\n\t\t</Annotation>\n";
    }
  }
  xml += "\t</Annotations>\n\t<AnnotationGroups>\n";
  for (const auto& [c, group] : used)
    xml += "\t\t<Group Name=\"" + xmlEscape(group.first) + "\" PartOfGroup=\"None\" Color=\"" + hexColour(group.second) +
           "\">\n\t\t\t<Attributes />\n\t\t</Group>\n";
  xml += "\t</AnnotationGroups>\n</ASAP_Annotations>\n";
  return xml;
}

std::string maskToAsapXml(const cv::Mat& indices, const ExchangeOptions& o) { return masksToAsapXml({{indices, o}}); }

namespace {

struct XmlAttribute {
  std::string name, value;
};

// A pull scanner over the XML that annotation files use: elements with attributes, comments,
// processing instructions, CDATA and text (skipped). No DTD and no entities beyond the five
// predefined ones and character references, so nothing expands. Iterative, with limits on
// nesting and attribute length; every problem is an InputError naming the line.
class XmlScanner {
public:
  enum class Event { Start, End, Done };

  XmlScanner(const std::string& text, const ExchangeLimits& limits, const std::string& source)
      : text_(text), limits_(limits), source_(source) {}

  // The next element start or end; a self-closing element gives Start, then End.
  Event next() {
    if (pendingEnd_) {
      pendingEnd_ = false;
      name_ = stack_.back();
      stack_.pop_back();
      return Event::End;
    }
    for (;;) {
      const std::size_t lt = text_.find('<', pos_);
      if (lt == std::string::npos) {
        pos_ = text_.size();
        if (!stack_.empty()) fail("the file ends inside <" + stack_.back() + ">");
        return Event::Done;
      }
      pos_ = lt;
      if (startsWith("<?")) {
        skipPast("?>", "unterminated <?...?>");
      } else if (startsWith("<!--")) {
        skipPast("-->", "unterminated comment");
      } else if (startsWith("<![CDATA[")) {
        skipPast("]]>", "unterminated CDATA section");
      } else if (startsWith("<!")) {
        fail("DOCTYPE and other declarations are not accepted in annotation files");
      } else if (startsWith("</")) {
        pos_ += 2;
        name_ = readName();
        skipSpace();
        expect('>');
        if (stack_.empty() || stack_.back() != name_)
          fail("</" + name_ + "> does not close " + (stack_.empty() ? std::string("any element") : "<" + stack_.back() + ">"));
        stack_.pop_back();
        return Event::End;
      } else {
        ++pos_;
        readStartTag();
        return Event::Start;
      }
    }
  }

  const std::string& name() const { return name_; }
  const std::string* attribute(const char* key) const {
    for (const XmlAttribute& a : attributes_)
      if (a.name == key) return &a.value;
    return nullptr;
  }

  [[noreturn]] void fail(const std::string& problem) const {
    const std::size_t line = 1 + std::count(text_.begin(), text_.begin() + std::min(pos_, text_.size()), '\n');
    throw InputError(source_, "line " + std::to_string(line) + ": " + problem);
  }

private:
  bool startsWith(const char* s) const { return text_.compare(pos_, std::strlen(s), s) == 0; }

  void skipPast(const char* end, const char* problem) {
    const std::size_t e = text_.find(end, pos_);
    if (e == std::string::npos) fail(problem);
    pos_ = e + std::strlen(end);
  }

  bool skipSpace() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
    return pos_ > start;
  }

  void expect(char c) {
    if (pos_ >= text_.size() || text_[pos_] != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }

  static bool nameChar(unsigned char c, bool first) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || c >= 0x80) return true;
    return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
  }

  std::string readName() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && nameChar(static_cast<unsigned char>(text_[pos_]), pos_ == start)) {
      if (pos_ - start >= 256) fail("a name longer than 256 bytes");
      ++pos_;
    }
    if (pos_ == start) fail("expected a name");
    return text_.substr(start, pos_ - start);
  }

  void readStartTag() {
    name_ = readName();
    attributes_.clear();
    for (;;) {
      const bool spaced = skipSpace();
      if (startsWith("/>")) {
        pos_ += 2;
        pendingEnd_ = true;
        break;
      }
      if (startsWith(">")) {
        ++pos_;
        break;
      }
      if (pos_ >= text_.size()) fail("the file ends inside <" + name_ + ">");
      if (!spaced) fail("expected a space, '>' or '/>' in <" + name_ + ">");
      XmlAttribute a;
      a.name = readName();
      skipSpace();
      expect('=');
      skipSpace();
      if (pos_ >= text_.size() || (text_[pos_] != '"' && text_[pos_] != '\'')) fail("an attribute value without quotes");
      const char quote = text_[pos_++];
      const std::size_t end = text_.find(quote, pos_);
      if (end == std::string::npos) fail("an unterminated attribute value");
      if (end - pos_ > limits_.maxAttributeBytes)
        fail("attribute " + a.name + " of <" + name_ + "> is " + std::to_string(end - pos_) + " bytes long; at most " +
             std::to_string(limits_.maxAttributeBytes) + " are read");
      a.value = unescape(pos_, end);
      pos_ = end + 1;
      if (attributes_.size() >= 256) fail("more than 256 attributes in <" + name_ + ">");
      attributes_.push_back(std::move(a));
    }
    stack_.push_back(name_);
    if (static_cast<int>(stack_.size()) > limits_.maxNesting)
      fail("elements nested deeper than " + std::to_string(limits_.maxNesting) + " levels");
  }

  static void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string unescape(std::size_t begin, std::size_t end) const {
    std::string out;
    out.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) {
      const char c = text_[i];
      if (c == '<') fail("'<' inside an attribute value");
      if (c != '&') {
        out += c;
        continue;
      }
      // Entities are short: look for the ';' in the next few bytes only, so that a value full of
      // '&' costs no more than its length.
      const std::size_t window = std::min(end, i + 13);
      std::size_t semi = i + 1;
      while (semi < window && text_[semi] != ';') ++semi;
      if (semi >= window) fail("an '&' that starts no entity");
      const std::string_view entity(text_.data() + i + 1, semi - i - 1);
      if (entity == "lt") out += '<';
      else if (entity == "gt") out += '>';
      else if (entity == "amp") out += '&';
      else if (entity == "quot") out += '"';
      else if (entity == "apos") out += '\'';
      else if (entity.size() > 1 && entity[0] == '#') {
        const bool hex = entity[1] == 'x' || entity[1] == 'X';
        std::uint32_t cp = 0;
        const char* first = entity.data() + (hex ? 2 : 1);
        const char* last = entity.data() + entity.size();
        const auto r = std::from_chars(first, last, cp, hex ? 16 : 10);
        if (first == last || r.ec != std::errc() || r.ptr != last || cp == 0 || cp > 0x10FFFF)
          fail("an invalid character reference");
        appendUtf8(out, cp);
      } else {
        fail("unknown entity &" + std::string(entity) + ";");
      }
      i = semi;
    }
    return out;
  }

  const std::string& text_;
  const ExchangeLimits& limits_;
  const std::string& source_;
  std::size_t pos_ = 0;
  std::vector<std::string> stack_;
  std::string name_;
  std::vector<XmlAttribute> attributes_;
  bool pendingEnd_ = false;
};

bool parseNumber(const std::string* text, double& out) {
  if (!text) return false;
  const char* first = text->data();
  const char* last = first + text->size();
  while (first < last && *first == ' ') ++first;
  while (last > first && last[-1] == ' ') --last;
  if (first < last && *first == '+') ++first;
  const auto r = std::from_chars(first, last, out);
  return first < last && r.ec == std::errc() && r.ptr == last;
}

}  // namespace

cv::Mat asapXmlToMask(const std::string& text, cv::Size size, const ExchangeOptions& o, const std::string& source) {
  checkOptions(o, source);
  const ExchangeLimits& limits = o.limits;
  if (text.size() > limits.maxFileBytes)
    throw InputError(source, "larger than " + std::to_string(limits.maxFileBytes >> 20) + " MiB");
  XmlScanner xml(text, limits, source);
  using Event = XmlScanner::Event;
  if (xml.next() != Event::Start || xml.name() != "ASAP_Annotations")
    throw InputError(source, "not an ASAP_Annotations file");
  cv::Mat mask(size, CV_8UC1, cv::Scalar(o.background));
  bool inAnnotation = false;
  std::string type, group, where;
  std::vector<std::pair<double, cv::Point2d>> ordered;
  std::size_t annotations = 0, points = 0;
  for (Event e = xml.next(); e != Event::Done; e = xml.next()) {
    if (e == Event::Start && xml.name() == "Annotation") {
      if (inAnnotation) xml.fail("<Annotation> inside another <Annotation>");
      if (++annotations > limits.maxFeatures)
        xml.fail("more than " + std::to_string(limits.maxFeatures) + " annotations");
      inAnnotation = true;
      const std::string* t = xml.attribute("Type");
      const std::string* g = xml.attribute("PartOfGroup");
      const std::string* n = xml.attribute("Name");
      type = t ? *t : "Polygon";
      group = g ? *g : "";
      where = "annotation " + (n ? quoted(*n) : std::to_string(annotations));
      ordered.clear();
    } else if (e == Event::Start && xml.name() == "Coordinate" && inAnnotation) {
      double order = 0, x = 0, y = 0;
      if (!parseNumber(xml.attribute("Order"), order) || !parseNumber(xml.attribute("X"), x) ||
          !parseNumber(xml.attribute("Y"), y))
        xml.fail(where + ": a <Coordinate> without numeric Order, X and Y");
      if (++points > limits.maxPoints) xml.fail("more than " + std::to_string(limits.maxPoints) + " vertices");
      if (!std::isfinite(order)) xml.fail(where + ": a <Coordinate> whose Order is not finite");
      ordered.push_back({order, toMaskPoint(x, y, o, source, where)});
    } else if (e == Event::End && xml.name() == "Annotation") {
      inAnnotation = false;
      if (type != "Polygon" && type != "Spline" && type != "Rectangle") continue;  // dots, point sets: nothing to fill
      const int c = classByName(o, group, source, where);
      std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      std::vector<cv::Point2d> ring;
      ring.reserve(ordered.size());
      for (const auto& [k, pt] : ordered) ring.push_back(pt);
      rasterisePolygon(mask, {std::move(ring)}, c);
    }
  }
  return mask;
}

}  // namespace arml::data
