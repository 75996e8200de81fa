"""What the documentation integrations share: running the `jmap` program on a
journey's bytes, a cache of its outputs by content, and its diagnostics moved
to where the journey stands in the document.

The integrations call the `jmap` program (the one on PATH, the JMAP
environment variable, or the one configured), never the library: the program
is what a user installs and tests. One `jmap serve --stdio` process draws
every map of a build (docs/cli.md): the fixed cost of a jmap process (its
start, its fonts) is paid once a build, not once a map; its answers are
those of `jmap build` run alone, so that errors, caching and ids are the
same. A jmap without `serve` is run once a map, as before."""
import atexit
import hashlib
import html
import os
import re
import shutil
import subprocess
import tempfile
import threading

__all__ = ["Journey", "JmapError", "Diagnostic", "render", "dependencies", "svg_title", "inline_svg",
           "write_if_changed", "default_cache_dir"]


class Diagnostic:
    """One of jmap's diagnostics, at a position in the document the user wrote."""

    def __init__(self, file, line, column, severity, message):
        self.file, self.line, self.column, self.severity, self.message = file, line, column, severity, message

    def __str__(self):
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.severity}: {self.message}"


class JmapError(Exception):
    """jmap refused a journey (its diagnostics), or could not be run."""

    def __init__(self, diagnostics):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


class Journey:
    """A journey's text and where it stands: `file` is the document shown in
    messages, `line` the document's line of the journey's first line (1 when
    the journey is a file of its own), `column` the document's column of the
    journey's first column. `base_dir` is the folder its `include`s are
    relative to: the journey file's, or for a journey written inside a
    document the document's (None: the working directory)."""

    def __init__(self, text, file, line=1, column=1, base_dir=None):
        self.text, self.file, self.line, self.column = text, file, line, column
        self.base_dir = base_dir


_DIAG = re.compile(r"^<stdin>:(\d+):(\d+): (error|warning): (.*)$")
_OTHER = re.compile(r"^(.+?):(\d+):(\d+): (error|warning): (.*)$")  # in a file the journey includes
_INCLUDE_DEPTH = 8
_versions = {}


def find_jmap(configured=None):
    """The jmap program: the one configured, else $JMAP, else `jmap` on PATH."""
    exe = configured or os.environ.get("JMAP") or "jmap"
    found = shutil.which(exe) if os.sep not in exe else (exe if os.access(exe, os.X_OK) else None)
    if not found:
        raise JmapError([Diagnostic("jmap", 0, 0, "error",
                                    f"cannot find the jmap program ('{exe}'): install jmap, put it on PATH, "
                                    "or set JMAP or the integration's jmap option to its path")])
    if not jmap_version(found).startswith("jmap "):
        raise JmapError([Diagnostic("jmap", 0, 0, "error",
                                    f"'{found}' is not jmap the journey-map compiler (a JDK's jmap?): "
                                    "set JMAP or the integration's jmap option to jmap's path")])
    return found


def jmap_version(exe):
    if exe not in _versions:
        try:
            p = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
            _versions[exe] = p.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            _versions[exe] = ""
    return _versions[exe]


def default_cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "jmap-docs")


def _options(fmt, persona, theme, id_prefix):
    args = ["-f", fmt]
    if persona:
        args += ["--persona", persona]
    if theme:
        args += ["--theme", theme]
    if id_prefix is not None and fmt == "svg":
        args += ["--id-prefix", id_prefix]
    return args


def _include_names(text):
    """The paths a journey file's documents name under `include` (a path or
    a list of paths), as written."""
    try:
        import yaml  # PyYAML: MkDocs brings it, Debian has python3-yaml
        docs = list(yaml.safe_load_all(text))
    except Exception:  # noqa: BLE001 - no PyYAML, or text jmap refuses (it says why): the plain forms
        names = []
        for m in re.finditer(r"^include:[ \t]*([^\n#]*)", text, re.M):
            v = m.group(1).strip()
            if v.startswith("["):
                names += [x.strip().strip("'\"") for x in v.strip("[]").split(",") if x.strip()]
            elif v:
                names.append(v.strip("'\""))
            else:
                for line in text[m.end():].split("\n")[1:]:
                    item = re.match(r"^\s+-\s+(.+?)\s*$", line)
                    if not item:
                        break
                    names.append(item.group(1).strip("'\""))
        return names
    names = []
    for d in docs:
        inc = d.get("include") if isinstance(d, dict) else None
        if isinstance(inc, str):
            names.append(inc)
        elif isinstance(inc, list):
            names += [x for x in inc if isinstance(x, str)]
    return names


def included_files(journey):
    """The files a journey includes, and those they include (8 deep, each
    once), as paths beside the journey; those missing too, since creating
    one changes the map."""
    found, todo = [], [(journey.base_dir or os.getcwd(), journey.text, 0)]
    while todo:
        folder, text, depth = todo.pop(0)
        if depth >= _INCLUDE_DEPTH:
            continue
        for name in _include_names(text):
            path = os.path.normpath(os.path.join(folder, name))
            if path in found:
                continue
            found.append(path)
            try:
                with open(path, encoding="utf-8") as f:
                    todo.append((os.path.dirname(path), f.read(), depth + 1))
            except (OSError, UnicodeDecodeError):
                pass
    return found


def dependencies(journey, theme=None):
    """The files whose bytes a journey's map depends on besides its own text,
    in a fixed order: the theme file (a `theme` that names a file, read from
    the working directory; a built-in name reads none), then every file the
    journey includes (included_files). content_key hashes the bytes of every
    file named here, so that editing any of them draws the map again."""
    files = []
    if theme and os.path.isfile(theme):
        files.append(theme)
    return files + included_files(journey)


def content_key(journey, fmt, persona=None, theme=None, id_prefix=None, exe=None):
    """The hash that names an output: jmap's version, the options, the
    journey's bytes and the bytes of every file it depends on (never only
    their names: an edited theme file is another map)."""
    h = hashlib.sha256()
    for part in [jmap_version(exe) if exe else "", *_options(fmt, persona, theme, id_prefix)]:
        h.update(part.encode() + b"\0")
    text = journey.text.encode("utf-8")
    h.update(b"%d\0" % len(text) + text)
    for path in dependencies(journey, theme):
        try:
            with open(path, "rb") as f:
                data = f.read()
            h.update(b"file %d\0" % len(data) + data)
        except OSError as e:  # jmap will say why; the key only has to differ from a readable file's
            h.update(b"unreadable %d\0" % (e.errno or 0))
    return h.hexdigest()[:20]


class _Server:
    """A `jmap serve --stdio` process of this Python process (a forked
    worker, as Sphinx's -j makes, starts its own)."""

    def __init__(self, exe):
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.p = subprocess.Popen([exe, "serve", "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)  # each build's diagnostics come in its answer

    def build(self, args, data):
        """(exit status, standard output, standard error) of `jmap build
        ARGS` reading data; None when the server cannot answer."""
        head = b"build %d %d\n" % (len(args), len(data)) + b"".join(a.encode() + b"\n" for a in args)
        if any("\n" in a for a in args):
            return None
        with self.lock:
            try:
                self.p.stdin.write(head + data)
                self.p.stdin.flush()
                line = self.p.stdout.readline().split()
                if len(line) != 4 or line[0] != b"status":
                    return None
                status, n_out, n_err = int(line[1]), int(line[2]), int(line[3])
                out, err = self.p.stdout.read(n_out), self.p.stdout.read(n_err)
                if len(out) != n_out or len(err) != n_err:
                    return None
                return status, out, err
            except (OSError, ValueError):
                return None

    def close(self):
        try:
            self.p.stdin.close()
            self.p.wait(timeout=60)
        except (OSError, subprocess.SubprocessError):
            self.p.kill()


_servers = {}
_no_server = set()


@atexit.register
def _close_servers():
    for s in list(_servers.values()):
        if s.pid == os.getpid():
            s.close()
    _servers.clear()


def _build(exe, args, data, cwd=None):
    """`jmap build ARGS` with data on its standard input, run in cwd (None:
    here): through this process's server, else (a jmap without `serve`, a
    server that died, another folder than the server's) in a process of its
    own. (exit status, standard output, standard error)."""
    here = not cwd or os.path.realpath(cwd) == os.path.realpath(os.getcwd())
    if here and exe not in _no_server:
        s = _servers.get(exe)
        if s is None or s.pid != os.getpid():
            try:
                s = _servers[exe] = _Server(exe)
            except OSError:
                s = None
        answer = s.build(args, data) if s else None
        if answer is not None:
            return answer
        _servers.pop(exe, None)
        if s:
            s.p.kill()
            if s.p.wait() == 2:  # no `serve` in this jmap (usage error): ask no more
                _no_server.add(exe)
    p = subprocess.run([exe, "build", *args], input=data, capture_output=True, cwd=None if here else cwd)
    return p.returncode, p.stdout, p.stderr


def render(journey, fmt="svg", persona=None, theme=None, id_prefix=None, jmap=None, cache_dir=None):
    """The bytes of the journey drawn as fmt ('svg' or 'pdf' or 'png'), from the
    cache when the same bytes were drawn with the same options before.
    Returns (bytes, key, warnings). Raises JmapError with the diagnostics at
    their place in the document."""
    exe = find_jmap(jmap)
    key = content_key(journey, fmt, persona, theme, id_prefix, exe)
    cache_dir = cache_dir or default_cache_dir()
    cached = os.path.join(cache_dir, key[:2], f"{key}.{fmt}")
    if os.path.exists(cached):
        with open(cached, "rb") as f:
            return f.read(), key, []
    if theme and os.path.isfile(theme):
        theme = os.path.abspath(theme)  # jmap runs in the journey's folder, where its includes are
    status, out, err = _build(exe, ["-", "-o", "-", *_options(fmt, persona, theme, id_prefix)],
                              journey.text.encode("utf-8"), journey.base_dir or None)
    diags = _diagnostics(journey, err.decode("utf-8", "replace"))
    if status != 0:
        if not any(d.severity == "error" for d in diags):
            message = err.decode("utf-8", "replace").strip() or f"jmap exited with status {status}"
            diags.append(Diagnostic(journey.file, journey.line, journey.column, "error", message))
        raise JmapError(diags)
    write_if_changed(cached, out)
    return out, key, diags


def _diagnostics(journey, stderr):
    """jmap's `<stdin>:LINE:COLUMN: error: MESSAGE` lines, moved to the document.
    The source line and caret jmap prints under each are left out."""
    out = []
    for line in stderr.splitlines():
        m = _DIAG.match(line)
        if m:
            ln, col = int(m.group(1)), int(m.group(2))
            out.append(Diagnostic(journey.file, journey.line + ln - 1, journey.column + col - 1,
                                  m.group(3), m.group(4)))
        elif line.startswith("<stdin>: error: "):
            out.append(Diagnostic(journey.file, journey.line, journey.column, "error", line[len("<stdin>: error: "):]))
        elif _OTHER.match(line):  # in a file the journey includes: named beside the journey's file
            f, ln, col, sev, msg = _OTHER.match(line).groups()
            shown = f if os.path.isabs(f) else os.path.normpath(os.path.join(os.path.dirname(journey.file), f))
            out.append(Diagnostic(shown, int(ln), int(col), sev, msg))
    return out


def write_if_changed(path, data):
    """Writes data to path unless path already holds those bytes, atomically:
    a server watching the output sees no change where there is none."""
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return False
    except OSError:
        pass
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".jmap-", suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return True


def svg_title(svg):
    """The journey's title, from the SVG's <title>."""
    m = re.search(rb"<title\b[^>]*>(.*?)</title>", svg, re.S)
    return html.unescape(m.group(1).decode("utf-8", "replace")).strip() if m else ""


def svg_words(svg):
    """The texts of the map, in the order drawn, from the SVG's <text>
    elements (a paragraph's lines are its <tspan>s, joined by a space)."""
    words = []
    for t in re.findall(rb"<text\b[^>]*>(.*?)</text>", svg, re.S):
        lines = re.findall(rb"<tspan\b[^>]*>(.*?)</tspan>", t, re.S) or [t]
        words.append(" ".join(html.unescape(x.decode("utf-8", "replace")) for x in lines))
    return words


def inline_svg(svg, label, seen=None):
    """The SVG as an element to put in an HTML page: no XML declaration, as
    wide as its column at most, labelled for screen readers. seen: the id
    prefixes already on the page; a second copy of the same map gets its ids
    a prefix of their own, so that no two elements of a page share an id."""
    text = svg.decode("utf-8")
    text = re.sub(r"^<\?xml[^>]*\?>\s*", "", text)
    if seen is not None:
        m = re.search(r'\bid="(jm[0-9a-f]{12}-)', text)
        if m:
            prefix = m.group(1)
            n = seen.get(prefix, 0)
            seen[prefix] = n + 1
            if n:
                text = text.replace(prefix, f"{prefix}{n + 1}-")
    root = re.search(r"<svg\b[^>]*>", text)
    if root:
        tag = root.group(0)
        w = re.search(r'\bwidth="([\d.]+)(?:px)?"', tag)
        new = re.sub(r'\s(width|height|role|aria-labelledby)="[^"]*"', "", tag)
        style = f"width:100%;max-width:{w.group(1)}px;height:auto" if w else "width:100%;height:auto"
        new = new[:-1] + f' role="img" aria-label="{html.escape(label, quote=True)}" style="{style}">'
        text = text[:root.start()] + new + text[root.end():]
    return text
