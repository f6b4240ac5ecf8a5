#!/usr/bin/env bash
# `yarn test:images`: builds the api, web and migrator images from their Dockerfiles (repository root as
# context), runs them the way ECS does against a fresh database on the local Postgres, and checks what the
# unit tests cannot: the migrator applies the schema and exits 0; api and web start, serve, and report healthy;
# the containers run as non-root with node as PID 1; the RDS CA bundle loads; SIGTERM stops api and web
# gracefully (exit 0, well before the kill timeout). Prints image sizes and the build context size.
#
#   CONTAINER_ENGINE  podman (default) or docker
#   DATABASE_URL      server to create the test database on (default postgres://postgres@127.0.0.1:5432/postgres)
#   IMAGE_TAG         tag for the built images (default test)
#
# Containers (and the builds' RUN steps) use the host network, so they reach Postgres on 127.0.0.1 and listen on free
# ports chosen here, and no bridge network or firewall setup is needed. With podman, docker/podman/containers.conf
# (runc, cgroupfs, file event log) makes it work as root with no daemon, systemd or journald.
# The Dockerfiles pin their base image by digest. Where no registry is reachable and that exact image is absent,
# podman builds on a local stand-in tagged like the pin without its digest (../shared/tools/local-node-image.sh
# node:24-bookworm-slim), from a copy of each Dockerfile whose one pinned FROM line names the stand-in instead.
set -euo pipefail
cd "$(dirname "$0")/../.."

ENGINE=${CONTAINER_ENGINE:-podman}
TAG=${IMAGE_TAG:-test}
SERVER_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
# The one external image, e.g. node:24-bookworm-slim@sha256:…, and its tag alone (what a stand-in is called).
PINNED_IMAGE=$(sed -n 's/^FROM \(\S*@sha256:[0-9a-f]*\) AS node-base$/\1/p' api/Dockerfile)
BASE_IMAGE=$PINNED_IMAGE
RUN_ID="$$-$(date +%s)"
DB_NAME="images_test_$(date +%s)_$$"
WORKLOADS=(migrator api web)
containers=()
passed=0
failed=0

log() { printf '\033[1mtest:images\033[0m %s\n' "$*"; }
pass() { passed=$((passed + 1)); log "ok   $*"; }
fail() { failed=$((failed + 1)); log "FAIL $*"; }
check() { # check "description" command...
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
psql_server() { psql "$SERVER_URL" -v ON_ERROR_STOP=1 -qAtc "$1"; }
db_url() { node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.href)' "$SERVER_URL" "$DB_NAME"; }

cleanup() {
  [[ -z ${standin_dir:-} ]] || rm -rf "$standin_dir"
  for name in "${containers[@]}"; do "$ENGINE" rm -f "$name" >/dev/null 2>&1 || true; done
  psql_server "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

wait_http() { # wait_http URL [seconds] — until it answers 2xx
  local url=$1 deadline=$((SECONDS + ${2:-30}))
  until node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

if ! command -v "$ENGINE" >/dev/null; then
  log "$ENGINE is not installed (set CONTAINER_ENGINE=docker to use Docker)"
  exit 1
fi
if [[ -z $PINNED_IMAGE ]]; then
  log "api/Dockerfile has no 'FROM <image>@sha256:<digest> AS node-base' line"
  exit 1
fi
build_flags=(--network=host)
dockerfile_for() { echo "$1/Dockerfile"; }
if [[ $ENGINE == podman ]]; then
  export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/docker/podman/containers.conf}
  build_flags+=(--pull=never)
  if ! podman image exists "$PINNED_IMAGE"; then
    BASE_IMAGE=${PINNED_IMAGE%@*}
    if ! podman image exists "$BASE_IMAGE"; then
      log "neither $PINNED_IMAGE nor a stand-in $BASE_IMAGE is present: podman pull $PINNED_IMAGE, or with no"
      log "registry, ../shared/tools/local-node-image.sh $BASE_IMAGE"
      exit 1
    fi
    log "building on the local stand-in $BASE_IMAGE: the pinned digest itself is not checked here"
    standin_dir=$(mktemp -d)
    dockerfile_for() {
      sed "s#^FROM $PINNED_IMAGE AS node-base\$#FROM $BASE_IMAGE AS node-base#" "$1/Dockerfile" >"$standin_dir/$1.Dockerfile"
      grep -q "^FROM $BASE_IMAGE AS node-base\$" "$standin_dir/$1.Dockerfile" && echo "$standin_dir/$1.Dockerfile"
    }
  fi
fi

log "build context: $(node docker/scripts/context-size.mjs .)"
# The three builds run side by side (they mostly wait on the registry and the disk), each into its own log.
declare -A build_seconds build_pids
started=$SECONDS
for workload in "${WORKLOADS[@]}"; do
  log "building $workload/Dockerfile -> iac-experiment/$workload:$TAG"
  dockerfile=$(dockerfile_for "$workload")
  (
    "$ENGINE" build "${build_flags[@]}" -f "$dockerfile" -t "iac-experiment/$workload:$TAG" . \
      >"/tmp/test-images-build-$workload.log" 2>&1
    echo $((SECONDS - started)) >"/tmp/test-images-build-$workload.seconds"
  ) &
  build_pids[$workload]=$!
done
build_failed=0
for workload in "${WORKLOADS[@]}"; do
  if wait "${build_pids[$workload]}"; then
    build_seconds[$workload]=$(cat "/tmp/test-images-build-$workload.seconds")
    pass "$workload image builds (${build_seconds[$workload]} s)"
  else
    tail -40 "/tmp/test-images-build-$workload.log"
    fail "$workload image builds (log: /tmp/test-images-build-$workload.log)"
    build_failed=1
  fi
done
if ((build_failed)); then
  log "$passed passed, $failed failed"
  exit 1
fi

for workload in "${WORKLOADS[@]}"; do
  image="iac-experiment/$workload:$TAG"
  check "$workload image runs as the node user" test "$("$ENGINE" image inspect -f '{{.Config.User}}' "$image")" = node
  check "$workload image sets NODE_ENV=production" \
    "$ENGINE" run --rm --network none "$image" node -e 'process.exit(process.env.NODE_ENV === "production" && process.getuid() !== 0 ? 0 : 1)'
done
for workload in api migrator; do
  check "$workload image trusts the RDS CA bundle at /etc/ssl/certs/rds-global-bundle.pem" \
    "$ENGINE" run --rm --network none "iac-experiment/$workload:$TAG" node -e '
      const { X509Certificate } = require("node:crypto");
      const pem = require("node:fs").readFileSync("/etc/ssl/certs/rds-global-bundle.pem", "utf8");
      require("node:tls").createSecureContext({ ca: pem });
      const certs = pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g).map((p) => new X509Certificate(p));
      process.exit(certs.length > 0 && certs.every((c) => c.ca && c.subject.includes("OU=Amazon RDS")) ? 0 : 1);'
done

psql_server "CREATE DATABASE \"$DB_NAME\""
DB=$(db_url)
log "database $DB_NAME on ${SERVER_URL%%\?*}"

# The migrator, as the Copilot job runs it: to completion, exit 0, schema in place.
migrator_exit=0
"$ENGINE" run --rm --network host -e DATABASE_URL="$DB" -e DATABASE_SSL=off "iac-experiment/migrator:$TAG" \
  >/tmp/test-images-migrator.log 2>&1 || migrator_exit=$?
check "migrator runs to completion with exit 0 (got $migrator_exit)" test "$migrator_exit" = 0
check "migrator created the messages table" \
  test "$(psql "$DB" -qAtc "SELECT to_regclass('public.messages') IS NOT NULL")" = t

# api and web, long-running, on free ports of the host network.
API_PORT=$(free_port) API_METRICS_PORT=$(free_port) WEB_PORT=$(free_port) WEB_METRICS_PORT=$(free_port)
api_name="iac-api-$RUN_ID" web_name="iac-web-$RUN_ID"
containers+=("$api_name" "$web_name")
"$ENGINE" run -d --name "$api_name" --network host -e PORT="$API_PORT" -e METRICS_PORT="$API_METRICS_PORT" \
  -e DATABASE_URL="$DB" -e DATABASE_SSL=off "iac-experiment/api:$TAG" >/dev/null
"$ENGINE" run -d --name "$web_name" --network host -e PORT="$WEB_PORT" -e METRICS_PORT="$WEB_METRICS_PORT" \
  -e API_URL="http://127.0.0.1:$API_PORT" "iac-experiment/web:$TAG" >/dev/null

API="http://127.0.0.1:$API_PORT" WEB="http://127.0.0.1:$WEB_PORT"
check "api is live (GET /api/health)" wait_http "$API/api/health" 30
check "api is ready with its database (GET /api/health/ready)" wait_http "$API/api/health/ready" 15
check "web is live (GET /health)" wait_http "$WEB/health" 30
content="from the image test $RUN_ID"
check "api stores a message (POST /api/messages -> 201)" node -e '
  fetch(process.argv[1] + "/api/messages", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ content: process.argv[2] }) }).then((r) => process.exit(r.status === 201 ? 0 : 1), () => process.exit(1))' \
  "$API" "$content"
check "web renders it (GET /)" node -e '
  fetch(process.argv[1] + "/").then(async (r) => process.exit(r.ok && (await r.text()).includes(process.argv[2]) ? 0 : 1), () => process.exit(1))' \
  "$WEB" "$content"
check "api serves Prometheus metrics on METRICS_PORT" node -e '
  fetch(process.argv[1] + "/metrics").then(async (r) => process.exit(r.ok && (await r.text()).includes("http_request_duration_seconds") ? 0 : 1), () => process.exit(1))' \
  "http://127.0.0.1:$API_METRICS_PORT"
check "web serves Prometheus metrics on METRICS_PORT" wait_http "http://127.0.0.1:$WEB_METRICS_PORT/metrics" 5
# PID 1 must be exactly the Dockerfile's exec-form CMD (node with its flags, no shell in between).
dockerfile_cmd() { node -e '
  const lines = require("node:fs").readFileSync(process.argv[1], "utf8").split("\n").filter((l) => l.startsWith("CMD "));
  console.log(JSON.parse(lines.at(-1).slice(4)).join(" "))' "$1/Dockerfile"; }
for workload in api web; do
  name="iac-$workload-$RUN_ID"
  expected="1000 $(dockerfile_cmd "$workload") "
  check "$name: PID 1 is the Dockerfile's CMD ($expected) as uid 1000" \
    test "$("$ENGINE" exec "$name" sh -c 'echo "$(id -u) $(tr "\0" " " </proc/1/cmdline)"')" = "$expected"
done

# SIGTERM, as `docker stop` and ECS send it: the app must drain and exit 0 long before the 20 s kill timeout.
for name in "$api_name" "$web_name"; do
  started=$(date +%s%N)
  "$ENGINE" stop -t 20 "$name" >/dev/null
  elapsed_ms=$((($(date +%s%N) - started) / 1000000))
  exit_code=$("$ENGINE" inspect -f '{{.State.ExitCode}}' "$name")
  check "$name stops on SIGTERM with exit 0 in ${elapsed_ms} ms (exit $exit_code)" \
    test "$exit_code" = 0 -a "$elapsed_ms" -lt 15000
  if [[ $exit_code != 0 ]]; then "$ENGINE" logs --tail 20 "$name"; fi
done
if ((failed > 0)); then
  log "logs of the containers:"
  for name in "$api_name" "$web_name"; do "$ENGINE" logs --tail 30 "$name" 2>&1 | sed "s/^/$name: /"; done
  sed 's/^/migrator: /' /tmp/test-images-migrator.log | tail -30
fi

log "image sizes (uncompressed, including the base image):"
base_size=$("$ENGINE" image inspect -f '{{.Size}}' "$BASE_IMAGE" 2>/dev/null || echo 0)
printf '  %-28s %8s MB\n' "$BASE_IMAGE (base)" "$((base_size / 1000000))"
for workload in "${WORKLOADS[@]}"; do
  size=$("$ENGINE" image inspect -f '{{.Size}}' "iac-experiment/$workload:$TAG")
  printf '  %-28s %8s MB  (+%s MB over the base; built in %s s)\n' "iac-experiment/$workload:$TAG" \
    "$((size / 1000000))" "$(((size - base_size) / 1000000))" "${build_seconds[$workload]}"
done

echo "$passed passed, $failed failed"
((failed == 0))
