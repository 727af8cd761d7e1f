#!/usr/bin/env bash
# Load benchmark of the HTTP API (docs/benchmarks.md, "HTTP API").
#
#   scripts/bench-api.sh sqlite:/tmp/apibench/vaga.db [N]
#   scripts/bench-api.sh postgres://user:pass@127.0.0.1:5432/apibench [N]
#
# Fills the database with N synthetic postings (default 100,000) and one user with a profile and
# stored matches (the vaga-worker `recompute_bench` example), starts the release `vaga serve` on
# it with schedules off, logs in, and runs wrk (64 connections, 2 threads, 30 s) against
# `GET /api/v1/matches?limit=20` and posting searches; then prints the server's peak RSS.
# Needs: target/release/vaga, target/release/examples/recompute_bench, wrk, python3 (and psql for
# PostgreSQL). The database must be empty (a new SQLite path or a new PostgreSQL database).
set -euo pipefail
url=${1:?database URL}
n=${2:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
vaga=$root/target/release/vaga
fill=$root/target/release/examples/recompute_bench
port=${PORT:-18300}
password="bench horse staple battery 4711"
home=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$home"' EXIT

echo "== fill: $n postings"
"$fill" "$url" "$n" 2>&1 | grep -v "postings stored (" || true

if [[ $url == sqlite:* ]]; then
  email=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select email from users limit 1').fetchone()[0])" "${url#sqlite:}")
else
  email=$(psql "$url" -Atc "select email from users limit 1")
fi
export HOME=$home DATABASE_URL=$url VAGA_SECRET="benchmark secret of at least thirty-two bytes"
export VAGA__WORKER__SCHEDULES_ENABLED=false RUST_LOG=warn
VAGA_ADMIN_PASSWORD=$password "$vaga" admin create --email "$email" >/dev/null

"$vaga" serve --bind "127.0.0.1:$port" 2>"$home/serve.log" &
server=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.2
done
token=$(curl -sf "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
matches=$(curl -sf "http://127.0.0.1:$port/api/v1/matches?limit=20" -H "authorization: Bearer $token" \
  | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
echo "== matches per page: $matches; server rss after start: $(grep VmRSS /proc/$server/status | awk '{print $2/1024 " MB"}')"

run() {
  echo "== GET $1"
  wrk -t2 -c64 -d"${DURATION:-30s}" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port$1" \
    | grep -E "Requests/sec|Latency  |50%|90%|99%|Non-2xx|Socket errors"
}
run "/api/v1/matches?limit=20"
run "/api/v1/postings?limit=20"
run "/api/v1/postings?q=python&limit=20"
run "/api/v1/postings?q=engenheiro%20dados&remote=true&limit=20"
run "/api/v1/postings?q=kubernetes&eligible_for=BR&min_salary=3000&limit=20"
echo "== server peak rss: $(grep VmHWM /proc/$server/status | awk '{print $2/1024 " MB"}')"
