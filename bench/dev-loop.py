#!/usr/bin/env python3
"""Save -> served with `todoctl dev`, side by side with today's `up`, on a copy of the app's sources (issue #16).

Usage: bench/dev-loop.sh [runs] [target...]   (default: 5 runs; targets local docker)
kubernetes (e.g. the k8s kit: eval "$(scripts/k8s-cluster.sh env)"): the current context of KUBECONFIG, namespace
BENCH_NAMESPACE (default todoctl-bench-dev), images pushed to BENCH_REGISTRY (default 127.0.0.1:5000, the kit's),
web's NodePort BENCH_NODE_PORT (default 30322, so it meets no other release); the api change is then read through
web's proxy (GET <web>/api/v1/auth/me shows the changed error message), as the api has no address of its own.
For each target: starts `todoctl dev --target T` on a fresh copy of sample-app (+ docker/, charts/), waits until it
watches, then `runs` times: appends a marker to web/app.css and times until GET <web>/app.css shows it; changes one
line of the api (the /health answer) and times until GET <api>/health shows it. Then it stops the loop, runs `up` once
and times a one-line api change through `todoctl up` until served. Prints min / median / max per kind.
Needs an installed todoctl (TODOCTL_BIN or on PATH) and, for docker, a Docker engine on this machine.
"""
import json, os, shutil, signal, statistics, subprocess, sys, tempfile, time, urllib.error, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HANDLER = "sample-app/src/main/java/dev/todoctl/app/api/OperationsHandler.java"
AUTH = "sample-app/src/main/java/dev/todoctl/app/auth/Authenticator.java"
CSS = "sample-app/src/main/resources/web/app.css"
LIVE = 'Json.ok(res, Map.of("status", "UP"));'


def get(url):
    try:
        return urllib.request.urlopen(url, timeout=2).read().decode()
    except urllib.error.HTTPError as e:  # an error answer is an answer: /api/v1/auth/me without a token is a 401
        return e.read().decode(errors="replace")
    except Exception:
        return ""


def served(url, marker, limit=180):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if marker in get(url):
            return time.monotonic() - start
        time.sleep(0.02)
    return None


def set_health(src, marker):
    path = os.path.join(src, HANDLER)
    text = open(path).read()
    start = text.index('Json.ok(res, Map.of("status", "UP"')
    end = text.index(");", start) + 2
    with open(path, "w") as f:
        f.write(text[:start] + 'Json.ok(res, Map.of("status", "UP", "bench", "%s"));' % marker + text[end:])


def set_auth_message(src, marker):
    path = os.path.join(src, AUTH)
    text = open(path).read()
    start = text.index('"missing bearer token')
    end = text.index('"', start + 1) + 1
    with open(path, "w") as f:
        f.write(text[:start] + '"missing bearer token (%s)"' % marker + text[end:])


def api_change(src, urls, target, marker):
    """Changes one line of the api; returns the URL whose body shows the marker once it is served."""
    if target == "kubernetes":
        set_auth_message(src, marker)
        return urls["web"] + "/api/v1/auth/me"
    set_health(src, marker)
    return urls["api"] + "/health"


def status(todoctl, work, target):
    if target == "kubernetes":  # web's NodePort on this node, as a browser reaches it (the kit: 127.0.0.1)
        return {"web": "http://%s:%s" % (os.environ.get("BENCH_NODE", "127.0.0.1"), os.environ.get("BENCH_NODE_PORT", "30322"))}
    out = subprocess.run([todoctl, "status", "--target", target, "-o", "json"], cwd=work, capture_output=True, text=True)
    return json.loads(out.stdout)["urls"]


def summary(name, values):
    ok = [v for v in values if v is not None]
    if not ok:
        return "%-28s not served within the limit" % name
    return "%-28s min %6.2f s  median %6.2f s  max %6.2f s  (%d runs%s)" % (
        name, min(ok), statistics.median(ok), max(ok), len(ok),
        "" if len(ok) == len(values) else ", %d not served" % (len(values) - len(ok)))


def bench(todoctl, target, runs):
    work = tempfile.mkdtemp(prefix="todoctl-dev-bench-")
    src = os.path.join(work, "src")
    try:
        os.makedirs(src)
        shutil.copy(os.path.join(ROOT, "pom.xml"), src)
        os.makedirs(os.path.join(src, "sample-app"))
        shutil.copy(os.path.join(ROOT, "sample-app/pom.xml"), os.path.join(src, "sample-app"))
        shutil.copytree(os.path.join(ROOT, "sample-app/src/main"), os.path.join(src, "sample-app/src/main"))
        shutil.copytree(os.path.join(ROOT, "docker"), os.path.join(src, "docker"))
        shutil.copytree(os.path.join(ROOT, "charts"), os.path.join(src, "charts"))
        with open(os.path.join(work, "todoctl.yaml"), "w") as f:
            f.write("release: devbench\nsource-dir: %s\nstate-dir: %s/state\nbuild:\n"
                    "  command: mvn -o -q -B -Dmaven.test.skip=true -f sample-app/pom.xml package\n" % (src, work))
            if target == "kubernetes":
                f.write("  registry: %s\n  push: true\nkubernetes:\n  namespace: %s\ntimeouts:\n  ready: 300s\n" % (
                    os.environ.get("BENCH_REGISTRY", "127.0.0.1:5000"),
                    os.environ.get("BENCH_NAMESPACE", "todoctl-bench-dev")))
                values = os.path.join(src, "charts/todo-chatbot/values.yaml")
                text = open(values).read()
                with open(values, "w") as v:
                    v.write(text.replace("nodePort: 30000", "nodePort: %s" % os.environ.get("BENCH_NODE_PORT", "30322")))
            else:
                f.write("%s: {api-port: 0, web-port: 0}\n" % target)
        env = dict(os.environ, NO_COLOR="1")
        log = open(os.path.join(work, "dev.out"), "w")
        dev = subprocess.Popen([todoctl, "dev", "--target", target], cwd=work, stdout=log, stderr=subprocess.STDOUT,
                               env=env, start_new_session=True)
        start = time.monotonic()
        while "watching" not in open(os.path.join(work, "dev.out")).read():
            if dev.poll() is not None or time.monotonic() - start > 600:
                print(open(os.path.join(work, "dev.out")).read()[-3000:], file=sys.stderr)
                raise SystemExit("todoctl dev --target %s did not start" % target)
            time.sleep(0.2)
        first_up = time.monotonic() - start
        urls = status(todoctl, work, target)
        web, api = [], []
        for i in range(runs):
            with open(os.path.join(src, CSS), "a") as f:
                f.write("\n/* bench-web-%d */\n" % i)
            web.append(served(urls["web"] + "/app.css", "bench-web-%d" % i))
            time.sleep(1)
            api.append(served(api_change(src, urls, target, "dev-%d" % i), "dev-%d" % i))
            time.sleep(2)
        print("target %s (machine: %d cores, load %s)" % (target, os.cpu_count(), open("/proc/loadavg").read().split()[:3]))
        print("  %-28s %.1f s (build, deploy, ready)" % ("dev: first deploy", first_up))
        print("  " + summary("dev: web asset save->served", web))
        print("  " + summary("dev: api one-line change", api), flush=True)
        stop_start = time.monotonic()
        os.killpg(dev.pid, signal.SIGTERM)
        try:
            dev.wait(120)
        except subprocess.TimeoutExpired:
            dump = subprocess.run(["jcmd", str(dev.pid), "Thread.print"], capture_output=True, text=True).stdout
            print(open(os.path.join(work, "dev.out")).read()[-4000:] + "\n" + dump[-20000:], file=sys.stderr)
            os.killpg(dev.pid, signal.SIGKILL)
            raise SystemExit("todoctl dev --target %s did not stop within 120 s of SIGTERM" % target)
        print("  %-28s %.1f s (SIGTERM to exit, release taken down)" % ("dev: stop", time.monotonic() - stop_start))
        subprocess.run([todoctl, "up", "--target", target], cwd=work, capture_output=True, env=env, check=True)
        urls = status(todoctl, work, target)
        url = api_change(src, urls, target, "up-change")
        up_start = time.monotonic()
        subprocess.run([todoctl, "up", "--target", target], cwd=work, capture_output=True, env=env, check=True)
        up_change = served(url, "up-change")
        up_change = None if up_change is None else time.monotonic() - up_start
        reloads = [l for l in open(os.path.join(work, "dev.out")).read().splitlines() if l.startswith(("✓", "✗"))]
        print("  %-28s %s" % ("up: api one-line change", "%.2f s" % up_change if up_change else "not served"))
        for line in reloads[-2:]:
            print("    dev said: " + line)
    finally:
        subprocess.run([todoctl, "down", "--target", target, "--purge"], cwd=work, capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    targets = sys.argv[2:] or ["local", "docker"]
    todoctl = os.environ.get("TODOCTL_BIN") or shutil.which("todoctl")
    if not todoctl:
        raise SystemExit("no todoctl: install it (./install.sh) or set TODOCTL_BIN")
    for t in targets:
        bench(todoctl, t, runs)
