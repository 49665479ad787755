"""Schemathesis hooks for scripts/fuzz.sh: which Bearer token each generated request carries.

- Routes under `/admin/` get the admin's token (FUZZ_ADMIN_TOKEN), so admin handlers run their
  real validation and queries instead of stopping at 403.
- Routes that end the caller's session (logout, session revocation) or turn a guest into an
  account get a fresh guest's token each time: run with the shared token, the first logout would
  leave every later case of the run answering 401.
- Everything else gets the player's token (FUZZ_PLAYER_TOKEN).
The two tokens are minted once by scripts/fuzz.sh and live 15 minutes, well past a run; the hook
does not log in again: the fuzzed wrong passwords on the player's own account (`POST
/api/auth/password`) trip auth's failed-login throttle, which then refuses those logins (429).
"""

import json
import os
import urllib.request

import schemathesis

GATEWAY = os.environ["FUZZ_GATEWAY"]
PLAYER = os.environ["FUZZ_PLAYER_TOKEN"]
ADMIN = os.environ["FUZZ_ADMIN_TOKEN"]

SESSION_ENDING = {
    ("POST", "/api/auth/logout"),
    ("DELETE", "/api/auth/sessions"),
    ("DELETE", "/api/auth/sessions/{id}"),
    ("POST", "/api/auth/guest/upgrade"),
}


def fresh_guest_token() -> str:
    req = urllib.request.Request(
        f"{GATEWAY}/api/auth/guest",
        data=b"{}",
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.load(res)["access_token"]


@schemathesis.auth(refresh_interval=None)
class Tokens:
    def get(self, case, ctx):
        path = case.operation.path
        if (case.method.upper(), path) in SESSION_ENDING:
            return fresh_guest_token()
        if "/admin/" in path:
            return ADMIN
        return PLAYER

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
