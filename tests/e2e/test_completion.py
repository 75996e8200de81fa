"""Shell completion (jmap completion bash|zsh|fish; docs/completion.md).

- The options that complete for each command are exactly the options its
  help lists, and every one of them is accepted by its parser: the table in
  cmd/jmap/complete.c cannot drift from what jmap does.
- bash: `complete -p jmap` names the function, and the function gives the
  commands, options, values (themes, languages, papers, formats), the
  personas of the journey on the line, and journey files by extension.
- zsh and fish: their scripts, run by the real shells where installed (zsh
  with its completion system's compadd and _files stood in for; fish with
  `complete -C`), give the same."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from harness import Skip, run_tests, test

JMAP = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
TMP = tempfile.mkdtemp(prefix="jmap-complete-")

JOURNEY = """title: Moving house
sources:
  - {id: survey, name: Movers survey, kind: survey}
personas:
  - {id: ana, name: Ana}
  - {id: leo, name: Leo}
stages:
  - name: Plan
    touchpoints:
      - {name: Books a van, channel: web, emotion: {ana: 3, leo: 4}}
"""


def jmap(*args, cwd=None):
    return subprocess.run([JMAP] + list(args), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=60)


def commands():
    out = jmap("--help").stdout
    return sorted(set(re.findall(r"^  jmap ([a-z]+)", out, re.M)) - {"help"})


def help_options(cmd):
    """The long options on the option lines of `jmap help CMD`."""
    found, inside = set(), False
    for line in jmap("help", cmd).stdout.splitlines():
        if line.startswith("Options"):
            inside = True
        elif inside and not line.strip():
            inside = False
        elif inside and line.lstrip().startswith("-"):
            found.update(re.findall(r"--[a-z][a-z-]*", line))
    return found


def completed(*words):
    return jmap("__complete", *words).stdout.split("\n")[:-1]


@test
def every_command_completes_the_options_its_help_lists():
    cmds = commands()
    assert {"build", "check", "stats", "diff", "import", "watch", "init", "schema", "completion"} <= set(cmds), cmds
    assert set(completed("")) >= set(cmds), completed("")
    for cmd in cmds:
        want = help_options(cmd) | {"--help"}
        got = set(completed(cmd, "--"))
        assert got == want, "%s: completes %s, its help lists %s" % (cmd, sorted(got), sorted(want))


@test
def every_completed_option_is_one_the_parser_takes():
    for cmd in commands():
        for opt in completed(cmd, "--"):
            if opt == "--help":
                continue
            p = jmap(cmd, opt, "x", os.path.join(TMP, "none.yaml"))
            assert "unknown option '%s'" % opt not in p.stderr, "%s %s: %s" % (cmd, opt, p.stderr)


@test
def values_come_from_the_library_and_the_journey():
    path = os.path.join(TMP, "move.yaml")
    with open(path, "w") as f:
        f.write(JOURNEY)
    assert completed("build", path, "--persona", "") == ["ana", "leo"]
    assert completed("check", path, "--data", "") == ["survey="]
    assert completed("check", path, "--data", "survey=d") == [":any"]
    assert "dark" in completed("build", "--theme", "")
    assert completed("init", "--lang", "f") == ["fa", "fr"]
    assert completed("build", "--page", "a4") == ["a4", "a4-landscape"]
    assert completed("build", "-f", "p") == ["png", "pdf"]
    assert completed("check", "--diagnostics", "") == ["text", "json"]
    assert completed("completion", "") == ["bash", "zsh", "fish"]
    assert completed("build", "") == [":files yaml yml mmd mermaid"]
    assert completed("import", "") == [":files mmd mermaid"]


def scratch():
    d = os.path.join(TMP, "files")
    if not os.path.isdir(d):
        os.makedirs(os.path.join(d, "maps"))
        for name in ("trip.yaml", "flow.mmd", "notes.txt"):
            with open(os.path.join(d, name), "w") as f:
                f.write(JOURNEY if name == "trip.yaml" else "x\n")
    return d


def script(shell):
    path = os.path.join(TMP, "jmap." + shell)
    with open(path, "w") as f:
        f.write(jmap("completion", shell).stdout)
    return path


def bash(line):
    """COMPREPLY for the command line `line` (the cursor at its end)."""
    words = line.split(" ")
    prog = "source %s\ncomplete -p jmap\nCOMP_WORDS=(%s)\nCOMP_CWORD=%d\n_jmap\nprintf '%%s\\n' \"${COMPREPLY[@]}\"\n" % (
        script("bash"), " ".join("'%s'" % w for w in [JMAP] + words[1:]), len(words) - 1)
    p = subprocess.run(["bash", "--norc", "-c", prog], cwd=scratch(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=60)
    lines = p.stdout.split("\n")
    assert lines[0].startswith("complete -F _jmap"), p.stdout + p.stderr
    return sorted(x for x in lines[1:] if x)


@test
def bash_completes_commands_options_values_and_files():
    assert bash("jmap bu") == ["build"]
    assert bash("jmap build --th") == ["--theme"]
    assert bash("jmap build trip.yaml --persona ") == ["ana", "leo"]
    assert bash("jmap build ") == ["flow.mmd", "maps", "trip.yaml"]
    assert bash("jmap import ") == ["flow.mmd", "maps"]
    assert bash("jmap build --page a3") == ["a3", "a3-landscape"]


@test
def zsh_completes_the_same():
    if not shutil.which("zsh"):
        raise Skip("zsh is not installed")
    prog = """
compadd() { [[ $1 == -a ]] && print -rl -- ${(P)2} }
_files() { print "FILES $*" }
compdef() { }
source %s
words=(%s '')
CURRENT=${#words}
words[CURRENT]=$1
_jmap
""" % (script("zsh"), JMAP)

    def z(*args):
        p = subprocess.run(["zsh", "-f", "-c", prog, "zsh"] + list(args[-1:]), cwd=scratch(), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=60)
        assert not p.stderr, p.stderr
        return p.stdout.split("\n")[:-1]
    assert z("bu") == ["build"], z("bu")
    prog = prog.replace("words=(%s '')" % JMAP, "words=(%s build '')" % JMAP)
    assert z("--wr") == ["--wrap"], z("--wr")
    assert z("") == ["FILES -g *.(yaml|yml|mmd|mermaid)"], z("")


@test
def fish_completes_the_same():
    if not shutil.which("fish"):
        raise Skip("fish is not installed")

    def f(line):
        p = subprocess.run(["fish", "--no-config", "-c", "source %s; complete -C '%s'" % (script("fish"), line)],
                           cwd=scratch(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60,
                           env=dict(os.environ, PATH=os.path.dirname(JMAP) + os.pathsep + os.environ["PATH"]))
        return sorted(x.split("\t")[0] for x in p.stdout.split("\n") if x)
    assert f("jmap bu") == ["build"], f("jmap bu")
    assert f("jmap build trip.yaml --persona ") == ["ana", "leo"], f("jmap build trip.yaml --persona ")
    got = f("jmap build ")
    assert "trip.yaml" in got and "flow.mmd" in got and "notes.txt" not in got, got


if __name__ == "__main__":
    try:
        sys.exit(run_tests())
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
