# Sphinx example site: journey maps with the jmap directive.
project = "Journey maps with Sphinx"
extensions = ["jmap_docs.sphinx_ext"]
# jmap_program = "/usr/local/bin/jmap"   # default: $JMAP, else jmap on PATH
html_theme = "alabaster"
exclude_patterns = ["_build"]
