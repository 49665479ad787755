//! The WebSocket transport and the handshake taken over before routing, driven byte by byte
//! where a client library would not misbehave on purpose.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use testkit::{TestApp, spawn_app};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{CloseCode, Data, OpCode};
use uuid::Uuid;

use crate::helpers::{gateway_settings, next_close};

const TEXT: u8 = 0x1;
const CONTINUATION: u8 = 0x0;
const CLOSE: u8 = 0x8;

async fn gateway(pairs: &[(&str, &str)]) -> TestApp {
    spawn_app(gateway::service(Some(gateway_settings(pairs)))).await
}

/// A handshake request for `target`, as a browser would send it.
fn handshake(target: &str) -> Vec<u8> {
    format!(
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         x-request-id: transport-test-1\r\n\r\n"
    )
    .into_bytes()
}

/// A client frame; `mask` as clients must.
fn client_frame(opcode: u8, fin: bool, payload: &[u8], mask: bool) -> Vec<u8> {
    let mut out = vec![(u8::from(fin) << 7) | opcode];
    let mask_bit = if mask { 0x80 } else { 0 };
    match payload.len() {
        n if n < 126 => out.push(mask_bit | n as u8),
        n => {
            out.push(mask_bit | 126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
    }
    let key = [7u8, 1, 9, 3];
    if mask {
        out.extend_from_slice(&key);
        out.extend(payload.iter().enumerate().map(|(i, b)| b ^ key[i % 4]));
    } else {
        out.extend_from_slice(payload);
    }
    out
}

/// A raw connection: writes `request` (and whatever follows it), reads the response head.
struct Raw {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Raw {
    async fn open(gw: &TestApp, bytes: &[u8]) -> (Raw, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", gw.port)).await.unwrap();
        stream.write_all(bytes).await.unwrap();
        let mut raw = Raw {
            stream,
            buf: Vec::new(),
        };
        let end = loop {
            if let Some(at) = raw.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            raw.fill().await;
        };
        let head = String::from_utf8(raw.buf.drain(..end).collect()).unwrap();
        (raw, head)
    }

    async fn fill(&mut self) -> usize {
        let mut chunk = [0u8; 4096];
        let n = tokio::time::timeout(Duration::from_secs(10), self.stream.read(&mut chunk))
            .await
            .expect("bytes within 10 s")
            .unwrap();
        self.buf.extend_from_slice(&chunk[..n]);
        n
    }

    /// The rest of the stream (a refused handshake's body).
    async fn rest(mut self) -> String {
        while self.fill().await > 0 {}
        String::from_utf8(self.buf).unwrap()
    }

    /// The next server frame: opcode and payload (server frames are never masked).
    async fn frame(&mut self) -> (u8, Vec<u8>) {
        loop {
            if self.buf.len() >= 2 {
                assert_eq!(self.buf[1] & 0x80, 0, "server frames are unmasked");
                let (len, at) = match self.buf[1] & 0x7f {
                    126 if self.buf.len() >= 4 => (
                        usize::from(u16::from_be_bytes([self.buf[2], self.buf[3]])),
                        4,
                    ),
                    127 => panic!("no test frame is that large"),
                    126 => (usize::MAX, 0),
                    n => (usize::from(n), 2),
                };
                if len != usize::MAX && self.buf.len() >= at + len {
                    let opcode = self.buf[0] & 0x0f;
                    let payload = self.buf[at..at + len].to_vec();
                    self.buf.drain(..at + len);
                    return (opcode, payload);
                }
            }
            assert!(self.fill().await > 0, "stream ended before a whole frame");
        }
    }

    async fn text(&mut self) -> Value {
        let (opcode, payload) = self.frame().await;
        assert_eq!(opcode, TEXT, "{payload:?}");
        serde_json::from_slice(&payload).unwrap()
    }
}

fn ws_url(gw: &TestApp, user: Uuid) -> String {
    format!(
        "ws://127.0.0.1:{}/ws?token={}",
        gw.port,
        gw.auth.token_for(user)
    )
}

#[tokio::test]
async fn bytes_sent_right_after_the_handshake_are_not_lost() {
    let gw = gateway(&[]).await;
    let token = gw.auth.token_for(Uuid::new_v4());
    let mut bytes = handshake(&format!("/ws?token={token}"));
    bytes.extend(client_frame(TEXT, true, br#"{"op":"ping"}"#, true));
    let (mut raw, head) = Raw::open(&gw, &bytes).await;
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    assert!(head.contains("x-request-id: transport-test-1"), "{head}");
    assert_eq!(raw.text().await["op"], "welcome");
    assert_eq!(raw.text().await["op"], "pong");
}

#[tokio::test]
async fn fragmented_messages_are_joined() {
    let gw = gateway(&[]).await;
    let token = gw.auth.token_for(Uuid::new_v4());
    let (mut raw, head) = Raw::open(&gw, &handshake(&format!("/ws?token={token}"))).await;
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    assert_eq!(raw.text().await["op"], "welcome");
    let mut fragments = client_frame(TEXT, false, br#"{"op""#, true);
    fragments.extend(client_frame(CONTINUATION, false, b":", true));
    // A ping between fragments is answered without breaking the message.
    fragments.extend(client_frame(0x9, true, b"mid", true));
    fragments.extend(client_frame(CONTINUATION, true, br#""ping"}"#, true));
    raw.stream.write_all(&fragments).await.unwrap();
    assert_eq!(raw.frame().await, (0xA, b"mid".to_vec()));
    assert_eq!(raw.text().await["op"], "pong");
}

#[tokio::test]
async fn a_fragmented_message_over_the_limit_closes_with_1009() {
    let gw = gateway(&[("WS_MAX_FRAME_BYTES", "1024")]).await;
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_url(&gw, Uuid::new_v4()))
        .await
        .unwrap();
    let part = "x".repeat(600);
    let first = Frame::message(part.clone(), OpCode::Data(Data::Text), false);
    let last = Frame::message(part, OpCode::Data(Data::Continue), true);
    socket.send(Message::Frame(first)).await.unwrap();
    socket.send(Message::Frame(last)).await.unwrap();
    let close = next_close(&mut socket).await;
    assert_eq!(close.unwrap().code, CloseCode::Size);
}

#[tokio::test]
async fn pings_are_answered_with_the_same_bytes() {
    let gw = gateway(&[]).await;
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_url(&gw, Uuid::new_v4()))
        .await
        .unwrap();
    socket
        .send(Message::Ping(b"are you there".to_vec().into()))
        .await
        .unwrap();
    loop {
        match tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .unwrap()
        {
            Some(Ok(Message::Pong(bytes))) => {
                assert_eq!(&bytes[..], b"are you there");
                break;
            }
            Some(Ok(_)) => continue,
            other => panic!("expected a pong, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_unmasked_client_frame_closes_with_a_protocol_error() {
    let gw = gateway(&[]).await;
    let token = gw.auth.token_for(Uuid::new_v4());
    let (mut raw, _) = Raw::open(&gw, &handshake(&format!("/ws?token={token}"))).await;
    assert_eq!(raw.text().await["op"], "welcome");
    raw.stream
        .write_all(&client_frame(TEXT, true, br#"{"op":"ping"}"#, false))
        .await
        .unwrap();
    let (opcode, payload) = raw.frame().await;
    assert_eq!(opcode, CLOSE);
    assert_eq!(u16::from_be_bytes([payload[0], payload[1]]), 1002);
}

#[tokio::test]
async fn the_client_closing_gets_its_close_echoed() {
    let gw = gateway(&[]).await;
    let token = gw.auth.token_for(Uuid::new_v4());
    let (mut raw, _) = Raw::open(&gw, &handshake(&format!("/ws?token={token}"))).await;
    assert_eq!(raw.text().await["op"], "welcome");
    raw.stream
        .write_all(&client_frame(CLOSE, true, &1000u16.to_be_bytes(), true))
        .await
        .unwrap();
    assert_eq!(raw.frame().await.0, CLOSE);
}

#[tokio::test]
async fn an_upgrade_to_an_unknown_path_is_404_problem_json() {
    let gw = gateway(&[]).await;
    let (raw, head) = Raw::open(&gw, &handshake("/nope")).await;
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    assert!(head.contains("application/problem+json"), "{head}");
    assert!(head.contains("x-request-id: transport-test-1"), "{head}");
    let body: Value = serde_json::from_str(&raw.rest().await).unwrap();
    assert_eq!(body["code"], "not_found");
}

#[tokio::test]
async fn an_upgrade_without_a_token_is_401_problem_json() {
    // `/ws/room` takes token-less guests unless `JJJ_GUEST_ROOMS` is off.
    let guests_off = gateway(&[("JJJ_GUEST_ROOMS", "false")]).await;
    for target in ["/ws", "/ws/room/new"] {
        let (raw, head) = Raw::open(&guests_off, &handshake(target)).await;
        assert!(head.starts_with("HTTP/1.1 401"), "{target}: {head}");
        assert!(head.contains("application/problem+json"), "{head}");
        let body: Value = serde_json::from_str(&raw.rest().await).unwrap();
        assert_eq!(body["code"], "missing_token");
    }
    let gw = gateway(&[]).await;
    let (_, head) = Raw::open(&gw, &handshake("/ws/room/new")).await;
    assert!(head.starts_with("HTTP/1.1 101"), "a guest: {head}");
    let (_, head) = Raw::open(&gw, &handshake("/ws")).await;
    assert!(head.starts_with("HTTP/1.1 401"), "{head}");
}

#[tokio::test]
async fn plain_gets_of_websocket_paths_are_refused_as_before() {
    let gw = gateway(&[]).await;
    let token = gw.auth.token_for(Uuid::new_v4());
    let status = |path: String| {
        let client = gw.client.clone();
        let url = gw.url(&path);
        async move { client.get(url).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(status("/ws".to_owned()).await, 401);
    assert_eq!(status(format!("/ws?token={token}")).await, 400);
    assert_eq!(status(format!("/ws/room/new?token={token}")).await, 400);
    assert_eq!(status("/api/v1/ws".to_owned()).await, 400);
    assert_eq!(status("/healthz".to_owned()).await, 200);
}
