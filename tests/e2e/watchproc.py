"""A running `jmap watch` for the end-to-end tests: started with its
arguments, its standard error collected line by line in a thread, its page's
address read from standard output (with --serve), stopped by a signal.

    with Watch(jmap, ["watch", "m.yaml", "--serve", "0"]) as w:
        w.url, w.port
        w.wait_err("built")
        w.stop()             # SIGINT; returns the exit status
"""
import os
import signal
import subprocess
import threading
import time


def save(path, text, how="rename"):
    """Saves text to path as an editor would: written beside and renamed over
    (vim, VS Code, gedit), or written in place (nano, echo >)."""
    data = text.encode() if isinstance(text, str) else text
    if how == "rename":
        tmp = os.path.join(os.path.dirname(path) or ".", "." + os.path.basename(path) + ".tmp~")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    else:
        with open(path, "wb") as f:
            f.write(data)


class Watch:
    def __init__(self, jmap, args, env=None, cwd=None, serving=None):
        self.args = [jmap] + list(args)
        self.env = env
        self.cwd = cwd
        self.serving = ("--serve" in args or any(a.startswith("--serve=") for a in args)) if serving is None \
            else serving
        self.err_lines = []
        self.lock = threading.Condition()
        self.url = None
        self.port = None
        self.status = None

    def __enter__(self):
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env,
                                     cwd=self.cwd)
        self.reader = threading.Thread(target=self._read_err, daemon=True)
        self.reader.start()
        if self.serving:
            line = self.proc.stdout.readline().decode()
            if not line.startswith("http://"):
                self.stop()
                raise AssertionError(f"no address on standard output: {line!r}; stderr: {self.err()}")
            self.url = line.strip()
            self.port = int(self.url.rstrip("/").rsplit(":", 1)[1])
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.stop()

    def _read_err(self):
        for raw in self.proc.stderr:
            with self.lock:
                self.err_lines.append(raw.decode(errors="replace"))
                self.lock.notify_all()
        with self.lock:
            self.lock.notify_all()

    def err(self, since=0):
        with self.lock:
            return "".join(self.err_lines[since:])

    def mark(self):
        with self.lock:
            return len(self.err_lines)

    def wait_err(self, needle, since=0, timeout=10.0):
        """Waits for a line holding needle on standard error (after line
        `since`); returns the seconds it took, or None."""
        start = time.time()
        with self.lock:
            while True:
                if any(needle in l for l in self.err_lines[since:]):
                    return time.time() - start
                left = timeout - (time.time() - start)
                if left <= 0 or (self.proc.poll() is not None and not self.reader.is_alive()):
                    return None
                self.lock.wait(min(left, 0.05))

    def stop(self, sig=signal.SIGINT, timeout=10.0):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.status = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self.status = "hung"
        self.reader.join(timeout=5)
        self.proc.stdout.close()
        return self.status
