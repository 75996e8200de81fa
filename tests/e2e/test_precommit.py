"""The pre-commit hooks (.pre-commit-hooks.yaml, docs/pre-commit.md), run by
Debian's pre-commit in scratch repositories, offline, as a team uses them:
`pre-commit install`, then `git commit`.

- jmap-check stops a commit of a broken journey, with the error at its
  FILE:LINE:COLUMN;
- jmap-build redraws the maps beside their journeys and stops a commit whose
  journey changed but whose committed map did not; a commit that changes
  nothing of a map passes, the map untouched;
- files that are not journeys (other YAML) are left alone.

The hooks come from a repository made of this work tree's hooks file, so that
what is tested is the file as it stands, committed or not."""
import os
import shutil
import subprocess
import sys
import tempfile

from harness import Skip, run_tests, test

JMAP = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
PRE_COMMIT = shutil.which("pre-commit")
TMP = tempfile.mkdtemp(prefix="jmap-precommit-")

ENV = dict(os.environ,
           PATH=os.path.dirname(JMAP) + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
           PRE_COMMIT_HOME=os.path.join(TMP, "cache"),
           GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@localhost",
           GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@localhost",
           GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1", HOME=TMP)
ENV.pop("JMAP", None)

GOOD = """title: Buying a bike
stages:
  - name: Choose
    touchpoints:
      - {name: Reads reviews, channel: web, emotion: 4}
      - {name: Tries a bike, channel: store, emotion: 5}
"""
# line 5, column 48: a score out of the scale
BROKEN = """title: Returning a bike
stages:
  - name: Return
    touchpoints:
      - {name: Fills in a form, channel: web, emotion: 9}
"""


def sh(args, cwd, ok=True):
    p = subprocess.run(args, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=300)
    if ok and p.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s" % (" ".join(args), p.returncode, p.stdout))
    return p


def hooks_repo():
    """A repository that holds this work tree's .pre-commit-hooks.yaml; its sha."""
    d = os.path.join(TMP, "hooks")
    if not os.path.isdir(d):
        os.makedirs(d)
        shutil.copy(os.path.join(SOURCE, ".pre-commit-hooks.yaml"), d)
        sh(["git", "init", "-q"], d)
        sh(["git", "add", "."], d)
        sh(["git", "commit", "-qm", "hooks"], d)
    return d, sh(["git", "rev-parse", "HEAD"], d).stdout.strip()


def team_repo(name):
    if not PRE_COMMIT:
        raise Skip("pre-commit is not installed (Debian: pre-commit)")
    hooks, rev = hooks_repo()
    d = os.path.join(TMP, name)
    os.makedirs(os.path.join(d, "maps"))
    with open(os.path.join(d, ".pre-commit-config.yaml"), "w") as f:
        f.write("repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: jmap-check\n      - id: jmap-build\n"
                % (hooks, rev))
    sh(["git", "init", "-q"], d)
    sh(["pre-commit", "install"], d)
    return d


def write(d, rel, text):
    with open(os.path.join(d, rel), "w") as f:
        f.write(text)


@test
def a_broken_journey_stops_the_commit_at_its_line_and_column():
    d = team_repo("broken")
    write(d, "maps/return.yaml", BROKEN)
    sh(["git", "add", "-A"], d)
    p = sh(["git", "commit", "-qm", "a broken map"], d, ok=False)
    assert p.returncode != 0, "the commit of a broken journey went through:\n" + p.stdout
    assert "maps/return.yaml:5:" in p.stdout, "no FILE:LINE: in the hook's output:\n" + p.stdout
    assert sh(["git", "rev-list", "--all"], d).stdout.strip() == "", "a commit was made"


@test
def a_map_that_drifted_from_its_journey_stops_the_commit():
    d = team_repo("drift")
    write(d, "maps/bike.yaml", GOOD)
    sh([JMAP, "build", "maps/bike.yaml"], d)
    sh(["git", "add", "-A"], d)
    sh(["git", "commit", "-qm", "a map and its journey"], d)
    svg = os.path.join(d, "maps", "bike.svg")
    before = os.stat(svg)
    # a change elsewhere: the map is left as it was, the commit passes
    write(d, "README.md", "maps\n")
    write(d, "maps/bike.yaml", GOOD)  # saved again, same bytes
    sh(["git", "add", "-A"], d)
    sh(["git", "commit", "-qm", "readme"], d)
    after = os.stat(svg)
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns), "an unchanged map was rewritten"
    # the journey changes, the map is not redrawn: stopped, and the map redrawn
    write(d, "maps/bike.yaml", GOOD.replace("Tries a bike", "Rides a test bike"))
    sh(["git", "add", "maps/bike.yaml"], d)
    p = sh(["git", "commit", "-qm", "renamed a touchpoint"], d, ok=False)
    assert p.returncode != 0, "a journey changed without its map and the commit went through:\n" + p.stdout
    assert "files were modified by this hook" in p.stdout, p.stdout
    with open(svg, encoding="utf-8") as f:
        assert "Rides a test bike" in f.read(), "the map was not redrawn"
    # the redrawn map added: the commit passes
    sh(["git", "add", "-A"], d)
    sh(["git", "commit", "-qm", "renamed a touchpoint, map redrawn"], d)


@test
def other_yaml_files_are_not_journeys():
    d = team_repo("other")
    os.makedirs(os.path.join(d, ".ci"))
    write(d, ".ci/config.yaml", "jobs: [build, test]\n")
    write(d, "journey.yaml", GOOD)
    sh(["git", "add", "-A"], d)
    p = sh(["git", "commit", "-qm", "ci config and a journey"], d, ok=False)
    # journey.yaml is a journey: its map is new, so jmap-build made it; the CI
    # file was never given to jmap
    assert ".ci/config.yaml" not in p.stdout, p.stdout
    assert os.path.exists(os.path.join(d, "journey.svg")), "journey.yaml is not treated as a journey"


if __name__ == "__main__":
    try:
        sys.exit(run_tests())
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
