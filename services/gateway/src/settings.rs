//! Gateway settings, read from the environment beside the common ones.
//!
//! | variable | default |
//! |---|---|
//! | `CORS_ALLOWED_ORIGINS` | `http://localhost:3000,http://localhost:5173,http://127.0.0.1:3000,http://127.0.0.1:5173` (comma-separated; `*` allows any origin without credentials) |
//! | `GATEWAY_TIMEOUT_MS` | `10000` (upstream answer deadline for most routes) |
//! | `GATEWAY_SLOW_TIMEOUT_MS` | `60000` (for `/api/ai`, `/api/assets`, `/cdn`) |
//! | `GATEWAY_MAX_UPLOAD_BYTES` | `10485760`: body limit of asset uploads (`PUT /api/assets/{id}/versions/{v}/content`), streamed through; asset applies its own `ASSET_MAX_SIZE_BYTES` as the bytes arrive. Other bodies keep `HTTP_MAX_BODY_BYTES` |
//! | `GATEWAY_TRUST_FORWARDED_FOR` | `false` (use the first `X-Forwarded-For` hop as the client IP; enable only behind a trusted proxy) |
//! | `RATE_LIMIT_WINDOW_SECS` | `60` |
//! | `RATE_LIMIT_PER_IP` | `1200` requests per window |
//! | `RATE_LIMIT_PER_USER` | `600` requests per window |
//! | `RATE_LIMIT_AUTH_PER_IP` | `20` login/register/guest/refresh attempts per window |
//! | `WS_MAX_FRAME_BYTES` | `16384` (larger client frames close the socket with 1009) |
//! | `WS_MESSAGES_PER_SECOND` | `120` (client frames per second; a burst of twice that is allowed) |
//! | `WS_MAX_SUBSCRIPTIONS` | `32` per connection |
//! | `WS_OUTBOUND_QUEUE` | `512` frames queued per connection before it is closed as a slow consumer (1013) |
//! | `WS_HEARTBEAT_SECS` | `20` (server ping interval; silent clients are closed after three) |
//! | `WS_MEMBERSHIP_CACHE_MS` | `2000` (how long a room/battle membership answer is reused) |
//! | `JJJ_API_KEYS` | `jumpjumpjump-dev-key` in development, empty (off) in production, which refuses the development key: comma-separated deployment keys the JumpJumpJump client may send as `X-API-Key` on its `/api` routes (README "Running a seed's client") |
//! | `JJJ_GUEST_ROOMS` | `true`: `/ws/room/{id}` without a token plays as a per-connection guest in co-op rooms |
//! | `SOCKETIO_PING_INTERVAL_MS` | `25000` (Engine.IO `pingInterval`: the server's heartbeat) |
//! | `SOCKETIO_PING_TIMEOUT_MS` | `20000` (Engine.IO `pingTimeout`: a pong later than this closes the session) |
//! | `SOCKETIO_CONNECT_TIMEOUT_MS` | `45000` (an Engine.IO session without an authenticated Socket.IO connection is closed after this) |
//! | `SOCKETIO_MAX_POLLING_SESSIONS` | `10000` (long-polling sessions one gateway holds; handshakes past it get 503) |
//! | `GATEWAY_PLAY_DIR` | `clients/typescript/demo/dist` (the demo client served at `/play/`; relative to the working directory, which `make run` sets to the repository; empty turns `/play/` off) |

use std::path::PathBuf;
use std::time::Duration;

use anyhow::bail;
use common::settings::{Env, ProcessEnv, ServiceSettings, Source};
use secrecy::{ExposeSecret, SecretString};

/// Everything the gateway reads beyond the common settings.
#[derive(Debug, Clone)]
pub struct GatewaySettings {
    /// Origins allowed by CORS; `["*"]` means any (then without credentials).
    pub cors_origins: Vec<String>,
    /// Upstream deadline for ordinary routes.
    pub timeout: Duration,
    /// Upstream deadline for generation and file routes.
    pub slow_timeout: Duration,
    /// Body limit of asset uploads (every other body keeps `HTTP_MAX_BODY_BYTES`).
    pub max_upload_bytes: usize,
    /// Take the client IP from `X-Forwarded-For`.
    pub trust_forwarded_for: bool,
    /// Rate-limit window.
    pub rate_window: Duration,
    /// Requests per window per client IP.
    pub rate_per_ip: u64,
    /// Requests per window per authenticated user.
    pub rate_per_user: u64,
    /// Login/register/guest/refresh requests per window per client IP.
    pub rate_auth_per_ip: u64,
    /// WebSocket limits (Socket.IO's too: packet size, rate, queue).
    pub ws: WsLimits,
    /// The JumpJumpJump deployment keys (`X-API-Key`); empty turns key access off.
    pub jjj_api_keys: Vec<SecretString>,
    /// Token-less `/ws/room/{id}` connections play as guests in co-op rooms.
    pub jjj_guest_rooms: bool,
    /// Socket.IO's Engine.IO timings and polling-session bound.
    pub socketio: SocketIoSettings,
    /// The demo client's built files, served at `/play/`; `None` serves nothing there.
    pub play_dir: Option<PathBuf>,
}

/// Socket.IO (`/socket.io/`) settings beyond the WebSocket limits it shares.
#[derive(Debug, Clone)]
pub struct SocketIoSettings {
    /// Engine.IO `pingInterval`.
    pub ping_interval: Duration,
    /// Engine.IO `pingTimeout`.
    pub ping_timeout: Duration,
    /// How long a session may stay without an authenticated Socket.IO connection.
    pub connect_timeout: Duration,
    /// Long-polling sessions held at once by this gateway.
    pub max_polling_sessions: usize,
}

/// The development JumpJumpJump key, on by default outside production and refused in it.
pub const DEV_JJJ_API_KEY: &str = "jumpjumpjump-dev-key";

/// Per-connection WebSocket limits.
#[derive(Debug, Clone)]
pub struct WsLimits {
    /// Largest client frame.
    pub max_frame_bytes: usize,
    /// Sustained client frames per second.
    pub messages_per_second: u32,
    /// Topics one connection may hold.
    pub max_subscriptions: usize,
    /// Outbound frames queued before the client counts as too slow.
    pub outbound_queue: usize,
    /// Server ping interval.
    pub heartbeat: Duration,
    /// Reuse of a membership/relayable answer.
    pub membership_cache: Duration,
}

impl ServiceSettings for GatewaySettings {
    fn from_env() -> anyhow::Result<Self> {
        Self::load(&ProcessEnv)
    }
}

impl GatewaySettings {
    /// Reads `source`.
    pub fn load(source: &dyn Source) -> anyhow::Result<Self> {
        let env = Env(source);
        let origins = env.string(
            "CORS_ALLOWED_ORIGINS",
            "http://localhost:3000,http://localhost:5173,http://127.0.0.1:3000,http://127.0.0.1:5173",
        );
        let production = matches!(
            env.string("APP_ENV", "development").as_str(),
            "production" | "prod"
        );
        let jjj_api_keys: Vec<SecretString> = env
            .string(
                "JJJ_API_KEYS",
                if production { "" } else { DEV_JJJ_API_KEY },
            )
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(|k| SecretString::from(k.to_owned()))
            .collect();
        if production
            && jjj_api_keys
                .iter()
                .any(|k| k.expose_secret() == DEV_JJJ_API_KEY)
        {
            bail!(
                "production refuses the development JJJ_API_KEYS key {DEV_JJJ_API_KEY:?}: set random keys or none"
            );
        }
        let settings = GatewaySettings {
            jjj_api_keys,
            jjj_guest_rooms: env.parse("JJJ_GUEST_ROOMS", true)?,
            cors_origins: origins
                .split(',')
                .map(|o| o.trim().trim_end_matches('/').to_owned())
                .filter(|o| !o.is_empty())
                .collect(),
            timeout: env.millis("GATEWAY_TIMEOUT_MS", 10_000)?,
            slow_timeout: env.millis("GATEWAY_SLOW_TIMEOUT_MS", 60_000)?,
            max_upload_bytes: env.parse("GATEWAY_MAX_UPLOAD_BYTES", 10 * 1024 * 1024usize)?,
            trust_forwarded_for: env.parse("GATEWAY_TRUST_FORWARDED_FOR", false)?,
            rate_window: Duration::from_secs(env.parse("RATE_LIMIT_WINDOW_SECS", 60u64)?.max(1)),
            rate_per_ip: env.parse("RATE_LIMIT_PER_IP", 1200u64)?,
            rate_per_user: env.parse("RATE_LIMIT_PER_USER", 600u64)?,
            rate_auth_per_ip: env.parse("RATE_LIMIT_AUTH_PER_IP", 20u64)?,
            ws: WsLimits {
                max_frame_bytes: env.parse("WS_MAX_FRAME_BYTES", 16 * 1024usize)?.max(256),
                messages_per_second: env.parse("WS_MESSAGES_PER_SECOND", 120u32)?.max(1),
                max_subscriptions: env.parse("WS_MAX_SUBSCRIPTIONS", 32usize)?.max(1),
                outbound_queue: env.parse("WS_OUTBOUND_QUEUE", 512usize)?.max(1),
                heartbeat: Duration::from_secs(env.parse("WS_HEARTBEAT_SECS", 20u64)?.max(1)),
                membership_cache: env.millis("WS_MEMBERSHIP_CACHE_MS", 2000)?,
            },
            socketio: SocketIoSettings {
                ping_interval: env
                    .millis("SOCKETIO_PING_INTERVAL_MS", 25_000)?
                    .max(Duration::from_millis(100)),
                ping_timeout: env
                    .millis("SOCKETIO_PING_TIMEOUT_MS", 20_000)?
                    .max(Duration::from_millis(100)),
                connect_timeout: env
                    .millis("SOCKETIO_CONNECT_TIMEOUT_MS", 45_000)?
                    .max(Duration::from_millis(100)),
                max_polling_sessions: env.parse("SOCKETIO_MAX_POLLING_SESSIONS", 10_000usize)?,
            },
            play_dir: Some(env.string("GATEWAY_PLAY_DIR", "clients/typescript/demo/dist"))
                .filter(|dir| !dir.trim().is_empty())
                .map(PathBuf::from),
        };
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::settings::env_map;

    #[test]
    fn the_development_jjj_key_is_on_in_development_and_refused_in_production() {
        let dev = GatewaySettings::load(&env_map(&[])).unwrap();
        assert_eq!(dev.jjj_api_keys.len(), 1);
        assert_eq!(dev.jjj_api_keys[0].expose_secret(), DEV_JJJ_API_KEY);
        let prod = GatewaySettings::load(&env_map(&[("APP_ENV", "production")])).unwrap();
        assert!(prod.jjj_api_keys.is_empty(), "off unless configured");
        let err = GatewaySettings::load(&env_map(&[
            ("APP_ENV", "production"),
            ("JJJ_API_KEYS", "a-real-key, jumpjumpjump-dev-key"),
        ]))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(err.contains("JJJ_API_KEYS"), "{err}");
        let keys = GatewaySettings::load(&env_map(&[("JJJ_API_KEYS", " k1 ,,k2 ")])).unwrap();
        let keys: Vec<_> = keys
            .jjj_api_keys
            .iter()
            .map(|k| k.expose_secret().to_owned())
            .collect();
        assert_eq!(keys, ["k1", "k2"]);
    }
}
