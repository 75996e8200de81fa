"""A Python-Markdown extension: journey maps drawn by jmap, in place.

    ```journey
    title: Buying a family car
    stages: ...
    ```

    ```journey file=maps/onboarding.yaml persona=maria theme=dark alt="..." mode=img
    ```

    ![Onboarding journey](maps/onboarding.yaml)

A fence whose info string is `journey` holds a journey (YAML, or a Mermaid
`journey` diagram); `file=` names a journey file instead (relative to
base_dir); so does an image on a line of its own whose target ends in .yaml,
.yml, .mmd or .mermaid. Each becomes a <figure>: the SVG inline (its words are
text: selectable, found by the browser's search and by a site's search index)
or, with mode=img, an <img>; with output_dir and output_url set, the SVG is
also written there, named by its content hash, and a click opens it full size.

Errors carry the Markdown file's own line and column (source and line_offset
say which file and how many lines come before the text converted).

    markdown.markdown(text, extensions=["jmap_docs.markdown_ext"],
                      extension_configs={"jmap_docs.markdown_ext": {...}})
"""
import html
import os
import posixpath
import re
import shlex

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from . import core

# Linear in the line's length: no two quantifiers may take the same characters
# (a lazy argument list before optional blanks, or blanks on both sides of an
# optional brace, backtracked quadratically on a long line of blanks); the
# closing brace and the blanks after the options are taken off in fence_args.
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?:\{[ \t]*)?\.?journey(?![\w-])(?P<args>[^`]*)$")
IMAGE = re.compile(r"^(?P<indent> {0,3})!\[(?P<alt>[^\]]*)\]\((?P<path>[^)\s]+\.(?:ya?ml|mmd|mermaid))\)[ \t]*$")
OPTIONS = ("file", "persona", "theme", "alt", "mode")


def fence_args(m):
    """The options of a FENCE match: without the blanks and the brace that
    close `{.journey ...}`."""
    args = m.group("args").rstrip(" \t")
    return args[:-1] if args.endswith("}") else args


class JourneyPreprocessor(Preprocessor):
    def __init__(self, md, ext):
        super().__init__(md)
        self.ext = ext

    def run(self, lines):
        out, i = [], 0
        seen = {}
        while i < len(lines):
            line = lines[i]
            m = FENCE.match(line)
            img = IMAGE.match(line) if not m else None
            if not m and not img:
                out.append(line)
                i += 1
                continue
            here = i + 1 + self.ext.getConfig("line_offset")  # the document's line of the fence
            if img:
                opts = {"file": img.group("path"), "alt": img.group("alt")}
                body, i = None, i + 1
            else:
                indent, fence = len(m.group("indent")), m.group("fence")
                opts, bad = self._options(fence_args(m))
                j = i + 1
                close = re.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
                while j < len(lines) and not close.match(lines[j]):
                    j += 1
                body = [ln[indent:] if ln[:indent].strip() == "" else ln.lstrip() for ln in lines[i + 1:j]]
                i = j + 1
                if bad:
                    out += self._error([core.Diagnostic(self.ext.getConfig("source"), here, 1, "error", bad)])
                    continue
            try:
                if opts.get("file"):
                    journey = self._journey_file(opts["file"], here)
                else:
                    journey = core.Journey("\n".join(body) + "\n", self.ext.getConfig("source"), here + 1,
                                           1 + (indent if m else 0), self.ext.getConfig("base_dir") or None)
                out += self._figure(journey, opts, seen)
            except core.JmapError as e:
                out += self._error(e.diagnostics)
        return out

    @staticmethod
    def _options(args):
        opts = {}
        try:
            words = shlex.split(args)
        except ValueError as e:
            return opts, f"cannot read the fence's options: {e}"
        for w in words:
            k, eq, v = w.partition("=")
            if not eq or k not in OPTIONS:
                return opts, f"unknown fence option '{w}': use " + ", ".join(f"{o}=..." for o in OPTIONS)
            opts[k] = v
        if opts.get("mode", "inline") not in ("inline", "img"):
            return opts, f"mode takes inline or img, not '{opts['mode']}'"
        return opts, None

    def _journey_file(self, ref, here):
        base = self.ext.getConfig("base_dir") or os.getcwd()
        path = os.path.normpath(os.path.join(base, ref))
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as e:
            why = e.strerror if isinstance(e, OSError) else "not UTF-8"
            raise core.JmapError([core.Diagnostic(self.ext.getConfig("source"), here, 1, "error",
                                                  f"cannot read the journey file '{ref}': {why}")])
        shown = self.ext.file_label(path) if self.ext.file_label else ref
        self.ext.dependencies.add(path)
        return core.Journey(text, shown, 1, 1, os.path.dirname(path))

    def _figure(self, journey, opts, seen):
        cfg = self.ext.getConfig
        svg, key, warnings = core.render(journey, "svg", opts.get("persona"), opts.get("theme"),
                                         jmap=cfg("jmap") or None, cache_dir=cfg("cache_dir") or None)
        for w in warnings:
            self.ext.warnings.append(w)
        self.ext.dependencies.update(os.path.abspath(d) for d in core.dependencies(journey, opts.get("theme")))
        title = core.svg_title(svg)
        alt = opts.get("alt") or (f"Journey map: {title}" if title else "Journey map")
        url = None
        if cfg("output_dir"):
            name = f"{key}.svg"
            core.write_if_changed(os.path.join(cfg("output_dir"), name), svg)
            self.ext.outputs.add(name)
            url = posixpath.join(cfg("output_url"), name) if cfg("output_url") else name
        mode = opts.get("mode") or cfg("mode")
        if mode == "img" and url:
            drawing = f'<img src="{html.escape(url)}" alt="{html.escape(alt)}" loading="lazy">'
        else:
            drawing = core.inline_svg(svg, alt, seen)
        if url:
            drawing = (f'<a class="jmap-full" href="{html.escape(url)}" title="Open the full-size map">'
                       f"{drawing}</a>")
            caption = (f'<figcaption><a href="{html.escape(url)}">Open the full-size map</a></figcaption>')
        else:
            caption = ""
        block = f'<figure class="jmap">{drawing}{caption}</figure>'
        return ["", self.md.htmlStash.store(block), ""]

    def _error(self, diagnostics):
        self.ext.errors.extend(diagnostics)
        if self.ext.getConfig("on_error") == "raise":
            raise core.JmapError(diagnostics)
        text = "\n".join(str(d) for d in diagnostics)
        return ["", self.md.htmlStash.store(f'<pre class="jmap-error">{html.escape(text)}</pre>'), ""]


class JourneyExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "jmap": ["", "the jmap program (default: $JMAP, else jmap on PATH)"],
            "cache_dir": ["", "where drawn maps are kept by content hash (default: ~/.cache/jmap-docs)"],
            "output_dir": ["", "a directory where each map is also written as NAME.svg, for the full-size link"],
            "output_url": ["", "the URL of output_dir as seen from the page"],
            "base_dir": ["", "the directory file references are relative to (default: the current one)"],
            "source": ["<markdown>", "the Markdown file's name, for messages"],
            "line_offset": [0, "lines of the file before the text converted (front matter)"],
            "mode": ["inline", "inline: the SVG in the page; img: an <img> (needs output_dir)"],
            "on_error": ["raise", "raise: a JmapError; report: an error block in the page, and in .errors"],
        }
        self.file_label = kwargs.pop("file_label", None)  # a function: a journey file's name in messages
        super().__init__(**kwargs)
        self.errors, self.warnings, self.outputs, self.dependencies = [], [], set(), set()

    def extendMarkdown(self, md):
        md.registerExtension(self)
        # after whitespace normalisation (30), before fenced code (25)
        md.preprocessors.register(JourneyPreprocessor(md, self), "jmap_journey", 28)

    def reset(self):
        self.errors, self.warnings, self.outputs, self.dependencies = [], [], set(), set()


def makeExtension(**kwargs):
    return JourneyExtension(**kwargs)
