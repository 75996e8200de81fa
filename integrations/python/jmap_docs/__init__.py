"""jmap in documentation builds: a Python-Markdown extension
(jmap_docs.markdown_ext), a MkDocs plugin (jmap_docs.mkdocs_plugin, `jmap` in
mkdocs.yml) and a Sphinx extension (jmap_docs.sphinx_ext). Each calls the
jmap program; none needs more than the tool it plugs into."""
__version__ = "0.1.0"
