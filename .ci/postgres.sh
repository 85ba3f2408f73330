#!/usr/bin/env bash
# Start a PostgreSQL server for the store tests and print TIDINGS_TEST_PG_URL.
#
# Why: the store must behave the same on SQLite and PostgreSQL; the tests in tests/test_store*.py
# run against both when TIDINGS_TEST_PG_URL is set.  Usage (idempotent, needs root):
#     eval "$(.ci/postgres.sh)"      # exports TIDINGS_TEST_PG_URL in the calling shell
# The URL uses the server's Unix-domain socket, not TCP: CI runs the tests inside an empty network
# namespace (unshare -n), where no TCP port of the host is reachable but the socket file is.
set -euo pipefail
DB=${TIDINGS_PG_DB:-tidings_test}
USER_=${TIDINGS_PG_USER:-tidings}
PASS=${TIDINGS_PG_PASSWORD:-tidings}
PORT=${TIDINGS_PG_PORT:-5432}
SOCKDIR=${TIDINGS_PG_SOCKET_DIR:-/var/run/postgresql}

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi
VER=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx main; then
    pg_createcluster "$VER" main --port "$PORT" >&2
fi
if ! pg_lsclusters -h | awk '$2=="main"{print $4}' | grep -qx online; then
    pg_ctlcluster "$VER" main start >&2
fi
# wait until it accepts connections
for _ in $(seq 1 30); do
    if su postgres -c "psql -h 127.0.0.1 -p $PORT -Atc 'select 1'" >/dev/null 2>&1 \
       || su postgres -c "psql -p $PORT -Atc 'select 1'" >/dev/null 2>&1; then break; fi
    sleep 1
done
su postgres -c "psql -p $PORT -v ON_ERROR_STOP=1 -q" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$USER_') THEN
    CREATE ROLE $USER_ LOGIN PASSWORD '$PASS' CREATEDB;
  END IF;
END \$\$;
SQL
if ! su postgres -c "psql -p $PORT -Atc \"select 1 from pg_database where datname='$DB'\"" | grep -q 1; then
    su postgres -c "createdb -p $PORT -O $USER_ $DB" >&2
fi
# socket logins are 'peer' by default (OS user = role); let the test role log in with its password
HBA=$(su postgres -c "psql -p $PORT -Atc 'show hba_file'")
RULE="local   all             $USER_                                  scram-sha-256"
if ! grep -qxF "$RULE" "$HBA"; then
    sed -i "0,/^local/s//$RULE\n&/" "$HBA"
    su postgres -c "psql -p $PORT -Atc 'select pg_reload_conf()'" >/dev/null
fi
URL="postgresql://$USER_:$PASS@/$DB?host=$SOCKDIR&port=$PORT"
echo "export TIDINGS_TEST_PG_URL='$URL'"
