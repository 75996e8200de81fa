# The Debian package: `cpack -G DEB` in a build directory configured with
# -DCMAKE_INSTALL_PREFIX=/usr (tests/package/deb.sh does both and checks the
# result; docs/install.md says how). Everything `cmake --install` installs is
# in it: jmap, libjmap.so and its header and pkg-config file, the man page,
# the shell completions, the Python package jmap_docs (MkDocs, Sphinx,
# Python-Markdown) where Debian's python3 finds it, the pandoc filter in
# /usr/share/jmap/pandoc. The runtime libraries it depends on are found by
# dpkg-shlibdeps from what the binaries link; fonts are a dependency of their
# own, since no library names them.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME jmap)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The jmap authors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "compiler of customer journey maps from YAML to SVG, PNG and PDF")
set(CPACK_PACKAGE_DESCRIPTION
"jmap compiles customer journey maps kept as YAML files (stages, touchpoints,
channels, emotions, pains, opportunities, the service blueprint, metrics and an
action plan) into SVG, PNG and PDF maps, in CI and in documentation builds.
It also reads Mermaid journey diagrams. The package holds the jmap program,
the libjmap library with its header, the man page, shell completions, the
MkDocs, Sphinx and Python-Markdown integrations and a pandoc filter.")
set(CPACK_PACKAGE_CONTACT "The jmap authors <jmap@localhost>")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_CURRENT_SOURCE_DIR}/LICENSE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
# a map draws its text with these faces (docs/languages.md); hyphenation
# patterns and the docs tools are welcome, not needed
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-noto-core | fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-core, fonts-noto-cjk, python3")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "mkdocs, python3-sphinx, python3-markdown, pandoc, hyphen-de, hyphen-en-us, hyphen-es, hyphen-fr, hyphen-pl, hyphen-ru, hyphen-uk")
set(CPACK_STRIP_FILES ON)
include(CPack)
