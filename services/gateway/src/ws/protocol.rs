//! The native WebSocket protocol (API.md "WebSocket"): JSON frames with an `op`.

use serde::Deserialize;
use serde_json::{Value, json};

/// A frame from the client.
#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ClientFrame {
    /// Start receiving a topic, replaying what came after `since`.
    Subscribe {
        /// The topic.
        topic: String,
        /// The last event id the client saw.
        since: Option<String>,
    },
    /// Stop receiving a topic.
    Unsubscribe {
        /// The topic.
        topic: String,
    },
    /// Relay a state update to the topic's members (only types the owner marked relayable).
    Send {
        /// The topic.
        topic: String,
        /// The event type.
        #[serde(rename = "type")]
        kind: String,
        /// The payload (an object).
        #[serde(default)]
        data: Value,
    },
    /// Ask the owning service to do something with rules; answered by a `reply` with `ref`.
    Action {
        /// The owning service, e.g. `room`.
        service: String,
        /// The action, e.g. `submit_vote`.
        #[serde(rename = "type")]
        kind: String,
        /// Its arguments.
        #[serde(default)]
        data: Value,
        /// Echoed in the reply.
        #[serde(rename = "ref", default)]
        reference: Value,
    },
    /// Application-level ping; answered with `pong`.
    Ping,
}

/// `{"op":"welcome",...}`
pub fn welcome(user_id: uuid::Uuid, limits: &crate::settings::WsLimits) -> String {
    json!({
        "op": "welcome",
        "user_id": user_id,
        "limits": {
            "max_frame_bytes": limits.max_frame_bytes,
            "messages_per_second": limits.messages_per_second,
            "max_subscriptions": limits.max_subscriptions,
        }
    })
    .to_string()
}

/// `{"op":"error","code":...,"detail":...}`, optionally about a topic or ref.
pub fn error(code: &str, detail: &str, about: Option<(&str, &Value)>) -> String {
    let mut frame = json!({ "op": "error", "code": code, "detail": detail });
    if let (Some((key, value)), Some(obj)) = (about, frame.as_object_mut()) {
        obj.insert(key.to_owned(), value.clone());
    }
    frame.to_string()
}

/// `{"op":"subscribed","topic":...}`
pub fn subscribed(topic: &str, replayed: usize) -> String {
    json!({ "op": "subscribed", "topic": topic, "replayed": replayed }).to_string()
}

/// `{"op":"unsubscribed","topic":...}`
pub fn unsubscribed(topic: &str) -> String {
    json!({ "op": "unsubscribed", "topic": topic }).to_string()
}

/// `{"op":"reply","ref":..,"ok":true,"data":..}`
pub fn reply_ok(reference: &Value, data: Value) -> String {
    json!({ "op": "reply", "ref": reference, "ok": true, "data": data }).to_string()
}

/// `{"op":"reply","ref":..,"ok":false,"error":{"code","detail"}}`
pub fn reply_err(reference: &Value, code: &str, detail: &str) -> String {
    json!({ "op": "reply", "ref": reference, "ok": false, "error": { "code": code, "detail": detail } })
        .to_string()
}

/// `{"op":"pong"}`
pub const PONG: &str = r#"{"op":"pong"}"#;

/// The `event` frame for an envelope as published (`{"id":...}`): the envelope's fields with
/// `"op":"event"` in front, built by splicing bytes so the envelope is never re-encoded.
pub fn event_frame(envelope: &[u8]) -> Option<String> {
    let rest = std::str::from_utf8(envelope).ok()?.strip_prefix('{')?;
    let mut frame = String::with_capacity(rest.len() + 14);
    frame.push_str("{\"op\":\"event\",");
    frame.push_str(rest);
    Some(frame)
}

/// The event id at the start of a published envelope (`{"id":"<ms>-<seq>",`), parsed for
/// ordering.
pub fn envelope_id(envelope: &[u8]) -> Option<StreamId> {
    let rest = envelope.strip_prefix(b"{\"id\":\"")?;
    let end = rest.iter().position(|b| *b == b'"')?;
    StreamId::parse(std::str::from_utf8(&rest[..end]).ok()?)
}

/// A Redis stream id, ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct StreamId(pub u64, pub u64);

impl StreamId {
    /// Parses `ms-seq` or `ms`.
    pub fn parse(raw: &str) -> Option<Self> {
        let (ms, seq) = raw.split_once('-').unwrap_or((raw, "0"));
        Some(StreamId(ms.parse().ok()?, seq.parse().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_frames_splice_the_envelope() {
        let env = br#"{"id":"5-1","topic":"global","type":"t","ts":1,"data":{}}"#;
        let frame: Value = serde_json::from_str(&event_frame(env).unwrap()).unwrap();
        assert_eq!(frame["op"], "event");
        assert_eq!(frame["id"], "5-1");
        assert_eq!(envelope_id(env), Some(StreamId(5, 1)));
        assert!(StreamId(5, 1) < StreamId(5, 2) && StreamId(5, 9) < StreamId(6, 0));
    }

    #[test]
    fn client_frames_parse() {
        let f: ClientFrame = serde_json::from_str(
            r#"{"op":"action","service":"room","type":"vote","data":{},"ref":"7"}"#,
        )
        .unwrap();
        assert!(matches!(f, ClientFrame::Action { reference, .. } if reference == "7"));
        assert!(serde_json::from_str::<ClientFrame>(r#"{"op":"nope"}"#).is_err());
    }
}
