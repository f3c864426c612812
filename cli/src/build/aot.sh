#!/usr/bin/env bash
# Makes braid's ahead-of-time cache (JDK 25: JEP 483, 514, 515) at build time, from a training run of the commands
# people run (braid.cli.Training). Called by the cli module's package phase with: JAVA LIB_DIR CLI_JAR [skip].
#   LIB_DIR/classpath  the jars in the order both the training and the launchers put them on the class path
#                      (the cache holds only for that class path: the same jars, sizes and times, in that order)
#   LIB_DIR/braid.aot  the cache; the launchers use it when it is there (a JDK that cannot use it ignores it quietly)
#   LIB_DIR/braid-logs.aot  the cache of braid logs alone, which the launchers use for that command
#   LIB_DIR/braid-health.aot  the same for braid health
set -euo pipefail
java=$1 lib=$2 jar=$3 skip=${4:-false}
cp -p "$jar" "$lib/"
(cd "$lib" && ls -1 *.jar | LC_ALL=C sort) >"$lib/classpath"
rm -f "$lib/braid.aot" "$lib/braid-logs.aot" "$lib/braid-health.aot"
if [ "$skip" = true ]; then echo "braid: AOT cache skipped (-Dbraid.aot.skip=true)"; exit 0; fi
cp_arg=$(sed "s|^|$lib/|" "$lib/classpath" | paste -sd:)
# train CACHE [ARGS…]: one training run (braid.cli.Training ARGS) with the launchers' collector (SerialGC; the JIT mode
# may differ per command, which the cache allows) that writes LIB_DIR/CACHE
train() {
  local cache=$lib/$1 start log
  shift
  start=$(date +%s.%N)
  log=$(mktemp)
  # Without the builder's proxy variables: the training talks to stand-ins on loopback, and a corporate machine's
  # https_proxy (without 127.0.0.1 in no_proxy) sent its health checks to the proxy, which failed the build.
  if ! env -u https_proxy -u HTTPS_PROXY -u http_proxy -u HTTP_PROXY -u no_proxy -u NO_PROXY -u all_proxy -u ALL_PROXY \
      "$java" -XX:+UseSerialGC -XX:AOTCacheOutput="$cache" -Xlog:aot=warning -cp "$cp_arg" braid.cli.Training "$@" >"$log" 2>&1; then
    cat "$log"; rm -f "$log" "$cache"
    echo "braid: the training run of $cache failed (output above)" >&2
    exit 1
  fi
  rm -f "$log"
  printf 'braid: AOT cache %s (%s MB) from a training run of %.1f s\n' "$cache" \
    "$(( $(stat -c %s "$cache") / 1048576 ))" "$(echo "$(date +%s.%N) - $start" | bc)"
}
train braid.aot
# …and one of braid logs alone: the JVM loads every class of its cache at start, and the whole cache's cost braid logs
# about 0.1 s (BENCHMARKS.md "Start-up"); the launchers start braid logs with this one
train braid-logs.aot logs
# …and one of braid health alone (run every minute as a Nagios plugin: its start is a good part of each run)
train braid-health.aot health
