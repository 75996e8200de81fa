"""A Sphinx extension: the `jmap` directive draws a journey map with jmap.

    extensions = ["jmap_docs.sphinx_ext"]
    # jmap_program = "jmap"      # default: $JMAP, else jmap on PATH

    .. jmap:: maps/onboarding.yaml
       :alt: The onboarding journey
       :persona: maria
       :theme: dark

    .. jmap::
       :alt: Buying a car

       title: Buying a family car
       stages: ...

A file argument is relative to the document (or to the source directory when
it starts with /), whatever directory sphinx-build runs from. HTML builders
get the SVG inline (its words are text, found by the browser and by Sphinx's
search) with a link to the full-size SVG in _images/; LaTeX builders get a
PDF, included as a vector figure; other builders get the alt text.

Maps are drawn while documents are read, kept by content hash under the
doctree directory (an unchanged map is never drawn again), and a document is
read again when a journey file it uses changes. A journey with errors is an
error at the document's line (the directive's line for a file, the line
inside the document for inline content): `sphinx-build -W` fails on it."""
import os

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.util import logging

from . import core

log = logging.getLogger(__name__)
FORMAT_OF = {"html": "svg", "latex": "pdf"}


class jmap_node(nodes.General, nodes.Element):
    """A drawn map: key, fmt, alt, caption; the bytes live in the cache; its text is the map's words."""


def _cache_dir(env):
    return os.path.join(env.app.doctreedir, "jmap")


class JmapDirective(Directive):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"alt": directives.unchanged, "persona": directives.unchanged, "theme": directives.unchanged,
                   "caption": directives.unchanged}

    def run(self):
        env = self.state.document.settings.env
        source, line = self.state_machine.get_source_and_line(self.lineno)
        if self.arguments and self.content:
            return [self.reporter.error("jmap takes a journey file or inline content, not both", line=self.lineno)]
        if not self.arguments and not self.content:
            return [self.reporter.error("jmap needs a journey file or inline content", line=self.lineno)]
        if self.arguments:
            rel, path = env.relfn2path(self.arguments[0], env.docname)
            env.note_dependency(rel)
            try:
                with open(path, encoding="utf-8") as f:
                    journey = core.Journey(f.read(), os.path.relpath(path, env.srcdir), base_dir=os.path.dirname(path))
            except (OSError, UnicodeDecodeError) as e:
                why = e.strerror if isinstance(e, OSError) else "not UTF-8"
                return [self.reporter.error(f"cannot read the journey file '{self.arguments[0]}': {why}",
                                            line=self.lineno)]
        else:
            first = self.content_offset + 1  # the document's line of the content's first line
            indent = 0
            try:
                with open(source, encoding="utf-8") as f:
                    raw = f.read().splitlines()[first - 1]
                indent = len(raw) - len(raw.lstrip()) - (len(self.content[0]) - len(self.content[0].lstrip()))
            except (OSError, IndexError):
                pass
            journey = core.Journey("\n".join(self.content) + "\n", os.path.relpath(source, env.srcdir), first,
                                   indent + 1, os.path.dirname(os.path.abspath(source)))
        for dep in core.dependencies(journey, self.options.get("theme")):
            env.note_dependency(os.path.abspath(dep))  # an edited theme file reads the document again
        builder_format = getattr(env.app.builder, "format", "html")
        fmt = FORMAT_OF.get(builder_format, "svg")
        try:
            data, key, warnings = core.render(journey, fmt, self.options.get("persona"), self.options.get("theme"),
                                              jmap=env.config.jmap_program or None, cache_dir=_cache_dir(env))
            svg = data if fmt == "svg" else core.render(journey, "svg", self.options.get("persona"),
                                                        self.options.get("theme"),
                                                        jmap=env.config.jmap_program or None,
                                                        cache_dir=_cache_dir(env))[0]
        except core.JmapError as e:
            return [self._message(d) for d in e.diagnostics]
        for w in warnings:
            log.warning(w.message, location=(env.docname, w.line) if self.content else None)
        title = core.svg_title(svg)
        node = jmap_node()
        node["key"], node["fmt"] = key, fmt
        node["alt"] = self.options.get("alt") or (f"Journey map: {title}" if title else "Journey map")
        node["caption"] = self.options.get("caption", "")
        node["file"] = journey.file
        # the map's words, for the search index (the builders skip them: the SVG shows them)
        node += nodes.Text(" ".join(core.svg_words(svg)))
        return [node]

    def _message(self, d):
        # a journey file's own errors are at the file's line; the directive's line says where it is used
        if self.arguments:
            return self.reporter.error(f"{d.file}:{d.line}:{d.column}: {d.message}", line=self.lineno)
        return self.reporter.error(f"{d.message} (column {d.column})", line=d.line)


def _bytes(builder, node):
    path = os.path.join(_cache_dir(builder.env), node["key"][:2], f"{node['key']}.{node['fmt']}")
    with open(path, "rb") as f:
        return f.read()


def visit_html(self, node):
    svg = _bytes(self.builder, node)
    name = f"jmap-{node['key']}.svg"
    core.write_if_changed(os.path.join(self.builder.outdir, self.builder.imagedir, name), svg)
    url = f"{self.builder.imgpath}/{name}"
    seen = getattr(self.document, "_jmap_seen", None)
    if seen is None:
        seen = self.document._jmap_seen = {}
    caption = f"<div>{self.encode(node['caption'])}</div>" if node["caption"] else ""
    self.body.append(f'<figure class="jmap"><a class="jmap-full" href="{url}" title="Open the full-size map">'
                     f"{core.inline_svg(svg, node['alt'], seen)}</a><figcaption>{caption}"
                     f'<a href="{url}">Open the full-size map</a></figcaption></figure>\n')
    raise nodes.SkipNode


def visit_latex(self, node):
    pdf = _bytes(self.builder, node)
    name = f"jmap-{node['key']}.pdf"
    core.write_if_changed(os.path.join(self.builder.outdir, name), pdf)
    caption = f"\\caption{{{self.encode(node['caption'])}}}" if node["caption"] else ""
    self.body.append("\n\\begin{figure}[htbp]\n\\centering\n"
                     f"\\sphinxincludegraphics[width=\\linewidth,height=0.8\\textheight,keepaspectratio]{{{name}}}\n"
                     f"{caption}\n\\end{{figure}}\n")
    raise nodes.SkipNode


def visit_text(self, node):
    self.add_text(f"[{node['alt']}]")
    raise nodes.SkipNode


def visit_other(self, node):
    raise nodes.SkipNode


def setup(app):
    app.add_config_value("jmap_program", "", "env")
    app.add_node(jmap_node, html=(visit_html, None), latex=(visit_latex, None), text=(visit_text, None),
                 man=(visit_other, None), texinfo=(visit_other, None))
    app.add_directive("jmap", JmapDirective)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
