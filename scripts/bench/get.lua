-- GET of one path ($URL_PATH), no auth: the CDN benchmark.
package.path = "scripts/bench/?.lua;" .. package.path
local c = require("common")
wrk.path = os.getenv("URL_PATH") or "/"
done = c.done
