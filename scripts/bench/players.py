#!/usr/bin/env python3
"""Creates players for a load benchmark and writes their access tokens, one per line.

Players are guests created on auth directly (the gateway's credential limit is not under test).
With --gems N, an admin (registered, promoted with `auth users promote`, logged in) grants each
player N gems through `POST /api/wallet/admin/grant` on the gateway, keyed per player.

  python3 scripts/bench/players.py --players 200 --gems 100000000 --out /tmp/gacha_tokens.txt
"""
import argparse
import json
import os
import subprocess
import urllib.request
import uuid

AUTH = "http://127.0.0.1:28081"
GATEWAY = "http://127.0.0.1:28080"


def call(method, url, body=None, token=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    with urllib.request.urlopen(req, timeout=30) as resp:
        raw = resp.read()
        return json.loads(raw) if raw else None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--players", type=int, default=200)
    p.add_argument("--gems", type=int, default=0)
    p.add_argument("--out", required=True)
    p.add_argument("--bin", default=os.environ.get("BIN", "target/release"))
    a = p.parse_args()

    players = [call("POST", AUTH + "/api/auth/guest") for _ in range(a.players)]
    if a.gems:
        email = "bench-admin-%s@example.com" % uuid.uuid4().hex[:8]
        password = "bench admin password"
        call("POST", AUTH + "/api/auth/register",
             {"email": email, "username": "adm" + uuid.uuid4().hex[:8], "password": password})
        env = dict(os.environ, DATABASE_URL="postgres://postgres@127.0.0.1:5432/auth_bench",
                   APP_ENV="development")
        subprocess.run([a.bin + "/auth", "users", "promote", email], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        admin = call("POST", AUTH + "/api/auth/login", {"email": email, "password": password})
        for pl in players:
            call("POST", GATEWAY + "/api/wallet/admin/grant",
                 {"user_id": pl["user"]["id"], "gems": a.gems, "reason": "benchmark"},
                 token=admin["access_token"], headers={"Idempotency-Key": str(uuid.uuid4())})
    with open(a.out, "w") as f:
        for pl in players:
            f.write(pl["access_token"] + "\n")
    print("%d tokens in %s" % (len(players), a.out))


if __name__ == "__main__":
    main()
