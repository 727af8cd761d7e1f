# Sourced by .ci/run (bash). When TEST_DATABASE_URL is unset, starts a throw-away PostgreSQL on
# 127.0.0.1 for the test run and exports TEST_DATABASE_URL and VAGA_REQUIRE_POSTGRES=1, so the
# storage tests run on PostgreSQL as well as SQLite (and fail instead of skipping it).
# The cluster lives in a temp dir owned by the `postgres` user (the current user when not
# root) and is stopped and removed on exit.

vaga_pg_dir=""
vaga_pg_bin=""

vaga_pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

vaga_pg_stop() {
  if [ -n "$vaga_pg_dir" ] && [ -d "$vaga_pg_dir" ]; then
    vaga_pg_as_owner "$vaga_pg_bin/pg_ctl" -D "$vaga_pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$vaga_pg_dir"
  fi
}

vaga_pg_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

vaga_pg_start() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    echo "== postgres: using the given TEST_DATABASE_URL"
    return 0
  fi
  echo "== postgres"
  if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  fi
  local initdb_path
  initdb_path=$( (ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null || true) | sort -V | tail -n 1)
  [ -n "$initdb_path" ] || initdb_path=$(command -v initdb)
  vaga_pg_bin=$(dirname "$initdb_path")
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi

  vaga_pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/vaga-ci-pg.XXXXXX")
  trap vaga_pg_stop EXIT
  mkdir -p "$vaga_pg_dir/sock"
  local password port
  password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" > "$vaga_pg_dir/pw"
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$vaga_pg_dir"; fi
  chmod 700 "$vaga_pg_dir"

  vaga_pg_as_owner "$vaga_pg_bin/initdb" -D "$vaga_pg_dir/data" -U postgres --pwfile="$vaga_pg_dir/pw" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$vaga_pg_dir/initdb.log" 2>&1 \
    || { cat "$vaga_pg_dir/initdb.log"; return 1; }
  rm -f "$vaga_pg_dir/pw"
  port=$(vaga_pg_free_port) || { echo "no free port"; return 1; }
  vaga_pg_as_owner "$vaga_pg_bin/pg_ctl" -D "$vaga_pg_dir/data" -l "$vaga_pg_dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$vaga_pg_dir/sock -c fsync=off" start \
    >/dev/null || { cat "$vaga_pg_dir/server.log"; return 1; }
  vaga_pg_as_owner "$vaga_pg_bin/psql" -q -v ON_ERROR_STOP=1 -h "$vaga_pg_dir/sock" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE vaga LOGIN CREATEDB PASSWORD '$password'" -c "CREATE DATABASE vaga OWNER vaga" >/dev/null
  export TEST_DATABASE_URL="postgres://vaga:${password}@127.0.0.1:${port}/vaga"
  export VAGA_REQUIRE_POSTGRES=1
  echo "PostgreSQL $("$vaga_pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (removed on exit)"
}
