"""Schemathesis hooks for scripts/fuzz.sh: which Bearer token each generated request carries.

- Routes under `/admin/` get the admin's token (FUZZ_ADMIN_TOKEN), so admin handlers run their
  real validation and queries instead of stopping at 403.
- Routes that end the caller's session (logout, session revocation) or turn a guest into an
  account get a fresh guest's token each time: run with the shared token, the first logout would
  leave every later case of the run answering 401.
- Everything else gets the player's token.
The player and the admin log in again every few minutes: a run on a busy machine outlasts an
access token, and an expired one would turn the rest of the run into 401s.
"""

import json
import os
import threading
import time
import urllib.request

import schemathesis

GATEWAY = os.environ["FUZZ_GATEWAY"]
PASSWORD = os.environ["FUZZ_PASSWORD"]
PLAYER = os.environ["FUZZ_PLAYER_EMAIL"]
ADMIN = os.environ["FUZZ_ADMIN_EMAIL"]
RELOGIN_SECONDS = 240

SESSION_ENDING = {
    ("POST", "/api/auth/logout"),
    ("DELETE", "/api/auth/sessions"),
    ("DELETE", "/api/auth/sessions/{id}"),
    ("POST", "/api/auth/guest/upgrade"),
}


def post_for_token(path: str, body: dict) -> str:
    req = urllib.request.Request(
        f"{GATEWAY}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.load(res)["access_token"]


_tokens: dict[str, tuple[float, str]] = {}
_lock = threading.Lock()


def token_of(email: str) -> str:
    with _lock:
        at, token = _tokens.get(email, (0.0, ""))
        if time.monotonic() - at > RELOGIN_SECONDS:
            try:
                token = post_for_token("/api/auth/login", {"email": email, "password": PASSWORD})
            except OSError:
                # Fuzzed wrong passwords may hold logins back for a while (429): keep the
                # current token and try again on the next request.
                if not token:
                    raise
                return token
            _tokens[email] = (time.monotonic(), token)
        return token


@schemathesis.auth(refresh_interval=None)
class Tokens:
    def get(self, case, ctx):
        path = case.operation.path
        if (case.method.upper(), path) in SESSION_ENDING:
            return post_for_token("/api/auth/guest", {})
        if "/admin/" in path:
            return token_of(ADMIN)
        return token_of(PLAYER)

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
