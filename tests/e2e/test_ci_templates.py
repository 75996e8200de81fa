"""The CI templates in examples/ci/ (docs/ci-templates.md), run offline: the
shell steps of the GitHub Actions workflow and of the GitLab CI jobs are taken
from the files as a user copies them and run by bash the way each runner runs
them (bash -eo pipefail), in a scratch repository with a base commit and a
change on top, with the jmap under test on PATH. Only what needs the network
is left out: installing the .deb (docs/install.md; tests/package/deb.sh tests
that) and the `uses:` actions of GitHub.

- the check step passes on good maps and fails on a broken one, reporting it
  at its file and line (a GitHub annotation; a GitLab code-quality entry);
- the build step draws every map;
- the diff step draws a diff map of each journey the change modified, and
  none of the others;
- GitLab's pages job publishes the maps into public/."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from harness import Skip, run_tests, test

try:
    import yaml
except ImportError:
    yaml = None

JMAP = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("JMAP_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
CI = os.path.join(SOURCE, "examples", "ci")
TMP = tempfile.mkdtemp(prefix="jmap-ci-")

MAP = """title: %s
stages:
  - name: Choose
    touchpoints:
      - {name: Reads reviews, channel: web, emotion: %d}
      - {name: Tries it, channel: store, emotion: 4}
"""
BROKEN = MAP.replace("emotion: 4", "emotion: 9")  # line 6: out of the scale


def env(extra=None):
    e = dict(os.environ, PATH=os.path.dirname(JMAP) + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
             GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@localhost", GIT_COMMITTER_NAME="t",
             GIT_COMMITTER_EMAIL="t@localhost", GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    e.pop("JMAP", None)
    e.update(extra or {})
    return e


def git(d, *args):
    return subprocess.run(["git"] + list(args), cwd=d, env=env(), check=True, stdout=subprocess.PIPE,
                          text=True).stdout.strip()


def repo(name, broken=False):
    """maps/bike.yaml and maps/car.yaml committed (the base), then bike.yaml
    changed (and, if broken, maps/van.yaml added with an error) on top."""
    d = os.path.join(TMP, name)
    os.makedirs(os.path.join(d, "maps"))
    git(d, "init", "-q", "-b", "main")
    for stem, score in (("bike", 3), ("car", 2)):
        with open(os.path.join(d, "maps", stem + ".yaml"), "w") as f:
            f.write(MAP % (stem, score))
    git(d, "add", "-A")
    git(d, "commit", "-qm", "base")
    base = git(d, "rev-parse", "HEAD")
    with open(os.path.join(d, "maps", "bike.yaml"), "w") as f:
        f.write(MAP % ("bike", 5))
    if broken:
        with open(os.path.join(d, "maps", "van.yaml"), "w") as f:
            f.write(BROKEN % ("van", 3))
    git(d, "add", "-A")
    git(d, "commit", "-qm", "change")
    return d, base


def bash(script, d, extra):
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=d,
                          env=env(extra), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)


def load(name):
    if yaml is None:
        raise Skip("python3-yaml is not installed")
    with open(os.path.join(CI, name), encoding="utf-8") as f:
        return yaml.safe_load(f)


# ---- GitHub Actions ----

def github(d, base, event="pull_request"):
    """Runs the workflow's `run:` steps (all but the install) in d; returns
    {step name: completed process}; stops at the first failing step."""
    wf = load("github-workflow.yml")
    job = wf["jobs"]["maps"]
    context = {"github.event_name": event, "github.event.pull_request.base.sha": base}

    def expr(v):
        return re.sub(r"\$\{\{\s*([^}]*?)\s*\}\}", lambda m: context.get(m.group(1), ""), str(v))
    results = {}
    for step in job["steps"]:
        if "run" not in step or step.get("name") == "Install jmap":
            continue
        cond = step.get("if")
        if cond:
            m = re.fullmatch(r"github\.event_name == '(\w+)'", cond.strip())
            assert m, "a condition the test cannot read: " + cond
            if m.group(1) != event:
                continue
        extra = {k: expr(v) for k, v in dict(job.get("env", {}), **step.get("env", {})).items()}
        p = bash(step["run"], d, extra)
        results[step["name"]] = p
        if p.returncode != 0:
            break
    return results


@test
def github_checks_builds_and_diffs_a_pull_request():
    d, base = repo("gh")
    r = github(d, base)
    for name, p in r.items():
        assert p.returncode == 0, "%s failed:\n%s" % (name, p.stdout)
    assert sorted(os.listdir(os.path.join(d, "out"))) == ["bike.svg", "car.svg", "diff"], os.listdir(os.path.join(d, "out"))
    assert os.listdir(os.path.join(d, "out", "diff")) == ["bike-diff.png"], "the diff maps: %s" % os.listdir(
        os.path.join(d, "out", "diff"))
    with open(os.path.join(d, "out", "diff", "bike-diff.png"), "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


@test
def github_reports_a_broken_map_as_an_annotation_at_its_line():
    d, base = repo("gh-broken", broken=True)
    r = github(d, base, event="push")
    p = r["Check every map"]
    assert p.returncode != 0, "a broken map passed the check:\n" + p.stdout
    assert re.search(r"^::error file=maps/van\.yaml,line=6,col=\d+::", p.stdout, re.M), p.stdout
    assert "Build the maps" not in r, "the build ran after a failed check"


# ---- GitLab CI ----

def gitlab(d, base, job, pipeline="merge_request_event"):
    spec = load("gitlab-ci.yml")[job]
    rules = spec.get("rules", [])
    extra = dict(load("gitlab-ci.yml").get("variables", {}), CI_PIPELINE_SOURCE=pipeline,
                 CI_MERGE_REQUEST_DIFF_BASE_SHA=base, CI_COMMIT_BRANCH="main", CI_DEFAULT_BRANCH="main")
    for rule in rules:
        cond = rule["if"]
        m = re.fullmatch(r"\$(\w+) == (?:\"([^\"]*)\"|\$(\w+))", cond.strip())
        assert m, "a rule the test cannot read: " + cond
        want = m.group(2) if m.group(2) is not None else extra.get(m.group(3))
        if extra.get(m.group(1)) != want:
            return None
    return bash("\n".join(spec["script"]), d, {k: str(v) for k, v in extra.items()})


@test
def gitlab_checks_builds_diffs_and_publishes():
    d, base = repo("gl")
    for job in ("check", "maps", "diff"):
        p = gitlab(d, base, job)
        assert p is not None and p.returncode == 0, "%s failed:\n%s" % (job, p and p.stdout)
    assert sorted(os.listdir(os.path.join(d, "out"))) == ["bike.svg", "car.svg"]
    assert os.listdir(os.path.join(d, "diff")) == ["bike-diff.png"], os.listdir(os.path.join(d, "diff"))
    with open(os.path.join(d, "gl-code-quality-report.json")) as f:
        assert json.load(f) == []
    assert gitlab(d, base, "pages", pipeline="push").returncode == 0
    assert sorted(os.listdir(os.path.join(d, "public"))) == ["bike.svg", "car.svg"]


@test
def gitlab_reports_a_broken_map_in_the_code_quality_report():
    d, base = repo("gl-broken", broken=True)
    assert gitlab(d, base, "diff", pipeline="push") is None, "the diff job ran outside a merge request"
    p = gitlab(d, base, "check", pipeline="push")
    assert p.returncode != 0, "a broken map passed the check:\n" + p.stdout
    with open(os.path.join(d, "gl-code-quality-report.json")) as f:
        report = json.load(f)
    assert [(e["location"]["path"], e["location"]["lines"]["begin"], e["severity"]) for e in report] == [
        ("maps/van.yaml", 6, "major")], report


if __name__ == "__main__":
    try:
        sys.exit(run_tests())
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
