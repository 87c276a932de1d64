#!/usr/bin/env bash
# smoke.sh: call /healthz and the three ticket routes of a running ticketbooth (deployed or local)
# and check what comes back with the ticketbooth CLI. Needs only bash, curl and the CLI.
#
#   make smoke URL=https://abc.execute-api.eu-west-1.amazonaws.com API_KEY=… USER_ID=alice
#   URL=http://127.0.0.1:8080 CLI=bin/ticketbooth bash scripts/smoke.sh      (against `make run`)
#
# Environment:
#   URL        base URL of the API (required)
#   CLI        the ticketbooth binary (default: bin/ticketbooth, else ticketbooth on PATH)
#   API_KEY    sent as X-Api-Key            } the caller's credential, by the auth method
#   TOKEN      sent as Authorization: Bearer } the deployment accepts; none for `make run`
#   USER_ID    userId asked for (apikey and dev callers name the user; default smoke-user
#              unless TOKEN is set, when the token names the user)
#   ROOM_ID    numeric room (default 1234)
#   KEY | KEY_FILE | ECDSA_PUB   the TRTC key, to verify each ticket's signature with
#              `ticketbooth verify`; without one the tickets are only decoded and checked
#
# Nothing secret is printed: tickets, keys and credentials stay in variables. Exit status is the
# number of failed checks (0 = all passed).
set -uo pipefail

URL="${URL:?set URL to the API base URL, e.g. https://…execute-api….amazonaws.com}"
URL="${URL%/}"
CLI="${CLI:-bin/ticketbooth}"
if [[ ! -x "$CLI" ]]; then
	CLI="$(command -v ticketbooth || true)"
fi
if [[ -z "$CLI" ]]; then
	echo "smoke: no ticketbooth CLI: run 'make build' or set CLI" >&2
	exit 2
fi
ROOM_ID="${ROOM_ID:-1234}"
if [[ -z "${TOKEN:-}" ]]; then
	USER_ID="${USER_ID:-smoke-user}"
fi
USER_ID="${USER_ID:-}"

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# call METHOD PATH [BODY] [noauth]: sets status and writes the body to $tmp/body.
call() {
	local method="$1" path="$2" body="${3:-}" noauth="${4:-}"
	local args=(-sS -o "$tmp/body" -w '%{http_code}' -X "$method" --max-time 15
		-H 'Content-Type: application/json' -H 'X-Request-Id: ticketbooth-smoke')
	if [[ -z "$noauth" ]]; then
		# Credentials go through a curl config file, not argv, so `ps` never shows them.
		: >"$tmp/auth"
		chmod 600 "$tmp/auth"
		[[ -n "${API_KEY:-}" ]] && printf 'header = "X-Api-Key: %s"\n' "$API_KEY" >>"$tmp/auth"
		[[ -n "${TOKEN:-}" ]] && printf 'header = "Authorization: Bearer %s"\n' "$TOKEN" >>"$tmp/auth"
		args+=(-K "$tmp/auth")
	fi
	[[ -n "$body" ]] && args+=(--data "$body")
	status="$(curl "${args[@]}" "$URL$path" 2>"$tmp/curl.err")" || status="000"
}

# field NAME: the string or number value of a top-level JSON field of $tmp/body.
field() {
	sed -n -E 's/.*"'"$1"'"[[:space:]]*:[[:space:]]*"?([^",}]*)"?.*/\1/p' "$tmp/body" | head -n 1
}

# check_ticket WHAT TICKET WANT_USER [WANT_ROOM]: decode (and verify when a key is given).
check_ticket() {
	local what="$1" ticket="$2" user="$3" room="${4:-}" decoded
	if [[ -z "$ticket" ]]; then
		fail "$what: no ticket in the response"
		return
	fi
	if ! decoded="$(printf '%s' "$ticket" | "$CLI" decode - 2>"$tmp/cli.err")"; then
		fail "$what: $(head -c 200 "$tmp/cli.err")" # the CLI's message names the command
		return
	fi
	if [[ "$decoded" != *"\"userId\":\"$user\""* && "$decoded" != *"\"userId\": \"$user\""* ]]; then
		fail "$what: decoded userId is not $user"
		return
	fi
	if [[ -n "$room" && "$decoded" != *"\"roomId\":$room"* && "$decoded" != *"\"roomId\": $room"* ]]; then
		fail "$what: decoded roomId is not $room"
		return
	fi
	ok "$what decodes for user $user${room:+, room $room}"

	local keyargs=()
	if [[ -n "${KEY:-}" ]]; then
		: # passed through TICKETBOOTH_KEY below, never on the command line
	elif [[ -n "${KEY_FILE:-}" ]]; then
		keyargs=(--key-file "$KEY_FILE")
	elif [[ -n "${ECDSA_PUB:-}" ]]; then
		keyargs=(--ecdsa-pub "$ECDSA_PUB")
	else
		return
	fi
	local roomargs=()
	[[ -n "$room" ]] && roomargs=(--roomid "$room") # a PrivateMapKey must be for the room asked for
	if printf '%s' "$ticket" | TICKETBOOTH_KEY="${KEY:-}" "$CLI" verify --sdkappid "$sdkappid" --userid "$user" ${roomargs[@]+"${roomargs[@]}"} ${keyargs[@]+"${keyargs[@]}"} - 2>"$tmp/cli.err" >/dev/null; then
		ok "$what verifies with the given key${room:+ for room $room}"
	else
		fail "$what: $(head -c 200 "$tmp/cli.err")"
	fi
}

user_field=""
[[ -n "$USER_ID" ]] && user_field="\"userId\":\"$USER_ID\","

# 1. health
call GET /healthz
if [[ "$status" == 200 ]] && grep -q '"status"[[:space:]]*:[[:space:]]*"ok"' "$tmp/body"; then
	ok "GET /healthz"
else
	fail "GET /healthz: HTTP $status $(head -c 200 "$tmp/body" 2>/dev/null) $(cat "$tmp/curl.err")"
fi

# 2. UserSig
sdkappid=""
call POST /v1/usersig "{${user_field%,}}"
if [[ "$status" == 200 ]]; then
	ok "POST /v1/usersig"
	sdkappid="$(field sdkAppId)"
	uid="$(field userId)"
	[[ -n "$USER_ID" && "$uid" != "$USER_ID" ]] && fail "usersig: userId $uid, asked for $USER_ID"
	[[ -n "$(field expiresAt)" ]] || fail "usersig: no expiresAt"
	check_ticket "UserSig" "$(field userSig)" "$uid"
else
	fail "POST /v1/usersig: HTTP $status $(head -c 300 "$tmp/body" 2>/dev/null)"
	uid="$USER_ID"
fi

# 3. PrivateMapKey
call POST /v1/privatemapkey "{${user_field}\"roomId\":$ROOM_ID}"
if [[ "$status" == 200 ]]; then
	ok "POST /v1/privatemapkey"
	[[ -n "$sdkappid" ]] || sdkappid="$(field sdkAppId)"
	check_ticket "PrivateMapKey" "$(field privateMapKey)" "$(field userId)" "$ROOM_ID"
else
	fail "POST /v1/privatemapkey: HTTP $status $(head -c 300 "$tmp/body" 2>/dev/null)"
fi

# 4. room URL (current flow: the push URL carries both tickets)
call POST /v1/roomurl "{${user_field}\"roomId\":$ROOM_ID}"
if [[ "$status" == 200 ]]; then
	push="$(field pushUrl)"
	push="${push//\\u0026/\&}" # encoding/json writes & as \u0026
	if [[ "$push" == room://cloud.tencent.com/rtc\?* && "$push" == *"roomid=$ROOM_ID"* && "$push" == *usersig=* && "$push" == *privatemapkey=* ]]; then
		ok "POST /v1/roomurl: room:// push URL for room $ROOM_ID"
	else
		fail "POST /v1/roomurl: pushUrl is not a room://cloud.tencent.com/rtc URL for room $ROOM_ID"
	fi
	check_ticket "roomurl UserSig" "$(field userSig)" "$uid"
	check_ticket "roomurl PrivateMapKey" "$(field privateMapKey)" "$uid" "$ROOM_ID"
else
	fail "POST /v1/roomurl: HTTP $status $(head -c 300 "$tmp/body" 2>/dev/null)"
fi

# 5. a caller without the credential is refused (only meaningful when one was given)
if [[ -n "${API_KEY:-}${TOKEN:-}" ]]; then
	call POST /v1/usersig "{${user_field%,}}" noauth
	if [[ "$status" == 401 || "$status" == 403 ]]; then
		ok "POST /v1/usersig without a credential is refused ($status)"
	else
		fail "POST /v1/usersig without a credential: HTTP $status, want 401 or 403"
	fi
fi

echo "smoke: $passed passed, $failed failed"
exit "$failed"
