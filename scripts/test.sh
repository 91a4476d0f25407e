#!/usr/bin/env bash
# The test command. On a fresh Debian machine (as root) it installs what the tests need,
# starts a throwaway PostgreSQL cluster on a free loopback port, runs every test project on
# SQLite and then on PostgreSQL, stops the cluster (also on failure or Ctrl+C), and ends with
# the line "N passed, N failed". Exit code 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# --- 1. What the tests need ----------------------------------------------------------------
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/share/fonts/opentype/ipaexfont-gothic/*.ttf >/dev/null 2>&1 || need+=(fonts-ipaexfont)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -x /usr/sbin/chronyd ] || need+=(chrony)            # a real NTP server on loopback for the clock check
command -v logger >/dev/null 2>&1 || need+=(bsdutils) # util-linux logger, a real syslog client
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Missing packages: ${need[*]} — run this script as root once, or install them with apt." >&2
    exit 2
  fi
fi
command -v dotnet >/dev/null 2>&1 || { echo "The .NET SDK is not on PATH." >&2; exit 2; }

# --- 2. A throwaway PostgreSQL cluster -------------------------------------------------------
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/itaku-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
cleanup() {
  as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap cleanup EXIT INT TERM

port=""
for _ in $(seq 1 50); do
  p=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "No free port for PostgreSQL." >&2; exit 2; }

as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --no-locale >"$pgdir/initdb.log" 2>&1 \
  || { cat "$pgdir/initdb.log" >&2; exit 2; }
as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir -c fsync=off -c synchronous_commit=off -c max_connections=200" start >/dev/null \
  || { cat "$pgdir/server.log" >&2; exit 2; }
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

# --- 3. Build once, run on both engines ------------------------------------------------------
dotnet build Itaku.slnx -c Release -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }

results="$root/TestResults"
rm -rf "$results"
status=0
for provider in Sqlite Postgres; do
  echo "== Tests on $provider"
  ITAKU_TEST_PROVIDER=$provider \
  ITAKU_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" \
    dotnet test Itaku.slnx -c Release --no-build -nologo \
      --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results/$provider" || status=1
done

# --- 4. One line for humans and CI -----------------------------------------------------------
passed=0; failed=0
for trx in "$results"/*/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done
[ "$passed" -gt 0 ] || status=1
[ $status -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "$passed passed, $failed failed"
exit $status
