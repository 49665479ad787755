//! WebSocket helpers for the dialect tests.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use testkit::TestApp;
use tokio_tungstenite::tungstenite::Message;

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Connects to `path` on the gateway with `token`.
pub async fn connect(gw: &TestApp, path: &str, token: &str) -> Socket {
    let sep = if path.contains('?') { '&' } else { '?' };
    let url = format!("ws://127.0.0.1:{}{path}{sep}token={token}", gw.port);
    tokio_tungstenite::connect_async(url).await.unwrap().0
}

pub async fn send(socket: &mut Socket, frame: Value) {
    socket.send(Message::text(frame.to_string())).await.unwrap();
}

/// The next JSON text frame.
pub async fn next(socket: &mut Socket) -> Value {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("a frame within 10 s")
            .expect("socket open")
            .unwrap();
        if let Message::Text(text) = msg {
            return serde_json::from_str(&text).unwrap();
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

/// Whether a frame arrives within `wait`.
pub async fn silent(socket: &mut Socket, wait: Duration) -> Option<Value> {
    match tokio::time::timeout(wait, socket.next()).await {
        Ok(Some(Ok(Message::Text(text)))) => Some(serde_json::from_str(&text).unwrap()),
        _ => None,
    }
}
