#!/usr/bin/env bash
# The Debian package (cmake/package.cmake): builds build-deb/jmap_VERSION_ARCH.deb
# and checks what it holds. Under CI (CI=true, as root, with apt-get) it then
# does what a team does with it on a fresh machine: installs it with apt-get
# (which pulls its dependencies), draws a map with the installed jmap, builds
# an MkDocs site with the installed plugin and a pandoc document with the
# installed filter, none of them from this work tree; then removes it and
# checks that nothing of it is left. Elsewhere installing is skipped: a test
# suite does not install packages on a developer's machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=$PWD
fail() { echo "tests/package/deb.sh: $*" >&2; exit 1; }

cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr -DJMAP_BUILD_TESTS=OFF >/dev/null
cmake --build build-deb -j "$(nproc)" >/dev/null
rm -f build-deb/jmap_*.deb
(cd build-deb && cpack -G DEB >/dev/null)
deb=$(ls build-deb/jmap_*.deb)
echo "package: $deb ($(stat -c %s "$deb") bytes)"

# what it holds and what it needs
contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
for f in /usr/bin/jmap /usr/include/jmap/jmap.h /usr/include/jmap/version.h \
         /usr/share/man/man1/jmap.1 /usr/share/jmap/pandoc/jmap.lua \
         /usr/lib/python3/dist-packages/jmap_docs/mkdocs_plugin.py \
         /usr/share/doc/jmap/copyright \
         /usr/share/bash-completion/completions/jmap \
         /usr/share/zsh/vendor-completions/_jmap \
         /usr/share/fish/vendor_completions.d/jmap.fish; do
  grep -qx "$f" <<<"$contents" || fail "$deb lacks $f"
done
grep -q '/pkgconfig/jmap.pc$' <<<"$contents" || fail "$deb lacks jmap.pc"
grep -q '/libjmap.so.0$' <<<"$contents" || fail "$deb lacks libjmap.so.0"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libyaml libcairo2 libpango-1.0 libpangocairo libpng16 libhyphen fonts-; do
  grep -q "$lib" <<<"$depends" || fail "$deb does not depend on $lib: $depends"
done

if [ "${CI:-}" != true ] || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "package: not installed (that is done under CI=true, as root)"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "./$deb" >/dev/null
trap 'apt-get purge -y -qq jmap >/dev/null 2>&1 || true' EXIT
[ "$(command -v jmap)" = /usr/bin/jmap ] || fail "the installed jmap is not the one on PATH: $(command -v jmap)"
work=$(mktemp -d)
cd "$work"  # nothing from the work tree from here on, but the inputs
export PATH=/usr/bin:/bin
unset JMAP

/usr/bin/jmap --version
/usr/bin/jmap build "$src/examples/car-purchase.yaml" -o car.svg
grep -q 'class="jm-card"' car.svg || fail "the installed jmap drew no cards"
man -w jmap >/dev/null 2>&1 || [ -f /usr/share/man/man1/jmap.1 ] || fail "no man page"
bash -c 'source /usr/share/bash-completion/completions/jmap && complete -p jmap' | grep -q _jmap \
  || fail "the installed bash completion does not complete jmap"
pkg-config --exists jmap || fail "pkg-config does not find jmap"
printf '#include <jmap/jmap.h>\nint main(void){return jmap_version_number()==0;}\n' > v.c
cc v.c $(pkg-config --cflags --libs jmap) -o v && ./v || fail "a program built against the installed library fails"

# the MkDocs plugin and the pandoc filter, as installed
cp -r "$src/examples" ex  # the sites name journeys beside them
(cd ex/docs-sites/mkdocs && /usr/bin/python3 -m mkdocs build --strict -d "$work/site" >/dev/null 2>"$work/mk.log") \
  || { cat "$work/mk.log" >&2; fail "mkdocs build with the installed plugin failed"; }
grep -rq 'jm-card' "$work/site" || fail "the MkDocs site holds no map"
/usr/bin/python3 -c 'import jmap_docs, sys; sys.exit(not jmap_docs.__file__.startswith("/usr/lib/python3/dist-packages/"))' \
  || fail "python3 does not find the installed jmap_docs"
if command -v pandoc >/dev/null; then
  (cd ex/docs-sites/pandoc && pandoc report.md --lua-filter /usr/share/jmap/pandoc/jmap.lua -o "$work/report.html")
  grep -q 'jm-card' report.html || fail "the pandoc filter drew no map"
fi

# removed cleanly
trap - EXIT
apt-get purge -y -qq jmap >/dev/null
for f in /usr/bin/jmap /usr/share/jmap /usr/lib/python3/dist-packages/jmap_docs /usr/include/jmap; do
  [ ! -e "$f" ] || fail "$f is left after removing the package"
done
cd / && rm -rf "$work"
echo "package: installed, used (jmap, library, MkDocs plugin, pandoc filter) and removed"
