#!/usr/bin/env bash
# A real Apache Spark standalone cluster on the loopback address, from the Maven artifacts alone (no
# Spark download): one master and one or two workers (one core each) run SparkDetect on HOURS of
# synthetic nights, and every output is checked against bull detect on the same files (byte for
# byte; summary rows but the speed; the Parquet tables against the files). Then the same with an
# executor killed (kill -9) mid-run: its recordings are redone, nothing twice. Prints hours of audio
# per minute with one and two workers and the overhead against bull detect; stops what it started.
#
# usage: scripts/spark/standalone-cluster.sh [--model DIR] [--hours H] [--work DIR] [--no-kill]
#   --model  a model bundle (default: bullwatch-quickstart/model, from ./bull quickstart)
#   --hours  hours of synthetic audio, in recordings of one hour (default: 8)
#   --work   where the Spark home, the corpus and the outputs go (default: target/spark-cluster)
# See docs/scale-out.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
model="$root/bullwatch-quickstart/model"
hours=8
work="$root/target/spark-cluster"
kill_test=1
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model=$(cd "$2" && pwd); shift 2 ;;
    --hours) hours=$2; shift 2 ;;
    --work) mkdir -p "$2"; work=$(cd "$2" && pwd); shift 2 ;;
    --no-kill) kill_test=0; shift ;;
    *) echo "usage: $0 [--model DIR] [--hours H] [--work DIR] [--no-kill]" >&2; exit 2 ;;
  esac
done
if [ ! -f "$model/model.json" ]; then
  echo "spark-cluster: no model bundle in $model: run ./bull quickstart first, or pass --model DIR" >&2
  exit 2
fi
log() { echo "spark-cluster: $*"; }
fail() { echo "spark-cluster: FAILED: $*" >&2; exit 1; }

export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$root/target/djl-cache}"
export MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824
# What Spark needs opened on Java 17 (the list spark-submit's launcher passes).
OPENS="-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  OPENS="$OPENS --add-opens=java.base/$p=ALL-UNNAMED"
done
OPENS="$OPENS -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"

# 1. A Spark home whose jars/ are Maven's: Spark, BullWatch and their dependencies. The workers
#    launch executors with SPARK_HOME/jars on the class path.
home="$work/spark-home"
log "building bull-spark with Spark on its class path (-Plocal) and $home/jars ..."
(cd "$root" && mvn -B -q -pl bull-spark -am install -DskipTests -Plocal)
rm -rf "$home" && mkdir -p "$home/jars" "$home/conf" "$work/logs"
(cd "$root" && mvn -B -q -pl bull-spark dependency:copy-dependencies -Plocal -DincludeScope=runtime \
    -DoutputDirectory="$home/jars")
app=$(ls "$root"/bull-spark/target/bull-spark-*.jar | grep -v -e sources -e tests | head -n1)
cp "$app" "$home/jars/"
cat > "$home/conf/log4j2.properties" <<'LOG'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.bull.name = io.bullwatch
logger.bull.level = info
logger.master.name = org.apache.spark.deploy.master.Master
logger.master.level = info
LOG
export SPARK_HOME="$home" SPARK_CONF_DIR="$home/conf" SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13
cp_all="$home/conf:$home/jars/*"

# 2. The recordings, at the model's sample rate; and bull detect's outputs on them (one thread: the
#    reference for one worker: one thread, pinned to one core).
rate=$(sed -n 's/.*"sampleRate": *\([0-9]*\).*/\1/p' "$model/model.json" | head -n1)
corpus="$work/corpus-${hours}h-$rate"
if [ ! -f "$corpus/manifest.csv" ]; then
  log "synthesising $hours h at $rate Hz into $corpus ..."
  "$root/bull" synth --out "$corpus" --hours "$hours" --recording-minutes 60 --sites 4 --sample-rate "$rate" \
      --seed 19 >/dev/null
fi
ref="$work/bull-detect"
rm -rf "$ref"
log "bull detect --threads 1 on $corpus ..."
t0=$(date +%s.%N)
taskset -c 0 "$root/bull" detect --model "$model" --out "$ref" --threads 1 "$corpus" >/dev/null 2>"$work/logs/bull-detect.err" \
  || fail "bull detect (see $work/logs/bull-detect.err)"
t_ref=$(echo "$(date +%s.%N) - $t0" | bc)

# 3. The cluster. Everything started is stopped on exit. "--cores 1" is a scheduling slot, not a
#    limit: each worker is pinned to its own core (taskset) so that one worker is one core, as on a
#    cluster of one-core nodes (the detector's feature and inference threads would otherwise spread
#    over the machine's cores, and one worker would already use two).
pids=()
# the executors this script's workers started (their children): never another Spark job's
our_executors() {
  for p in "${pids[@]:-}"; do
    [ -n "$p" ] && pgrep -P "$p" -f CoarseGrainedExecutorBackend 2>/dev/null || true
  done
}
cleanup() {
  local executors
  executors=$(our_executors)
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for e in $executors; do kill "$e" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
port=$((17000 + RANDOM % 1000))
java -cp "$cp_all" $OPENS -Xmx512m org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
    --webui-port $((port + 1)) >"$work/logs/master.log" 2>&1 &
pids+=($!)
master="spark://127.0.0.1:$port"
start_worker() {  # $1: index; worker i (and the executors it starts) runs on core i-1 only
  taskset -c $(( ($1 - 1) % $(nproc) )) java -cp "$cp_all" $OPENS -Xmx512m org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 \
      --memory 3g --webui-port $((port + 10 + $1)) --work-dir "$work/worker-$1" "$master" \
      >"$work/logs/worker-$1.log" 2>&1 &
  pids+=($!)
}
wait_workers() {  # $1: how many must be alive
  for _ in $(seq 1 60); do
    n=$(grep -c "Registering worker" "$work/logs/master.log" || true)
    [ "$n" -ge "$1" ] && return 0
    sleep 1
  done
  fail "$1 worker(s) did not register with $master (see $work/logs)"
}
submit() {  # $1: output folder
  java -cp "$cp_all" $OPENS -Xmx1g org.apache.spark.deploy.SparkSubmit --master "$master" --deploy-mode client \
      --class io.bullwatch.spark.SparkDetect --executor-memory 2g \
      --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false \
      --conf spark.task.maxFailures=4 \
      --conf "spark.executorEnv.DJL_CACHE_DIR=$DJL_CACHE_DIR" --conf spark.executorEnv.MALLOC_ARENA_MAX=1 \
      --conf spark.executorEnv.MALLOC_MMAP_THRESHOLD_=1073741824 \
      --conf spark.executorEnv.MALLOC_TRIM_THRESHOLD_=1073741824 \
      --conf "spark.executor.extraJavaOptions=-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1" \
      --driver-java-options "-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1" \
      "$app" --model "$model" --out "$1" "$corpus"
}
check() {  # $1: a SparkDetect output folder
  local out=$1 n=0
  while IFS= read -r f; do
    rel=${f#"$ref"/}
    cmp -s "$f" "$out/$rel" || fail "$out/$rel differs from bull detect's $f"
    n=$((n + 1))
  done < <(find "$ref" -name '*.bull.*' -not -path '*/.bull/*' -type f)
  [ "$n" -gt 0 ] || fail "bull detect wrote nothing to compare"
  strip() { cut -d, -f1-4,6- "$1"; }
  diff <(strip "$ref/summary.csv") <(strip "$out/summary.csv") >/dev/null \
    || fail "$out/summary.csv differs from bull detect's (but the speed column)"
  java -cp "$cp_all" $OPENS "$root/scripts/spark/CheckTables.java" "$out" 2>>"$work/logs/check.err" \
    || fail "the tables of $out do not match its files (see $work/logs/check.err)"
  log "$out: $n files equal to bull detect's byte for byte; the summary too (but the speed)"
}
timed_submit() {  # $1: output folder; prints seconds
  local t
  t=$(date +%s.%N)
  submit "$1" >"$work/logs/$(basename "$1").out" 2>"$work/logs/$(basename "$1").err" \
    || fail "SparkDetect into $1 (see $work/logs/$(basename "$1").err)"
  echo "$(date +%s.%N) - $t" | bc
}

log "master $master; one worker (1 core) ..."
start_worker 1
wait_workers 1
rm -rf "$work/out-1"
t1=$(timed_submit "$work/out-1")
check "$work/out-1"
log "second worker (1 core) ..."
start_worker 2
wait_workers 2
rm -rf "$work/out-2"
t2=$(timed_submit "$work/out-2")
check "$work/out-2"
stage() {  # the job's own timing line from its log
  grep -h "detection stage" "$work/logs/$1.err" | sed 's/.*SparkDetect: //'
}
stage1=$(stage out-1)
stage2=$(stage out-2)
cp "$work/logs/out-2.err" "$work/logs/out-2.first.err"
rerun=$(timed_submit "$work/out-2")
grep -q " 0 done, [0-9]* skipped" "$work/logs/out-2.out" || fail "the rerun detected again: $(cat "$work/logs/out-2.out")"
log "rerun into out-2: $(cat "$work/logs/out-2.out") in $rerun s"

if [ "$kill_test" = 1 ]; then
  rm -rf "$work/out-kill"
  submit "$work/out-kill" >"$work/logs/out-kill.out" 2>"$work/logs/out-kill.err" &
  job=$!
  for _ in $(seq 1 600); do
    [ -n "$(find "$work/out-kill/.bull" -name '*.json' 2>/dev/null | head -n1)" ] && break
    sleep 0.5
  done
  victim=$(our_executors | head -n1)
  [ -n "$victim" ] || fail "no executor to kill"
  kill -9 "$victim"
  log "killed executor process $victim after the first recording was committed"
  wait "$job" || fail "SparkDetect with a killed executor (see $work/logs/out-kill.err)"
  check "$work/out-kill"
  log "killed executor: $(cat "$work/logs/out-kill.out")"
fi

audio_h=$(awk -F, 'NR > 1 { s += $4 } END { printf "%.2f", s / 3600 }' "$corpus/manifest.csv")
printf 'spark-cluster: %s h of audio; bull detect --threads 1: %.1f s (%.1f h/min)\n' "$audio_h" "$t_ref" \
    "$(echo "$audio_h * 60 / $t_ref" | bc -l)"
printf 'spark-cluster: one worker: %.1f s (%.1f h/min, %.2fx bull detect'"'"'s time); two workers: %.1f s (%.1f h/min); two / one: %.2fx\n' \
    "$t1" "$(echo "$audio_h * 60 / $t1" | bc -l)" "$(echo "$t1 / $t_ref" | bc -l)" "$t2" \
    "$(echo "$audio_h * 60 / $t2" | bc -l)" "$(echo "$t1 / $t2" | bc -l)"
log "one worker: $stage1"
log "two workers: $stage2"
