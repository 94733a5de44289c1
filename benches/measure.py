#!/usr/bin/env python3
"""Runs the measurements for benches/run and prints the table."""
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone

ROOT, CORPUS, WORK, REPS, PEER_REPS = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
# PALISADE=path measures another build (a before/after comparison);
# RESULTS=path writes the JSON elsewhere than benches/results/latest.json.
PALISADE = os.environ.get("PALISADE") or os.path.join(ROOT, "target/release/palisade")
RESULTS = os.environ.get("RESULTS") or os.path.join(ROOT, "benches/results/latest.json")
LOAD_BEFORE = os.getloadavg()
FLOOR = os.path.join(ROOT, "target/release/examples/parse_floor")
CHECKOV = os.path.join(WORK, "venv/bin/checkov")
CFN_LINT = os.path.join(WORK, "venv/bin/cfn-lint")
PEERS = not os.environ.get("SKIP_PEERS")


PEER_TIMEOUT = int(os.environ.get("PEER_TIMEOUT", "1800"))
# Corpus files that make Checkov 3.x stop with a traceback (`TypeError:
# unhashable type: 'dict'` in its CloudFormation check registry), exit code 2
# and no report, taking the whole run down with them. Checkov is told to skip
# them (`--skip-path`); Palisade still scans them. (With them, a run over the
# whole corpus hangs: the crashed worker's parent waits on it forever.)
CHECKOV_CRASHES = [
    "aws-cloudformation-templates/CloudFormation/StackSets/common-resources.json",
    "aws-cloudformation-templates/CloudFormation/StackSets/common-resources.yaml",
    "aws-cloudformation-templates/RainModules/bucket.yml",
    "aws-cloudformation-templates/RainModules/static-site.yml",
    "aws-cloudformation-templates/Solutions/GitLab/GitLabServer.json",
    "aws-cloudformation-templates/Solutions/GitLab/GitLabServer.yaml",
    "aws-cloudformation-templates/Solutions/GitLabAndVSCode/GitLabAndVSCode.json",
    "aws-cloudformation-templates/Solutions/GitLabAndVSCode/GitLabAndVSCode.yaml",
    "aws-cloudformation-templates/Solutions/Gitea/Gitea.json",
    "aws-cloudformation-templates/Solutions/Gitea/Gitea.yaml",
    "aws-cloudformation-templates/Solutions/VSCode/VSCodeServer.json",
    "aws-cloudformation-templates/Solutions/VSCode/VSCodeServer.yaml",
]
TIMEOUTS = []


def run(cmd, reps, cwd=None, timeout=None, env=None, ok=None):
    """Median wall seconds and max peak RSS (KiB) over `reps` runs; (None, None)
    when a run exceeds `timeout` seconds (it is killed and recorded) or exits
    with a code outside `ok` (when given; recorded)."""
    walls, rss = [], []
    for _ in range(reps):
        t = time.perf_counter()
        try:
            p = subprocess.run(
                ["/usr/bin/time", "-f", "%M"] + cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                text=True, timeout=timeout, env=dict(os.environ, **(env or {})),
            )
        except subprocess.TimeoutExpired:
            TIMEOUTS.append(f"{os.path.basename(cmd[0])} on {cmd[2] if len(cmd) > 2 else cmd}: killed after {timeout} s")
            return None, None
        if ok is not None and p.returncode not in ok:
            TIMEOUTS.append(f"{os.path.basename(cmd[0])} on {cmd[2] if len(cmd) > 2 else cmd}: failed with exit code {p.returncode}")
            return None, None
        walls.append(time.perf_counter() - t)
        try:
            rss.append(int(p.stderr.strip().splitlines()[-1]))
        except (ValueError, IndexError):
            rss.append(0)
    return statistics.median(walls), max(rss)


def files_and_bytes(path, exts):
    n = b = 0
    for d, dirs, fs in os.walk(path):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        for f in fs:
            if f.endswith(exts):
                n += 1
                b += os.path.getsize(os.path.join(d, f))
    return n, b


def cfn_templates(path):
    out = []
    for d, dirs, fs in os.walk(path):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        for f in fs:
            if f.endswith((".yaml", ".yml", ".json", ".template")):
                p = os.path.join(d, f)
                try:
                    with open(p, errors="replace") as fh:
                        if "AWSTemplateFormatVersion" in fh.read(4096):
                            out.append(p)
                except OSError:
                    pass
    return sorted(out)


targets = [(os.path.basename(d), os.path.join(CORPUS, d)) for d in sorted(os.listdir(CORPUS)) if os.path.isdir(os.path.join(CORPUS, d))]
targets.append(("corpus (all)", CORPUS))
scale = [(f"scale-{n}", os.path.join(WORK, f"scale-{n}")) for n in (1000, 10000, 50000)]

rows = []
exts = (".tf", ".tf.json", ".yaml", ".yml", ".json", ".template")
for name, path in targets + scale:
    files, size = files_and_bytes(path, exts)
    row = {"target": name, "files": files, "bytes": size}
    row["palisade_s"], row["palisade_rss_kib"] = run([PALISADE, "scan", path, "--format", "json", "--output", "/dev/null"], REPS)
    row["floor_s"], row["floor_rss_kib"] = run([FLOOR, path], REPS)
    catfiles = [os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs if f.endswith(exts)]
    row["cat_s"], _ = run(["sh", "-c", 'cat "$@" > /dev/null', "cat"] + catfiles[:20000], REPS)
    if name.startswith("scale-"):
        row["palisade_1t_s"], _ = run([PALISADE, "scan", path, "--threads", "1", "--format", "json", "--output", "/dev/null"], REPS)
    if PEERS and not name.startswith("scale-"):
        skips = []
        for rel in CHECKOV_CRASHES:
            full = os.path.join(CORPUS, rel)
            if os.path.exists(full) and full.startswith(path.rstrip("/") + "/"):
                skips += ["--skip-path", os.path.relpath(full, path)]
        if skips:
            row["checkov_skipped_files"] = len(skips) // 2
        row["checkov_s"], row["checkov_rss_kib"] = run(
            [CHECKOV, "-d", path, "--framework", "terraform", "cloudformation", "--skip-download", "--quiet", "--compact", "-o", "json"] + skips,
            PEER_REPS,
            timeout=PEER_TIMEOUT,
            ok=(0, 1),
        )
        tpls = cfn_templates(path)
        if tpls:
            row["cfn_lint_s"], _ = run([CFN_LINT, "--"] + tpls, PEER_REPS, timeout=PEER_TIMEOUT)
    rows.append(row)
    print(f"measured {name}", file=sys.stderr)
    if name == "scale-50000":
        # The pre-commit case: one changed file in a large repository (its
        # module directory is read as context, as the hook does).
        one = sorted(f for f in catfiles if f.endswith(".tf"))[0]
        r1 = {"target": "scale-50000, 1 file", "files": 1, "bytes": os.path.getsize(one)}
        r1["palisade_s"], r1["palisade_rss_kib"] = run([PALISADE, "scan", one, "--format", "json", "--output", "/dev/null"], max(REPS, 5))
        r1["floor_s"], r1["floor_rss_kib"] = run([FLOOR, one], max(REPS, 5))
        r1["cat_s"], _ = run(["cat", one], max(REPS, 5))
        rows.append(r1)


def fmt(v, unit=""):
    return "-" if v is None else (f"{v:.3f}{unit}" if isinstance(v, float) else str(v))


hdr = ["target", "files", "MB", "palisade s", "RSS MB", "RSS limit", "files/s", "MB/s", "floor s", "cat s", "1-thread s", "checkov s", "cfn-lint s", "checkov/pal", "pal/floor"]
lines = [hdr]
for r in rows:
    mb = r["bytes"] / 1e6
    lines.append([
        r["target"], str(r["files"]), f"{mb:.1f}", fmt(r["palisade_s"]), f"{r['palisade_rss_kib'] / 1024:.0f}",
        f"{10 * mb + 50:.0f}",
        f"{r['files'] / r['palisade_s']:.0f}", f"{mb / r['palisade_s']:.1f}", fmt(r["floor_s"]), fmt(r["cat_s"]),
        fmt(r.get("palisade_1t_s")), fmt(r.get("checkov_s")), fmt(r.get("cfn_lint_s")),
        f"{r['checkov_s'] / r['palisade_s']:.0f}x" if r.get("checkov_s") else "-",
        f"{r['palisade_s'] / r['floor_s']:.2f}x",
    ])
widths = [max(len(l[i]) for l in lines) for i in range(len(hdr))]
for t in TIMEOUTS:
    print("peer run not measured:", t)
print("RSS limit: the target peak memory, 10 x the bytes scanned + 50 MB. pal/floor: Palisade over its parse-only floor.")
if any(r.get("checkov_skipped_files") for r in rows):
    print(f"Checkov skips the {len(CHECKOV_CRASHES)} corpus files it crashes on (see CHECKOV_CRASHES); Palisade scans them.")
for l in lines:
    print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(l, widths))))

machine = {
    "cpus": os.cpu_count(),
    "platform": platform.platform(),
    "python": platform.python_version(),
    "loadavg_before": [round(x, 2) for x in LOAD_BEFORE],
}
if os.environ.get("BENCH_NOTE"):
    machine["note"] = os.environ["BENCH_NOTE"]
try:
    machine["checkov"] = subprocess.run([CHECKOV, "--version"], capture_output=True, text=True).stdout.strip()
except OSError:
    pass
out = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "reps": REPS, "machine": machine, "rows": rows, "timeouts": TIMEOUTS}
with open(RESULTS, "w") as fh:
    json.dump(out, fh, indent=2)
    fh.write("\n")
