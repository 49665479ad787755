//! A WebSocket test client for the gateway's protocols: connect with a token, send JSON frames,
//! read JSON frames with a deadline so a missing frame fails the test instead of hanging it.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;

use crate::TestApp;

/// A client WebSocket of the tests.
pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// How long a test waits for a frame it expects.
pub const FRAME_DEADLINE: Duration = Duration::from_secs(10);

/// Connects to `path` on `app` (the gateway) with `token` as `?token=`.
pub async fn connect(app: &TestApp, path: &str, token: &str) -> Socket {
    let sep = if path.contains('?') { '&' } else { '?' };
    let url = format!("ws://127.0.0.1:{}{path}{sep}token={token}", app.port);
    tokio_tungstenite::connect_async(url)
        .await
        .unwrap_or_else(|e| panic!("connecting to {path}: {e}"))
        .0
}

/// Sends one JSON text frame.
pub async fn send(socket: &mut Socket, frame: Value) {
    socket
        .send(Message::text(frame.to_string()))
        .await
        .unwrap_or_else(|e| panic!("sending {frame}: {e}"));
}

/// The next JSON text frame (other frames skipped), within [`FRAME_DEADLINE`].
pub async fn next(socket: &mut Socket) -> Value {
    loop {
        let msg = tokio::time::timeout(FRAME_DEADLINE, socket.next())
            .await
            .unwrap_or_else(|_| panic!("no frame within {FRAME_DEADLINE:?}"));
        match msg {
            Some(Ok(Message::Text(text))) => {
                return serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("frame is not JSON ({e}): {text}"));
            }
            Some(Ok(_)) => continue,
            other => panic!("socket closed or failed: {other:?}"),
        }
    }
}

/// The next frame, which must have `key` == `value` (strict order).
pub async fn expect(socket: &mut Socket, key: &str, value: &str) -> Value {
    let frame = next(socket).await;
    assert_eq!(frame[key], value, "expected {key}={value}, got {frame}");
    frame
}

/// Frames until one with `key` == `value`.
pub async fn until(socket: &mut Socket, key: &str, value: &str) -> Value {
    loop {
        let frame = next(socket).await;
        if frame[key] == value {
            return frame;
        }
    }
}

/// The next text frame if one arrives within `wait`.
pub async fn silent(socket: &mut Socket, wait: Duration) -> Option<Value> {
    match tokio::time::timeout(wait, socket.next()).await {
        Ok(Some(Ok(Message::Text(text)))) => serde_json::from_str(&text).ok(),
        _ => None,
    }
}

/// The close frame the server sends next (other messages skipped), within [`FRAME_DEADLINE`].
pub async fn next_close(socket: &mut Socket) -> Option<CloseFrame> {
    loop {
        match tokio::time::timeout(FRAME_DEADLINE, socket.next())
            .await
            .unwrap_or_else(|_| panic!("no close frame within {FRAME_DEADLINE:?}"))
        {
            Some(Ok(Message::Close(frame))) => return frame,
            Some(Ok(_)) => continue,
            other => panic!("expected a close frame, got {other:?}"),
        }
    }
}
