"""A MkDocs plugin: journey maps in the pages, drawn by jmap.

    plugins:
      - search
      - jmap:            # every option may be left out
          jmap: jmap     # the program (default: $JMAP, else jmap on PATH)
          mode: inline   # or img
          cache_dir: ... # default: ~/.cache/jmap-docs

In any page: a ```journey fence (the YAML inline), a fence with
file=PATH, or ![alt](PATH.yaml) on a line of its own (PATH relative to the
page). See jmap_docs.markdown_ext.

- The maps are drawn into the site (SITE/_jmap/HASH.svg, linked from the map
  for the full-size view), never into docs/; the journey files themselves
  are not published.
- Drawn maps are kept by content hash: `mkdocs serve` redraws only what
  changed, writes nothing into the watched tree, and settles.
- A journey with errors is reported as `docs/PAGE.md:LINE:COLUMN: error: ...`
  (the line of the Markdown file), once, without a traceback; `mkdocs build`
  then fails (`fail_on_error: false` keeps going with the error in the page,
  as `mkdocs serve` does)."""
import logging
import os
import posixpath

from mkdocs.config import config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from . import core
from .markdown_ext import JourneyExtension

log = logging.getLogger("mkdocs.plugins.jmap")

SOURCES = (".yaml", ".yml", ".mmd", ".mermaid")
OUT_DIR = "_jmap"


class JmapPlugin(BasePlugin):
    config_scheme = (
        ("jmap", config_options.Type(str, default="")),
        ("mode", config_options.Choice(("inline", "img"), default="inline")),
        ("cache_dir", config_options.Type(str, default="")),
        ("publish_sources", config_options.Type(bool, default=False)),
        ("fail_on_error", config_options.Type(bool, default=True)),
    )

    def on_startup(self, command, dirty=False, **kwargs):
        self.serving = command == "serve"

    def on_config(self, config, **kwargs):
        self.ext = JourneyExtension(jmap=self.config["jmap"], cache_dir=self.config["cache_dir"],
                                    mode=self.config["mode"], on_error="report")
        config["markdown_extensions"].append(self.ext)
        self.errors = []
        self.watched = set()  # files outside docs/ that maps depend on (themes, includes): `mkdocs serve` watches them
        self.docs_dir = config["docs_dir"]
        self.config_dir = os.path.dirname(config["config_file_path"] or "") or os.getcwd()
        return config

    def on_files(self, files, config, **kwargs):
        if self.config["publish_sources"]:
            return files
        for f in list(files):
            if f.src_path.lower().endswith(SOURCES):
                files.remove(f)  # still watched by `mkdocs serve`: an edit redraws the pages using it
        return files

    def on_page_markdown(self, markdown, page, config, files, **kwargs):
        src = page.file.abs_src_path
        try:
            with open(src, encoding="utf-8-sig") as f:
                raw = f.read().replace("\r\n", "\n")
        except OSError:
            raw = markdown
        offset = raw[: len(raw) - len(markdown)].count("\n") if raw.endswith(markdown) else 0
        page_dir = posixpath.dirname(page.file.dest_path)
        shown = os.path.relpath(src, self.config_dir)
        self.ext.reset()
        self.ext.setConfig("source", shown)
        self.ext.setConfig("line_offset", offset)
        self.ext.setConfig("base_dir", os.path.dirname(src))
        self.ext.setConfig("output_dir", os.path.join(config["site_dir"], OUT_DIR))
        self.ext.setConfig("output_url", posixpath.relpath(OUT_DIR, page_dir or "."))
        self.ext.file_label = lambda p: os.path.relpath(p, self.config_dir)
        return markdown

    def on_page_content(self, html, page, config, files, **kwargs):
        for w in self.ext.warnings:
            log.warning(str(w))
        for d in self.ext.errors:
            log.error(str(d))
        self.errors += self.ext.errors
        self.watched.update(self.ext.dependencies)
        self.ext.reset()
        return html

    def on_serve(self, server, config, builder, **kwargs):
        docs = os.path.abspath(self.docs_dir)
        for path in sorted(self.watched):
            if not os.path.abspath(path).startswith(docs + os.sep) and os.path.exists(path):
                server.watch(path)
        return server

    def on_post_build(self, config, **kwargs):
        errors, self.errors = self.errors, []
        if errors and self.config["fail_on_error"] and not self.serving:
            n = len(errors)
            raise PluginError(f"{n} error{'s' if n > 1 else ''} in journey maps (above)")
