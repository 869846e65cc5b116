#!/usr/bin/env bash
# The official AWS SDK for JavaScript v3 against the embedded AWS emulator.
#
# Run from anywhere after `dotnet build Piksel.Platform.sln` (CI: `bash tests/conformance/run.sh` from the repo root).
# It installs the pinned SDK (npm ci), makes a throwaway CA and a server certificate for the made-up issuer host
# oidc.conformance.test, starts a local HTTPS OIDC issuer and the emulator (told to trust that CA and to reach the
# issuer host at the issuer's local port), runs `node --test` over *.test.mjs and always stops both processes.
# Extra arguments go to `node --test` (e.g. `bash tests/conformance/run.sh --test-name-pattern=kms`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
apphost="$root/AppHost/bin/Debug/net10.0/Piksel.AppHost.dll"
issuer_host="oidc.conformance.test"

if [ ! -f "$apphost" ]; then
  echo "conformance: $apphost is missing; run 'dotnet build Piksel.Platform.sln' first." >&2
  exit 1
fi

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "conformance: node >= 20 is required (the AWS SDK for JavaScript v3 needs it); found $(node --version 2>/dev/null || echo none)." >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/piksel-conformance.XXXXXX")"
issuer_pid=""
emulator_pid=""

stop() {
  local pid
  for pid in "$emulator_pid" "$issuer_pid"; do
    [ -n "$pid" ] || continue
    kill "$pid" 2>/dev/null || true
    # Give each up to 5 s to leave on SIGTERM, then make sure.
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap stop EXIT

# Waits up to $3 seconds for a line matching the regex $2 in file $1 and prints it; fails if the process $4 died.
await_line() {
  local file="$1" pattern="$2" seconds="$3" pid="$4" line
  for _ in $(seq $((seconds * 10))); do
    line="$(grep -m1 -E "$pattern" "$file" 2>/dev/null || true)"
    if [ -n "$line" ]; then printf '%s\n' "$line"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "conformance: no line matching '$pattern' from pid $pid within ${seconds}s; its output:" >&2
  cat "$file" >&2
  return 1
}

echo "conformance: npm ci"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

echo "conformance: throwaway CA and a certificate for $issuer_host"
(
  cd "$work"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 1 -keyout ca.key -out ca.pem \
    -subj "/CN=Piksel conformance throwaway CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -sha256 -keyout server.key -out server.csr -subj "/CN=$issuer_host" 2>/dev/null
  printf '%s\n' "subjectAltName=DNS:$issuer_host" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" \
    "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" > server.ext
  openssl x509 -req -sha256 -days 1 -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
    -extfile server.ext -out server.pem 2>/dev/null
  chmod 600 ca.key server.key
)
# What IAM's ThumbprintList holds: the SHA-1 of the issuer chain's top CA certificate, lower-case hex.
ca_thumbprint="$(openssl x509 -in "$work/ca.pem" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f')"

node "$here/oidc-issuer.mjs" --issuer "https://$issuer_host" --cert "$work/server.pem" --key "$work/server.key" \
  --signing-key-out "$work/signing-key.json" > "$work/issuer.log" 2>&1 &
issuer_pid=$!
issuer_line="$(await_line "$work/issuer.log" '^OIDC issuer listening on 127\.0\.0\.1:[0-9]+' 20 "$issuer_pid")"
issuer_port="${issuer_line##*:}"
echo "conformance: OIDC issuer https://$issuer_host served at 127.0.0.1:$issuer_port"

dotnet "$apphost" emulator aws --port 0 --trust-ca "$work/ca.pem" \
  --resolve "$issuer_host=127.0.0.1:$issuer_port" > "$work/emulator.log" 2>&1 &
emulator_pid=$!
ready_line="$(await_line "$work/emulator.log" '^AWS emulator ready at http://' 60 "$emulator_pid")"
endpoint="${ready_line#AWS emulator ready at }"
endpoint="${endpoint%/}"
echo "conformance: emulator at $endpoint"

# Only the variables the tests rely on: no profile, session token or shared config from the machine may leak in.
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_PROFILE AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE \
  AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE AWS_DEFAULT_REGION
export AWS_ENDPOINT_URL="$endpoint" AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 \
  AWS_ACCOUNT_ID=000000000000 AWS_EC2_METADATA_DISABLED=true \
  AWS_CONFIG_FILE="$work/no-config" AWS_SHARED_CREDENTIALS_FILE="$work/no-credentials" \
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true \
  OIDC_ISSUER_URL="https://$issuer_host" OIDC_SIGNING_KEY_FILE="$work/signing-key.json" OIDC_CA_THUMBPRINT="$ca_thumbprint"

status=0
# A hung emulator must not hold CI: each test gets 30 s and the whole run 5 minutes (it normally takes ~10 s).
(cd "$here" && timeout --kill-after=10 300 node --test --test-reporter=spec --test-timeout=30000 "$@" ./*.test.mjs) || status=$?
if [ "$status" -eq 124 ]; then echo "conformance: node --test did not finish within 300 s" >&2; fi
if [ "$status" -ne 0 ]; then
  echo "conformance: failed (exit $status); emulator log tail:" >&2
  tail -n 40 "$work/emulator.log" >&2 || true
fi
exit "$status"
