#!/usr/bin/env bash
# jmap benchmark, run by hand (not part of the test suite).
#
#   tests/bench/run.sh            build a release jmap, measure, write docs/performance.md
#   tests/bench/run.sh --setup    first install the tools (apt-get: hyperfine, graphviz,
#                                 valgrind, chromium, time; npm: mermaid-cli into tests/bench/node_modules)
#   tests/bench/run.sh --full     also time the batch of 200 maps in PDF and PNG, not only SVG
#                                 (about 5 more minutes on 2 idle cores)
#   tests/bench/run.sh --quick    3 runs a case instead of 10, for trying the script out
#
# Wall times come from hyperfine, instructions from callgrind (the whole process),
# peak memory from GNU time (%M). Everything it makes goes to tests/bench/work/
# (ignored by git); the report goes to docs/performance.md.
# Environment: BENCH_RUNS (runs per case, default 10), BENCH_BUDGET (seconds of
# timed runs a slow case may take before its run count is cut, default 45),
# BENCH_SIZES (default "10 typical 100 1000 10000"), BENCH_LEAN (default
# "1000 10000"), BENCH_BATCH (maps in the batch, default 200): the last three
# only to try the script out quickly.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$ROOT/build-bench
WORK=$HERE/work
IN=$WORK/in
OUT=$WORK/out
RES=$WORK/res
JMAP=$BUILD/jmap
MMDC=$HERE/node_modules/.bin/mmdc
SETUP=0 FULL=0 QUICK=0
for a in "$@"; do
    case $a in
    --setup) SETUP=1 ;;
    --full) FULL=1 ;;
    --quick) QUICK=1 ;;
    -h | --help) sed -n '2,/^set -e/p' "$0" | grep '^#' | cut -c3-; exit 0 ;;
    *) echo "run.sh: unknown option '$a' (try --help)" >&2; exit 2 ;;
    esac
done
RUNS=${BENCH_RUNS:-10}
SIZES=${BENCH_SIZES:-10 typical 100 1000 10000}
LEAN=${BENCH_LEAN-1000 10000}
BATCH_N=${BENCH_BATCH:-200}
BUDGET=${BENCH_BUDGET:-45}
[ "$QUICK" = 1 ] && RUNS=3 && BUDGET=15
T_START=$(date +%s)
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---- setup (only when asked) ----
if [ "$SETUP" = 1 ]; then
    log "installing hyperfine, graphviz, valgrind, chromium, time and the build dependencies (apt-get)"
    apt-get update -qq
    node_pkgs=""
    command -v npm >/dev/null || node_pkgs="nodejs npm" # keep a node that is already there
    # shellcheck disable=SC2046,SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        hyperfine graphviz valgrind chromium time procps $node_pkgs $(cat "$ROOT/.ci/packages") >/dev/null
    log "installing mermaid-cli into tests/bench/node_modules (no browser download: Debian's chromium is used)"
    (cd "$HERE" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-package-lock --no-audit --no-fund --loglevel=error)
fi

missing=()
for t in cmake make python3 hyperfine valgrind callgrind_annotate; do
    command -v "$t" >/dev/null || missing+=("$t")
done
[ -x /usr/bin/time ] || missing+=("/usr/bin/time (package time)")
if [ ${#missing[@]} -gt 0 ]; then
    echo "run.sh: missing: ${missing[*]}; run tests/bench/run.sh --setup (as root) to install them" >&2
    exit 1
fi

# ---- build ----
log "building the release binary in build-bench/"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DJMAP_BUILD_TESTS=OFF >/dev/null
make -C "$BUILD" jmap -j2 >/dev/null
# the floor of issue 29: plain cairo + Pango, 200 text cells on a page (floor.c)
FLOOR=$BUILD/floor
# shellcheck disable=SC2046
cc -O2 -o "$FLOOR" "$HERE/floor.c" $(pkg-config --cflags --libs pangocairo)

# ---- inputs ----
rm -rf "$OUT" "$RES"
mkdir -p "$IN" "$OUT" "$RES"
rm -rf "$IN"/*
python3 "$HERE/gen.py" all "$IN"

# ---- the machine and the versions ----
META=$RES/meta.txt
meta() { printf '%s=%s\n' "$1" "$2" >>"$META"; }
# the processes using the CPU now (top's second sample: current use, not lifetime average)
busy() {
    top -b -n 2 -d 0.5 -w 200 2>/dev/null | awk '/^top -/ { n++ } n == 2 && $1 ~ /^[0-9]+$/ && $9 + 0 >= 5 && $12 != "top" { printf "%s%s %s%%", (k++ ? ", " : ""), $12, $9 }'
}
first_line() { "$@" 2>&1 | grep -v '^/usr/bin/chromium:' | head -n1 || true; }
: >"$META"
meta date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
meta commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet -- src cmd include 2>/dev/null || echo ' (with uncommitted changes in src/ or include/)')"
meta nproc "$(nproc)"
meta cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
meta mem "$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
meta kernel "$(uname -r)"
meta os "$(. /etc/os-release && echo "$PRETTY_NAME")"
meta v_jmap "$("$JMAP" --version)"
for lib in cairo pango yaml-0.1 libpng fontconfig; do meta "v_$lib" "$(pkg-config --modversion "$lib" 2>/dev/null || echo '?')"; done
meta v_cc "$(first_line cc --version)"
meta v_hyperfine "$(first_line hyperfine --version)"
meta v_valgrind "$(first_line valgrind --version)"
meta v_python "$(first_line python3 --version)"
meta v_dot "$(command -v dot >/dev/null && first_line dot -V || echo 'not installed')"
meta v_node "$(command -v node >/dev/null && node --version || echo 'not installed')"
meta v_mmdc "$([ -x "$MMDC" ] && first_line "$MMDC" --version || echo 'not installed')"
meta v_chromium "$(command -v chromium >/dev/null && first_line chromium --version || echo 'not installed')"
meta font_sans "$(fc-match 'Noto Sans' 2>/dev/null || echo '?')"
meta cflags "$(grep -E '^CMAKE_C_FLAGS_RELEASE:' "$BUILD/CMakeCache.txt" | cut -d= -f2-)"
meta load_before "$(cat /proc/loadavg)"

# other processes on the machine: every ~15 s, those using >= 20 % of a CPU that are not ours
is_ours() {
    local pid=$1 stat
    while [ "$pid" -gt 1 ] 2>/dev/null; do
        [ "$pid" = $$ ] && return 0
        stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
        stat=${stat##*) }
        set -- $stat
        pid=$2
    done
    return 1
}
sampler() {
    while :; do
        top -b -n 2 -d 1 -w 200 2>/dev/null |
            awk '/^top -/ { n++ } n == 2 && $1 ~ /^[0-9]+$/ && $9 + 0 >= 20 { print $1, $9, $12 }' |
            while read -r pid cpu comm; do
                is_ours "$pid" || echo "$comm $cpu"
            done >>"$RES/foreign.txt"
        echo sample >>"$RES/samples.txt"
        sleep 14
    done
}
: >"$RES/foreign.txt"
sampler &
SAMPLER=$!
trap 'kill "$SAMPLER" 2>/dev/null || true' EXIT
meta busy_before "$(busy)"
meta runs "$RUNS"
meta budget "$BUDGET"
meta full "$FULL"
meta batch_n "$BATCH_N"

# ---- the cases ----
# name|command (words split by hyperfine -N; no spaces in paths)|kind
CASES=$RES/cases.txt
: >"$CASES"
add() { printf '%s|%s\n' "$1" "$2" >>"$CASES"; }
add floor-version "$JMAP --version"
add floor-check "$JMAP check $IN/typical.yaml"
for f in svg pdf png; do add "floor-one-$f" "$JMAP build $IN/one.yaml -o $OUT/one.$f"; done
# the floor drawn on a page of the typical map's size
"$JMAP" build "$IN/typical.yaml" -o "$OUT/typical-size.svg"
PAGE=$(head -c 600 "$OUT/typical-size.svg" | sed -n 's/.*<svg[^>]* width="\([0-9.]*\)" height="\([0-9.]*\)".*/\1 \2/p' | head -n1)
meta floor_page "$PAGE"
for f in svg pdf png; do add "cells-$f" "$FLOOR $PAGE $OUT/cells.$f"; done
for n in $SIZES; do
    src=$IN/tp$n.yaml
    [ "$n" = typical ] && src=$IN/typical.yaml
    for f in svg pdf png; do add "$n-$f" "$JMAP build $src -o $OUT/$n.$f"; done
done
# 10 000 touchpoints with every lane filled is over what jmap draws in one map:
# the lean maps (fewer lanes) are the largest that render
for n in $LEAN; do
    for f in svg pdf; do add "lean$n-$f" "$JMAP build $IN/lean$n.yaml -o $OUT/lean$n.$f"; done
done
BATCH_FORMATS=svg
[ "$FULL" = 1 ] && BATCH_FORMATS="svg pdf png"
for f in $BATCH_FORMATS; do
    for j in 1 2; do add "batch-j$j-$f" "$JMAP build -q $IN/batch/ -o $OUT/batch-j$j-$f/ -f $f -j $j"; done
done
if command -v dot >/dev/null; then add dot "dot -Tsvg $IN/typical.dot -o $OUT/typical-dot.svg"; fi
if [ -x "$MMDC" ]; then add mmdc "$MMDC -q -p $HERE/puppeteer.json -i $IN/typical.mmd -o $OUT/typical-mmdc.svg"; fi

# the batch's inputs: jmap takes files, so the directory above is expanded here
batch_all=("$IN"/batch/*.yaml)
BATCH_FILES="${batch_all[*]:0:$BATCH_N} "
expand() { local c=$1; echo "${c//$IN\/batch\//$BATCH_FILES}"; }

# ---- 1. wall time (hyperfine), after one probe run that also warms the caches;
#         peak memory and CPU time (GNU time) from one more run, or from the probe for a slow case ----
log "wall time: hyperfine, $RUNS runs a case (fewer for a case slower than $BUDGET s / $RUNS); peak memory: GNU time"
while IFS='|' read -r name cmd; do
    full=$(expand "$cmd")
    set +e
    # shellcheck disable=SC2086
    /usr/bin/time -f '%M %U %S %e' -o "$RES/mem-$name.txt" $full >"$RES/probe-$name.out" 2>"$RES/probe-$name.err"
    rc=$?
    set -e
    t=$(awk '{ t = $4 } END { printf "%.3f", t }' "$RES/mem-$name.txt")
    echo "$rc" >"$RES/exit-$name.txt"
    runs=$RUNS warm=2
    if awk -v t="$t" -v n="$RUNS" -v b="$BUDGET" 'BEGIN { exit !(t * n > b) }'; then
        runs=$(awk -v t="$t" -v n="$RUNS" -v b="$BUDGET" 'BEGIN { r = int(b / t); if (r < 3) r = 3; if (r > n) r = n; print r }')
        warm=0 # the probe run was the warm-up
    fi
    [ "$name" = mmdc ] && warm=1
    ignore=()
    [ "$rc" != 0 ] && ignore=(-i)
    log "  $name: probe $t s, exit $rc; $runs runs, $warm warm-up"
    hyperfine -N "${ignore[@]}" --style none --warmup "$warm" --runs "$runs" \
        --export-json "$RES/hf-$name.json" "$full" >/dev/null 2>"$RES/hf-$name.err" ||
        log "  $name: hyperfine failed: $(tail -n1 "$RES/hf-$name.err")"
    if awk -v t="$t" 'BEGIN { exit !(t < 2) }'; then
        # shellcheck disable=SC2086
        /usr/bin/time -f '%M %U %S %e' -o "$RES/mem-$name.txt" $full >/dev/null 2>&1 || true
    fi
done <"$CASES"
for f in svg pdf png; do
    for n in 10 typical 100 1000 10000 lean1000 lean10000; do
        [ -f "$OUT/$n.$f" ] && stat -c %s "$OUT/$n.$f" >"$RES/size-$n-$f.txt"
    done
done
[ -f "$OUT/typical-dot.svg" ] && stat -c %s "$OUT/typical-dot.svg" >"$RES/size-dot.txt"
[ -f "$OUT/typical-mmdc.svg" ] && stat -c %s "$OUT/typical-mmdc.svg" >"$RES/size-mmdc.txt"
meta load_mid "$(cat /proc/loadavg)"

# ---- 2. instructions (callgrind), two processes at a time: counts do not depend on load ----
log "instructions: callgrind, two at a time"
CG_JOBS=$RES/cg-jobs.txt
: >"$CG_JOBS"
mkdir -p "$OUT/cg"
while IFS='|' read -r name cmd; do
    case $name in
    mmdc) continue ;;                       # a browser: many processes, not comparable
    batch-*) continue ;;                    # 200 maps: see batch5 below
    esac
    printf '%s|%s\n' "$name" "${cmd//$OUT\//$OUT/cg/}" >>"$CG_JOBS"
done <"$CASES"
# the batch in steady state: 5 typical maps in one process, one thread
mkdir -p "$OUT/cg/batch5"
printf '%s|%s\n' batch5-j1-svg "$JMAP build -q $(ls "$IN"/batch/map-00[0-4].yaml | tr '\n' ' ')-o $OUT/cg/batch5/ -f svg -j 1" >>"$CG_JOBS"
# the slowest first, so that the two lanes end together
sort -t'|' -k1,1 -r "$CG_JOBS" | awk -F'|' '{p = ($1 ~ /^lean10000/) ? 0 : ($1 ~ /^(lean)?1000-/) ? 1 : 2; print p "|" $0}' |
    sort -t'|' -k1,1n -s | cut -d'|' -f2- >"$CG_JOBS.sorted"
export RES
cg_one() {
    local name=${1%%|*} cmd=${1#*|}
    # shellcheck disable=SC2086
    valgrind --tool=callgrind --callgrind-out-file="$RES/cg-$name.out" $cmd >/dev/null 2>"$RES/cg-$name.log" || true
}
export -f cg_one
tr '\n' '\0' <"$CG_JOBS.sorted" | xargs -0 -P 2 -I{} bash -c 'cg_one "$1"' _ {}

# the heap at its peak, for the typical map (massif)
for f in svg pdf png; do
    valgrind --tool=massif --massif-out-file="$RES/massif-typical-$f.out" \
        "$JMAP" build "$IN/typical.yaml" -o "$OUT/cg/typical-massif.$f" >/dev/null 2>&1 || true
done

meta load_after "$(cat /proc/loadavg)"
meta busy_after "$(busy)"
kill "$SAMPLER" 2>/dev/null || true
meta samples "$(wc -l <"$RES/samples.txt" 2>/dev/null || echo 0)"
meta foreign "$(awk '{ n[$1]++; if ($2 + 0 > m[$1]) m[$1] = $2 + 0 } END { for (c in n) printf "%s%s (%d samples, up to %d%%)", (k++ ? ", " : ""), c, n[c], m[c] }' "$RES/foreign.txt")"
meta seconds "$(($(date +%s) - T_START))"

# ---- 3. the report ----
log "writing docs/performance.md"
python3 "$HERE/report.py" "$RES" "$ROOT/docs/performance.md"
log "done in $(($(date +%s) - T_START)) s"
