//! Socket.IO protocol v5 packets (<https://socket.io/docs/v4/socket-io-protocol/>), carried in
//! Engine.IO `message` packets: `<type>[<attachments>-][<namespace>,][<ack id>][<JSON>]`.
//! Only the main namespace is served; binary packets (types 5 and 6) are refused.

use serde_json::Value;

/// A packet from the client.
#[derive(Debug, Clone, PartialEq)]
pub enum Packet {
    /// `0`: connect to `namespace`, with the handshake's `auth` object if any.
    Connect {
        /// The namespace (`/` when omitted).
        namespace: String,
        /// The `auth` payload (`{token}` from the voting client).
        auth: Option<Value>,
    },
    /// `1`: leave `namespace`.
    Disconnect {
        /// The namespace.
        namespace: String,
    },
    /// `2`: an emit.
    Event {
        /// The namespace.
        namespace: String,
        /// The event's name.
        name: String,
        /// Its first argument (`null` when none): the seed always sends one object.
        data: Value,
        /// The id to acknowledge with, when the client asked for an ack.
        ack: Option<u64>,
    },
    /// `3`: the client acknowledges one of ours (we never ask, so it is ignored).
    Ack,
}

/// Why a Socket.IO packet was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketError {
    /// Not a packet of protocol v5 (unknown type, bad namespace, bad JSON, an event without a
    /// name, a packet only servers send).
    Malformed,
    /// A binary event or ack (attachments follow as binary frames, which are not served).
    Binary,
}

/// The main namespace.
pub const MAIN: &str = "/";

/// Decodes one packet.
pub fn decode(text: &str) -> Result<Packet, PacketError> {
    let bytes = text.as_bytes();
    let kind = *bytes.first().ok_or(PacketError::Malformed)?;
    if matches!(kind, b'5' | b'6') {
        return Err(PacketError::Binary);
    }
    if !matches!(kind, b'0'..=b'4') {
        return Err(PacketError::Malformed);
    }
    // Every delimiter below is ASCII, so each slice lands on a character boundary.
    let mut rest = &text[1..];
    let namespace = if rest.starts_with('/') {
        let end = rest.find(',').unwrap_or(rest.len());
        let ns = &rest[..end];
        rest = rest.get(end + 1..).unwrap_or_default();
        ns.to_owned()
    } else {
        MAIN.to_owned()
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let ack = match digits {
        0 => None,
        _ => Some(
            rest[..digits]
                .parse::<u64>()
                .map_err(|_| PacketError::Malformed)?,
        ),
    };
    rest = &rest[digits..];
    let json = || -> Result<Option<Value>, PacketError> {
        if rest.is_empty() {
            return Ok(None);
        }
        serde_json::from_str(rest)
            .map(Some)
            .map_err(|_| PacketError::Malformed)
    };
    match kind {
        b'0' => {
            let auth = json()?;
            if auth.as_ref().is_some_and(|a| !a.is_object()) || ack.is_some() {
                return Err(PacketError::Malformed);
            }
            Ok(Packet::Connect { namespace, auth })
        }
        b'1' => Ok(Packet::Disconnect { namespace }),
        b'2' => {
            let Some(Value::Array(mut args)) = json()? else {
                return Err(PacketError::Malformed);
            };
            if args.is_empty() {
                return Err(PacketError::Malformed);
            }
            let Value::String(name) = args.remove(0) else {
                return Err(PacketError::Malformed);
            };
            let data = if args.is_empty() {
                Value::Null
            } else {
                args.swap_remove(0)
            };
            Ok(Packet::Event {
                namespace,
                name,
                data,
                ack,
            })
        }
        b'3' => Ok(Packet::Ack),
        _ => Err(PacketError::Malformed),
    }
}

/// `0{"sid"}`: connected to the main namespace.
pub fn connected(sid: &str) -> String {
    format!("0{}", serde_json::json!({ "sid": sid }))
}

/// `4{"message"}`: connection to `namespace` refused.
pub fn connect_error(namespace: &str, message: &str) -> String {
    let body = serde_json::json!({ "message": message });
    if namespace == MAIN {
        format!("4{body}")
    } else {
        format!("4{namespace},{body}")
    }
}

/// `1`: the server disconnects the client from the main namespace.
pub fn disconnect() -> &'static str {
    "1"
}

/// `2["name",<data>]` with `data` already JSON.
pub fn event(name: &str, data_json: &str) -> String {
    let name = Value::String(name.to_owned()).to_string();
    let mut out = String::with_capacity(name.len() + data_json.len() + 4);
    out.push_str("2[");
    out.push_str(&name);
    out.push(',');
    out.push_str(data_json);
    out.push(']');
    out
}

/// `3<id>[<value>]`: the answer to an emit that asked for an ack.
pub fn ack(id: u64, value: &Value) -> String {
    format!("3{id}[{value}]")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn connects_carry_the_namespace_and_auth() {
        assert_eq!(
            decode("0"),
            Ok(Packet::Connect {
                namespace: "/".into(),
                auth: None
            })
        );
        assert_eq!(
            decode(r#"0{"token":"t"}"#),
            Ok(Packet::Connect {
                namespace: "/".into(),
                auth: Some(json!({ "token": "t" }))
            })
        );
        assert_eq!(
            decode(r#"0/admin,{"token":"t"}"#),
            Ok(Packet::Connect {
                namespace: "/admin".into(),
                auth: Some(json!({ "token": "t" }))
            })
        );
        assert_eq!(decode("0\"token\""), Err(PacketError::Malformed));
    }

    #[test]
    fn events_have_a_name_a_payload_and_maybe_an_ack_id() {
        assert_eq!(
            decode(r#"2["join_room",{"room_code":"ABC234"}]"#),
            Ok(Packet::Event {
                namespace: "/".into(),
                name: "join_room".into(),
                data: json!({ "room_code": "ABC234" }),
                ack: None
            })
        );
        assert_eq!(
            decode(r#"2/,12["leave_room"]"#),
            Ok(Packet::Event {
                namespace: "/".into(),
                name: "leave_room".into(),
                data: Value::Null,
                ack: Some(12)
            })
        );
        assert_eq!(
            decode("1"),
            Ok(Packet::Disconnect {
                namespace: "/".into()
            })
        );
    }

    #[test]
    fn malformed_and_binary_packets_are_refused_not_a_panic() {
        for bad in [
            "",
            "2",
            "2[]",
            "2[1,2]",
            "2{\"a\":1}",
            "2[\"x\"",
            "299999999999999999999999[\"x\"]",
            "4{\"message\":\"x\"}",
            "9",
            "é",
            "2/ns",
        ] {
            assert_eq!(decode(bad), Err(PacketError::Malformed), "{bad:?}");
        }
        assert_eq!(
            decode(r#"51-["upload",{"_placeholder":true,"num":0}]"#),
            Err(PacketError::Binary)
        );
        assert_eq!(decode("61-0[]"), Err(PacketError::Binary));
    }

    #[test]
    fn every_prefix_and_mutation_of_real_packets_decodes_without_a_panic() {
        let samples = [
            r#"0{"token":"é.ü"}"#,
            r#"0/admin,{"token":"t"}"#,
            r#"2/,12["join_room",{"room_code":"ABC234","x":"😀"}]"#,
            r#"51-["upload",{"_placeholder":true,"num":0}]"#,
            "1/ns,",
            "3/,7[]",
        ];
        for sample in samples {
            for (i, _) in sample.char_indices() {
                let _ = decode(&sample[..i]);
                let _ = decode(&sample[i..]);
                let mut mutated = sample.to_owned();
                mutated.insert(i, 'é');
                let _ = decode(&mutated);
            }
        }
    }

    #[test]
    fn server_packets_encode_as_the_client_expects() {
        assert_eq!(connected("s1"), r#"0{"sid":"s1"}"#);
        assert_eq!(connect_error("/", "no token"), r#"4{"message":"no token"}"#);
        assert_eq!(
            connect_error("/x", "Invalid namespace"),
            r#"4/x,{"message":"Invalid namespace"}"#
        );
        assert_eq!(
            event("vote_update", r#"{"vote_count":1}"#),
            r#"2["vote_update",{"vote_count":1}]"#
        );
        assert_eq!(
            ack(3, &json!({ "success": true })),
            r#"33[{"success":true}]"#
        );
    }
}
