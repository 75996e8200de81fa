"""The journeys that test_html.py and test_html_browser.py share: one whose
every field is hostile text, and the inputs of a small site (a current and a
future map, one in a folder, a file that journeys include, a broken one, one
whose file name holds a quote, a newline and '<')."""
import os

HOSTILE = r'''title: "T <script>alert(1)</script> javascript:alert(2) \" ' &amp;"
description: "D <img src=x onerror=alert(3)> data:text/html,<b>x</b>"
personas:
  - name: "P <b onclick=alert(4)>bold</b>"
    id: p1
    role: "R </style><script>alert(5)</script>"
    goals: ["G javascript:alert(6)"]
  - name: Second
    id: p2
stages:
  - name: "S <a href='javascript:alert(7)'>x</a>"
    id: s1
    goal: "SG <iframe src=data:text/html,x>"
    metrics:
      "M <svg onload=alert(8)>": {value: "1 <i>", target: "2 </td></tr>"}
    touchpoints:
      - name: "TP <script>alert(9)</script>"
        id: t1
        channel: web
        emotion: {p1: 2, p2: 3}
        doing: "DO <!-- comment --> ]]> &lt;"
        thinking: "TH ${alert(10)} `x` </script><script>alert(11)</script>"
        feeling: "FE <style>*{display:none}</style>"
        pains: ["PA javascript:alert(12)", "PB data:image/svg+xml,<svg onload=alert(13)>"]
        opportunities:
          - {text: "OP <a href=//evil.example/>", priority: high, owner: "OW <u>x</u>", status: idea}
        evidence: ["EV http://evil.example/x.js"]
        frontstage: ["FR <x-tag>"]
  - name: "S2"
    id: s2
    touchpoints:
      - name: "TP2 only p2"
        id: t2
        channel: email
        personas: [p2]
        emotion: 4
'''

ROOT_MAP = """title: {title}
state: {state}
stages:
  - name: Find
    id: find
    metrics:
      conversion: {{value: "{conv}", target: "5"}}
    touchpoints:
      - name: Searches
        id: search
        emotion: {a}
        opportunities:
          - {{text: Better search, priority: high, status: {status}}}
  - name: Buy
    id: buy
    touchpoints:
      - name: Pays
        id: pay
        emotion: {b}
"""


# a map that includes shared.yaml and whose stage and touchpoint have a detailed map
TOP = """title: Top
include: shared.yaml
stages:
  - name: Visit
    id: visit
    detail: clinic.yaml
    touchpoints:
      - name: Walks in
        id: walk
        detail: clinic.yaml
        source: int
        emotion: {ada: 3}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def site_inputs(d):
    write(os.path.join(d, "shop-current.yaml"), ROOT_MAP.format(title="Shop", state="current", conv=3, a=2, b=1.5,
                                                              status="idea"))
    write(os.path.join(d, "shop-future.yaml"), ROOT_MAP.format(title="Shop", state="future", conv=6, a=4, b=4,
                                                             status="done"))
    write(os.path.join(d, "sub", "clinic.yaml"), ROOT_MAP.format(title="Clinic", state="current", conv=9, a=3, b=3,
                                                                status="done"))
    write(os.path.join(d, "sub", "shared.yaml"), "personas:\n  - name: Ada\n    id: ada\n"
          "sources:\n  - id: int\n    name: Interviews <b>2026</b>\n    kind: interviews\n    size: 12\n")
    # no stages: not a journey; included by the map below, whose card opens clinic's page
    write(os.path.join(d, "sub", "top.yaml"), TOP)
    write(os.path.join(d, "broken.yaml"), "title: Broken\nstages:\n  - name: X\n    touchpoints:\n      - nmae: Y\n")
    write(os.path.join(d, 'we"ird\n<b>x.yaml'), HOSTILE)
    write(os.path.join(d, "notes.txt"), "not read")


