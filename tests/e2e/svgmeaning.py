"""The parts of a jmap SVG by meaning (docs/svg-classes.md), for tests that
assert geometry without a renderer.

    import svgmeaning as sm
    ps = sm.parts("map.svg")                 # every <g class="jm-..."> in document order
    for p in sm.by_class(ps, "jm-point"):
        p.cls       # "jm-point"
        p.data      # {"touchpoint": "form", "persona": "lena", "score": "3.5"}: data- attributes without "data-"
        p.box       # (x, y, w, h): its drawn bounds in SVG user units (data-box)
        p.score     # float(data-score), or None
        p.parent    # the Part it lies in (a card's moment), or None
        p.texts     # the strings of its <text> elements (alternative texts included)
    sm.page("map.svg")                       # (width, height) of the page
    sm.by_class(ps, "jm-card", touchpoint="form")   # filtered by data attributes
    sm.one(ps, "jm-card", touchpoint="form")        # exactly one, else AssertionError
    sm.inside(inner_box, outer_box, slack=0.5)      # box containment
    sm.centre(box), sm.distance(box_a, box_b)       # box geometry (0 when they meet)

parts() also accepts the SVG's bytes or text. Only jmap's own SVG (the
default --svg-text text) names its parts; the outline SVG does not.
"""
import math
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
CLASS_PREFIX = "jm-"


class Part:
    __slots__ = ("cls", "data", "box", "parent", "texts", "element")

    def __init__(self, cls, data, box, parent, texts, element):
        self.cls, self.data, self.box, self.parent, self.texts, self.element = cls, data, box, parent, texts, element

    @property
    def score(self):
        s = self.data.get("score")
        return float(s) if s not in (None, "") else None

    def __repr__(self):
        return f"Part({self.cls}, {self.data}, box={self.box})"


def _root(svg):
    if isinstance(svg, (bytes, bytearray)):
        return ET.fromstring(svg)
    if isinstance(svg, str) and svg.lstrip().startswith("<"):
        return ET.fromstring(svg)
    return ET.parse(svg).getroot()


def _box(s):
    if s is None:
        return None
    x, y, w, h = (float(v) for v in s.split())
    return (x, y, w, h)


def parts(svg):
    """Every element whose class is a jm-* class, in document order."""
    root = _root(svg)
    out = []

    def walk(el, parent):
        for child in el:
            cls = child.get("class")
            here = parent
            if cls and cls.startswith(CLASS_PREFIX):
                data = {k[5:]: v for k, v in child.attrib.items() if k.startswith("data-") and k != "data-box"}
                texts = ["".join(t.itertext()) for t in child.iter(NS + "text")]
                here = Part(cls, data, _box(child.get("data-box")), parent, texts, child)
                out.append(here)
            walk(child, here)

    walk(root, None)
    return out


def page(svg):
    root = _root(svg)
    return float(root.get("width")), float(root.get("height"))


def by_class(ps, cls, **data):
    """The parts of class cls whose data attributes equal the given ones."""
    return [p for p in ps if p.cls == cls and all(p.data.get(k) == v for k, v in data.items())]


def one(ps, cls, **data):
    found = by_class(ps, cls, **data)
    assert len(found) == 1, f"{len(found)} parts {cls} {data}, not one"
    return found[0]


def inside(inner, outer, slack=0.5):
    """Whether box inner lies inside box outer (each (x, y, w, h)), give or take slack."""
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and
            inner[0] + inner[2] <= outer[0] + outer[2] + slack and inner[1] + inner[3] <= outer[1] + outer[3] + slack)


def centre(box):
    return (box[0] + box[2] / 2, box[1] + box[3] / 2)


def distance(a, b):
    """The gap between two boxes (0 when they meet or overlap)."""
    dx = max(0.0, max(a[0], b[0]) - min(a[0] + a[2], b[0] + b[2]))
    dy = max(0.0, max(a[1], b[1]) - min(a[1] + a[3], b[1] + b[3]))
    return math.hypot(dx, dy)
