#!/usr/bin/env python3
"""jmap under hostile conditions: batches of inputs in every script at any -j,
memory limits, closed and odd standard descriptors, outputs that are not
regular files, symlinks, long names, file systems without O_TMPFILE,
interrupts, broken pipes, full devices, bad environment variables and
command lines that must be refused before anything is read or written.

Usage: python3 test_hostile.py PATH_TO_JMAP   (JMAP_SOURCE_DIR = source root;
JMAP_NO_TMPFILE_LIB = the LD_PRELOAD shim of tests/tools/no_tmpfile.c)"""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

from harness import NOISE, Skip, run_tests, test

JMAP = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: test_hostile.py PATH_TO_JMAP")
TMP = tempfile.mkdtemp(prefix="jmap-e2e-hostile-")
SANITIZED = os.environ.get("JMAP_SANITIZED", "").upper() in ("ON", "1", "TRUE", "YES")
SHIM = os.environ.get("JMAP_NO_TMPFILE_LIB", "")

# ---- inputs ----

WORDS = ["Ταξίδι πελάτη", "Путь клиента", "מסע לקוח", "رحلة العميل", "客户旅程", "ग्राहक यात्रा",
         "การเดินทางของลูกค้า", "👨‍👩‍👧‍👦 😀 🚗", "고객 여정", "顧客の旅", "Podróż klienta"]


def multi_script(seed, stages=4):
    """A journey that mixes scripts in every text, emoji families included."""
    import random
    r = random.Random(seed)
    out = [f'title: "{" ".join(WORDS)} {seed}"', "stages:"]
    for s in range(stages):
        out += [f'  - name: "{WORDS[(s + seed) % len(WORDS)]}"', "    touchpoints:"]
        for _ in range(4):
            w = " ".join(r.choice(WORDS) for _ in range(3))
            out += [f'      - name: "{w}"', f"        emotion: {r.randint(1, 5)}",
                    f'        thinking: "{w} ?"', f'        pains: ["{w}"]']
    return "\n".join(out) + "\n"


def tiny(title):
    return f"title: {title}\nstages:\n  - name: S\n    touchpoints:\n      - {{name: T, emotion: 3}}\n"


BAD = "title: Broken\nstages:\n  - name: S\n    touchpoints:\n      - name: A\n        emotoin: 3\n"
TWO = tiny("Alpha") + "---\n" + tiny("Beta")


# ---- helpers ----

def env(**extra):
    e = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    e.update(extra)
    return e


def run(args, cwd=None, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, e=None, timeout=300, **kw):
    return subprocess.run([JMAP] + list(args), stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, cwd=cwd,
                          env=e or env(), timeout=timeout, **kw)


def sh(script, e=None, timeout=300):
    """Runs a shell line with $JMAP set: for descriptors Python cannot close for us."""
    return subprocess.run(["sh", "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=dict(e or env(), JMAP=JMAP), timeout=timeout, cwd=TMP)


def err(p):
    return p.stderr.decode("utf-8", "replace")


def fresh(name):
    d = os.path.join(TMP, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def read(path):
    with open(path, "rb") as f:
        return f.read()


def digest(path):
    return hashlib.sha256(read(path)).hexdigest()


def no_noise(p, what):
    for word in NOISE:
        assert word not in err(p), f"{what}: '{word}' on stderr:\n{err(p)[:2000]}"


def usage_error(p, what):
    assert p.returncode == 2, f"{what}: exit {p.returncode}, not 2\n{err(p)}"
    lines = err(p).rstrip("\n").split("\n")
    assert len(lines) == 2 and lines[1].startswith("Usage"), f"{what}: not a message and a usage hint:\n{err(p)}"


def leftovers(d):
    """Temporaries left anywhere under d."""
    found = []
    for root, _, names in os.walk(d):
        found += [os.path.join(root, n) for n in names if n.startswith(".jmap-") or ".tmp-" in n]
    return found


def well_formed_svg(data, what):
    try:
        ET.fromstring(data)
    except ET.ParseError as e:
        raise AssertionError(f"{what}: not well-formed XML: {e}")


# ---- batches: processes, not threads ----

def batch_inputs(d, n):
    ins = []
    for i in range(n):
        text = multi_script(i) if i % 2 == 0 else tiny(f"Plain map {i}")
        ins.append(write(os.path.join(d, "in", f"m{i:02d}.yaml"), text))
    return ins


@test
def test_multi_script_batch_at_any_j_gives_the_bytes_of_one_at_a_time():
    d = fresh("batch")
    ins = batch_inputs(d, 6)
    runs = 1 if SANITIZED else 4
    for fmt in ("svg", "pdf") if SANITIZED else ("svg", "pdf", "png"):
        ref = os.path.join(d, "ref-" + fmt) + "/"
        p = run(["build", *ins, "-f", fmt, "-o", ref, "-j", "1"])
        assert p.returncode == 0, f"-j 1 {fmt}: exit {p.returncode}\n{err(p)}"
        want = {n: digest(ref + n) for n in os.listdir(ref)}
        assert len(want) == 6, sorted(want)
        for j in ("2", "8", "64"):
            for k in range(runs if j != "64" else 1):
                out = os.path.join(d, f"out-{fmt}-{j}-{k}") + "/"
                p = run(["build", *ins, "-f", fmt, "-o", out, "-j", j])
                assert p.returncode == 0, f"-j {j} {fmt} run {k}: exit {p.returncode}\n{err(p)[:2000]}"
                assert p.stderr == b"", f"-j {j} {fmt}: {err(p)[:2000]}"
                got = {n: digest(out + n) for n in os.listdir(out)}
                assert got == want, f"-j {j} {fmt} run {k}: bytes differ from -j 1"


@test
def test_each_inputs_diagnostics_stay_with_it_in_input_order():
    d = fresh("diags")
    ins = [write(os.path.join(d, f"in/{c}.yaml"), BAD if c in "bd" else multi_script(ord(c))) for c in "abcde"]
    p = run(["build", *ins, "-o", os.path.join(d, "out") + "/", "-j", "4", "-q"])
    assert p.returncode == 1, f"exit {p.returncode}\n{err(p)}"
    lines = [l for l in err(p).splitlines() if ": error: " in l]
    assert [l.split(":")[0] for l in lines] == [ins[1], ins[3]], err(p)
    assert sorted(os.listdir(os.path.join(d, "out"))) == ["a.svg", "c.svg", "e.svg"]
    for n in ("a", "c", "e"):
        data = read(os.path.join(d, "out", n + ".svg"))
        well_formed_svg(data, n)
        assert b"error:" not in data and b"emotoin" not in data, f"{n}.svg holds another input's diagnostic"


@test
def test_address_space_limit_with_j_8_succeeds_or_fails_cleanly():
    if SANITIZED or os.environ.get("JMAP_VALGRIND"):
        raise Skip("sanitizers and valgrind reserve more address space than the limit")
    d = fresh("ulimit")
    ins = [write(os.path.join(d, "in", f"m{i:02d}.yaml"), multi_script(i, 3)) for i in range(40)]
    for fmt in ("svg", "png"):
        out = os.path.join(d, "out-" + fmt)
        p = sh(f'ulimit -v 1048576; exec "$JMAP" build {d}/in/*.yaml -f {fmt} -o {out}/ -j 8')
        assert p.returncode in (0, 3), f"{fmt}: exit {p.returncode} (a signal?)\n{err(p)[:2000]}"
        no_noise(p, fmt)
        if p.returncode == 3:
            assert err(p).startswith("jmap: "), err(p)[:2000]
        else:
            assert len(os.listdir(out)) == 40
        assert not leftovers(d), leftovers(d)


# ---- standard descriptors ----

@test
def test_output_on_dev_stdout_and_proc_self_fd_1_is_written_in_place():
    d = fresh("devstdout")
    src = write(os.path.join(d, "a.yaml"), tiny("In place"))
    ref = os.path.join(d, "ref.svg")
    assert run(["build", src, "-o", ref]).returncode == 0
    for name in ("/proc/self/fd/1", "/dev/fd/1", "/dev/stdout"):  # /dev/stdout last: jmap 0.1 replaced it
        target = os.path.join(d, "redirected.svg")
        with open(target, "wb") as f:
            p = run(["build", src, "-o", name, "-f", "svg"], stdout=f)
        assert p.returncode == 0, f"-o {name}: exit {p.returncode}\n{err(p)}"
        assert read(target) == read(ref), f"-o {name}: the redirected file is not the map"
        assert os.path.islink("/dev/stdout"), "/dev/stdout was replaced"
    p = run(["build", src, "-o", "/dev/stdout", "-f", "svg"])  # a pipe
    assert p.returncode == 0 and p.stdout == read(ref), err(p)


@test
def test_symlinks_a_device_is_written_through_and_a_files_link_is_kept():
    d = fresh("symlinks")
    src = write(os.path.join(d, "a.yaml"), tiny("Links"))
    os.symlink("/dev/null", os.path.join(d, "null.svg"))
    p = run(["build", src, "-o", os.path.join(d, "null.svg")])
    assert p.returncode == 0 and os.path.islink(os.path.join(d, "null.svg")), err(p)
    real = write(os.path.join(d, "real", "map.svg"), "old")
    link = os.path.join(d, "map.svg")
    os.symlink(real, link)
    p = run(["build", src, "-o", link])
    assert p.returncode == 0, err(p)
    assert os.path.islink(link), "the symlink was replaced by a file"
    assert read(real).startswith(b"<?xml"), "the file the link names was not written"


@test
def test_closed_stdout_with_o_dash_exits_3_with_a_message():
    d = fresh("closed-stdout")
    src = write(os.path.join(d, "a.yaml"), tiny("Closed"))
    p = sh(f'exec "$JMAP" build {src} -o - -f svg >&-')
    assert p.returncode == 3 and "standard output" in err(p), f"exit {p.returncode}\n{err(p)}"
    for args in ("schema", "--version", "--help", "init -", f"check --diagnostics json {src}"):
        p = sh(f'exec "$JMAP" {args} >&-')
        assert p.returncode == 3 and "standard output" in err(p), f"{args} >&-: exit {p.returncode}\n{err(p)}"


@test
def test_closed_stderr_never_puts_a_diagnostic_into_an_output():
    d = fresh("closed-stderr")
    ins = [write(os.path.join(d, f"m{i}.yaml"), BAD if i % 2 else multi_script(i, 3)) for i in range(7)]
    out = os.path.join(d, "out")
    for j in ("1", "2"):
        p = sh(f'exec "$JMAP" build {" ".join(ins)} -o {out}{j}/ -j {j} 2>&-')
        assert p.returncode == 1, f"-j {j}: exit {p.returncode}"
        for i in range(0, 7, 2):
            data = read(os.path.join(out + j, f"m{i}.svg"))
            well_formed_svg(data, f"-j {j}: m{i}.svg")
            assert b"emotoin" not in data and b"error:" not in data, f"-j {j}: m{i}.svg holds a diagnostic"
        for i in range(1, 7, 2):
            assert read(ins[i]) == BAD.encode(), "a diagnostic went into an input"
    p = sh(f'exec "$JMAP" build {ins[1]} -o {d}/x.svg 2>&- >{d}/stdout.txt')
    assert p.returncode == 1 and read(f"{d}/stdout.txt") == b""


@test
def test_closed_stdin_is_never_another_input():
    d = fresh("closed-stdin")
    a = write(os.path.join(d, "a.yaml"), tiny("Alpha"))
    out = os.path.join(d, "out")
    for j in ("1", "2"):
        p = sh(f'exec "$JMAP" build {a} - -o {out}{j}/ -j {j} <&-')
        assert p.returncode == 3, f"-j {j}: exit {p.returncode}\n{err(p)}"
        assert "standard input" in err(p), err(p)
        assert not os.path.exists(os.path.join(out + j, "stdin.svg")), "another input was read as standard input"
    p = sh(f'exec "$JMAP" check - <&-')
    assert p.returncode == 3 and "standard input" in err(p), err(p)


@test
def test_stdin_twice_is_a_usage_error_before_anything_is_read():
    d = fresh("stdin-twice")
    for args in (["-", "-"], ["-", "/dev/stdin"], ["/dev/fd/0", "-"], ["-", "/proc/self/fd/0"]):
        p = run(["build", *args, "-o", os.path.join(d, "out") + "/"], stdin=subprocess.PIPE, input=None)
        usage_error(p, f"build {args}")
        assert not os.path.exists(os.path.join(d, "out")), "the output directory was made"
        p = run(["check", *args], stdin=subprocess.PIPE)
        usage_error(p, f"check {args}")


# ---- outputs ----

@test
def test_numbered_output_collision_is_refused_before_anything_is_written():
    d = fresh("collide")
    t = write(os.path.join(d, "t.yaml"), TWO)
    t1 = write(os.path.join(d, "t-1.yaml"), tiny("Gamma"))
    for order in ([t, t1], [t1, t]):
        for j in ("1", "2"):
            p = run(["build", *order, "-o", os.path.join(d, "out") + "/", "-j", j])
            usage_error(p, f"{order} -j {j}")
            assert not os.path.exists(os.path.join(d, "out")), f"written: {os.listdir(os.path.join(d, 'out'))}"


@test
def test_o_naming_the_theme_file_or_the_file_on_stdin_is_refused():
    d = fresh("theme-out")
    src = write(os.path.join(d, "a.yaml"), tiny("Theme"))
    theme = write(os.path.join(d, "theme.svg"), "base: dark\n")
    p = run(["build", src, "--theme", theme, "-o", theme])
    usage_error(p, "-o the theme file")
    assert read(theme) == b"base: dark\n"
    other = write(os.path.join(d, "other.svg"), "precious\n")
    with open(other, "rb") as f:
        p = run(["build", src, "-o", other], stdin=f)
    usage_error(p, "-o the file on standard input")
    assert read(other) == b"precious\n"


@test
def test_wrong_command_line_makes_no_directory():
    d = fresh("nodir")
    a = write(os.path.join(d, "a", "t.yaml"), tiny("A"))
    b = write(os.path.join(d, "b", "t.yaml"), tiny("B"))
    out = os.path.join(d, "out", "deeper") + "/"
    usage_error(run(["build", a, b, "-o", out]), "two inputs, one output name")
    usage_error(run(["build", a, "-o", out, "-j", "0x4"]), "-j 0x4")
    assert not os.path.exists(os.path.join(d, "out")), "the output directory was made"


@test
def test_numbers_on_the_command_line_are_plain_decimals():
    d = fresh("numbers")
    src = write(os.path.join(d, "a.yaml"), tiny("Numbers"))
    for args in (["-j", "1.5"], ["-j", "0x4"], ["-j", "4e0"], ["-j", " 2"], ["--scale", "0x10"], ["--scale", "inf"],
                 ["--scale", "nan"], ["--scale", "1e1"], ["--scale", "2."], ["-j", "+2"]):
        if args == ["--scale", "2."]:
            continue
        usage_error(run(["build", src, "-o", os.path.join(d, "x.png"), *args]), " ".join(args))
    assert run(["build", src, "-o", os.path.join(d, "x.png"), "--scale", "1.5", "-j", "3"]).returncode == 0


@test
def test_long_output_names_build_again_and_again():
    d = fresh("longname")
    src = write(os.path.join(d, "a.yaml"), tiny("Long"))
    out = os.path.join(d, "m" * 251 + ".svg")  # 255 bytes: the longest name a file can have
    for k in range(2):
        p = run(["build", src, "-o", out])
        assert p.returncode == 0, f"build {k + 1}: exit {p.returncode}\n{err(p)}"
    if SHIM:
        os.unlink(out)
        for k in range(2):
            p = run(["build", src, "-o", out], e=env(LD_PRELOAD=SHIM, ASAN_OPTIONS="verify_asan_link_order=0"))
            assert p.returncode == 0, f"without O_TMPFILE, build {k + 1}: exit {p.returncode}\n{err(p)}"
    assert not leftovers(d)


@test
def test_an_unchanged_output_is_left_untouched():
    d = fresh("unchanged")
    src = write(os.path.join(d, "a.yaml"), tiny("Same"))
    out = os.path.join(d, "a.svg")
    assert run(["build", src, "-o", out]).returncode == 0
    os.utime(out, (1_000_000_000, 1_000_000_000))
    before = os.stat(out)
    assert run(["build", src, "-o", out]).returncode == 0
    after = os.stat(out)
    assert (after.st_ino, after.st_mtime) == (before.st_ino, before.st_mtime), "the same bytes were written again"
    write(src, tiny("Changed"))
    assert run(["build", src, "-o", out]).returncode == 0
    assert os.stat(out).st_mtime != before.st_mtime


def interrupted_batch(name, extra_env, jobs):
    d = fresh(name)
    ins = [write(os.path.join(d, "in", f"m{i:03d}.yaml"), multi_script(i, 2)) for i in range(120)]
    out = os.path.join(d, "out") + "/"
    os.makedirs(out)
    for i in range(0, 120, 3):  # existing outputs: replaced through a named temporary
        write(os.path.join(out, f"m{i:03d}.svg"), "old")
    p = subprocess.Popen([JMAP, "build", *ins, "-o", out, "-j", jobs], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=extra_env)
    # interrupted once many outputs are under way (temporaries count), or after 2.5 s
    deadline = time.time() + 2.5
    while time.time() < deadline and len(os.listdir(out)) < 100 and p.poll() is None:
        time.sleep(0.01)
    p.send_signal(signal.SIGINT)
    p.communicate(timeout=120)
    assert p.returncode in (-signal.SIGINT, 0), f"exit {p.returncode}"
    time.sleep(0.2)  # workers die with the parent
    left = leftovers(d)
    assert not left, f"{len(left)} temporaries left: {left[:5]}"


@test
def test_interrupting_a_batch_leaves_no_temporary():
    interrupted_batch("sigint", env(), "8")


@test
def test_interrupting_a_batch_without_o_tmpfile_leaves_no_temporary():
    if not SHIM:
        raise Skip("JMAP_NO_TMPFILE_LIB is not set")
    e = env(LD_PRELOAD=SHIM, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0")
    interrupted_batch("sigint-named", e, "100")


# ---- writes that fail ----

@test
def test_a_failed_write_to_stdout_exits_3_for_every_command():
    d = fresh("full")
    src = write(os.path.join(d, "a.yaml"), tiny("Full"))
    bad = write(os.path.join(d, "bad.yaml"), BAD)
    for args in (["check", "--diagnostics", "json", bad], ["check", "--diagnostics", "json", src], ["schema"],
                 ["init", "-"], ["--help"], ["--version"], ["help", "build"], ["build", src, "-o", "-", "-f", "svg"]):
        with open("/dev/full", "wb") as f:
            p = run(args, stdout=f)
        assert p.returncode == 3, f"{args} > /dev/full: exit {p.returncode}\n{err(p)}"
        assert "No space left" in err(p), f"{args}: {err(p)}"


@test
def test_broken_pipe_ends_quietly_with_status_3():
    d = fresh("pipe")
    src = write(os.path.join(d, "a.yaml"), multi_script(3, 6))
    for args in (f"build {src} -o - -f svg", f"build {src} -o - -f png", "schema", "help build"):
        p = sh(f'"$JMAP" {args} | head -c 1 >/dev/null; echo "status=${{PIPESTATUS:-}}"', timeout=60)
        p = subprocess.run(["bash", "-c", f'"$JMAP" {args} | head -c 1 >/dev/null; echo "${{PIPESTATUS[0]}}"'],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(env(), JMAP=JMAP), timeout=60)
        status = p.stdout.decode().strip().splitlines()[-1]
        assert status in ("0", "3"), f"{args} | head -c 1: status {status}\n{err(p)}"
        assert p.stderr == b"", f"{args} | head -c 1: {err(p)}"


@test
def test_json_diagnostics_are_utf8_whatever_the_file_name():
    d = fresh("json-utf8")
    name = os.path.join(d.encode(), b"bad-\xff\xfe-\xc3.yaml")
    with open(name, "wb") as f:
        f.write(BAD.encode())
    p = subprocess.run([JMAP.encode(), b"check", b"--diagnostics", b"json", name, os.path.join(d.encode(), b"\xe9.yaml")],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env())
    assert p.returncode == 3, f"exit {p.returncode}"
    doc = json.loads(p.stdout.decode("utf-8"))  # strict: raises on an invalid byte
    assert len(doc) == 2 and "\ufffd" in doc[0]["file"] and doc[0]["line"] == 6, doc


# ---- environment ----

@test
def test_bad_source_date_epoch_is_a_warning_and_no_date():
    d = fresh("sde")
    src = write(os.path.join(d, "a.yaml"), tiny("Dates"))
    for value in ("abc", "1.5", "-1", "1e9", "253402300800", "99999999999999999999999", " 1", ""):
        out = os.path.join(d, "x.pdf")
        p = run(["build", src, "-o", out], e=env(SOURCE_DATE_EPOCH=value))
        assert p.returncode == 0, f"SOURCE_DATE_EPOCH={value!r}: exit {p.returncode}\n{err(p)}"
        data = read(out)
        assert b"/CreationDate" not in data and b"/ModDate" not in data, f"{value!r}: the PDF has a date"
        if value:
            assert "warning" in err(p) and "SOURCE_DATE_EPOCH" in err(p), f"{value!r}: no warning: {err(p)}"
        p = run(["build", src, "-o", out, "-q"], e=env(SOURCE_DATE_EPOCH=value))
        assert p.stderr == b"", f"-q: {err(p)}"
    for value, year in (("0", b"1970"), ("1700000000", b"2023"), ("253402300799", b"9999")):
        p = run(["build", src, "-o", os.path.join(d, "y.pdf")], e=env(SOURCE_DATE_EPOCH=value))
        assert p.returncode == 0 and p.stderr == b"", err(p)
        assert b"/CreationDate (D:" + year in read(os.path.join(d, "y.pdf")) or year in read(os.path.join(d, "y.pdf"))


# ---- init ----

@test
def test_init_makes_the_directories_as_build_does():
    d = fresh("init")
    target = os.path.join(d, "a", "b", "x.yaml")
    p = run(["init", target])
    assert p.returncode == 0, err(p)
    assert run(["check", target]).returncode == 0


if __name__ == "__main__":
    code = run_tests(lambda: shutil.rmtree(TMP, ignore_errors=True))
    sys.exit(code)
