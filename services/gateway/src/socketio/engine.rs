//! Engine.IO protocol v4 packets (<https://socket.io/docs/v4/engine-io-protocol/>): a one-digit
//! type and a text payload; polling payloads join packets with the record separator `\x1e`.
//! Binary packets (`b<base64>` in polling, binary frames over WebSocket) are refused: the
//! voting client never sends them.

use serde::Serialize;

/// Separates packets in a polling payload.
pub const SEPARATOR: char = '\x1e';

/// The packet types of Engine.IO v4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `0`: the handshake (server to client).
    Open,
    /// `1`: the transport closes.
    Close,
    /// `2`: heartbeat ping (the server's, or `2probe` during an upgrade).
    Ping,
    /// `3`: heartbeat pong (the client's, or `3probe`).
    Pong,
    /// `4`: a message: here a Socket.IO packet.
    Message,
    /// `5`: the client switches to the new transport.
    Upgrade,
    /// `6`: no-op, releases a pending poll during an upgrade.
    Noop,
}

impl Kind {
    fn of(digit: u8) -> Option<Self> {
        Some(match digit {
            b'0' => Kind::Open,
            b'1' => Kind::Close,
            b'2' => Kind::Ping,
            b'3' => Kind::Pong,
            b'4' => Kind::Message,
            b'5' => Kind::Upgrade,
            b'6' => Kind::Noop,
            _ => return None,
        })
    }

    fn digit(self) -> char {
        match self {
            Kind::Open => '0',
            Kind::Close => '1',
            Kind::Ping => '2',
            Kind::Pong => '3',
            Kind::Message => '4',
            Kind::Upgrade => '5',
            Kind::Noop => '6',
        }
    }
}

/// One decoded packet; `data` borrows the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<'a> {
    /// Its type.
    pub kind: Kind,
    /// Whatever follows the type digit.
    pub data: &'a str,
}

/// Why a packet or payload was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketError {
    /// Empty, or not starting with a known type digit.
    Malformed,
    /// A binary (`b...`) packet.
    Binary,
    /// Longer than the advertised `maxPayload`.
    TooLarge,
    /// A polling payload with more packets than one request may carry.
    TooMany,
}

/// Decodes one packet (a WebSocket text frame, or one record of a polling payload).
pub fn decode(text: &str) -> Result<Packet<'_>, PacketError> {
    let first = *text.as_bytes().first().ok_or(PacketError::Malformed)?;
    if first == b'b' {
        return Err(PacketError::Binary);
    }
    let kind = Kind::of(first).ok_or(PacketError::Malformed)?;
    // The type digit is ASCII, so byte 1 is a character boundary.
    Ok(Packet {
        kind,
        data: &text[1..],
    })
}

/// Decodes a polling request body of at most `max_bytes` holding at most `max_packets`.
pub fn decode_payload(
    body: &str,
    max_bytes: usize,
    max_packets: usize,
) -> Result<Vec<Packet<'_>>, PacketError> {
    if body.len() > max_bytes {
        return Err(PacketError::TooLarge);
    }
    let mut packets = Vec::new();
    for record in body.split(SEPARATOR) {
        if packets.len() == max_packets {
            return Err(PacketError::TooMany);
        }
        packets.push(decode(record)?);
    }
    Ok(packets)
}

/// Encodes a packet of `kind` carrying `data`.
pub fn encode(kind: Kind, data: &str) -> String {
    let mut out = String::with_capacity(data.len() + 1);
    out.push(kind.digit());
    out.push_str(data);
    out
}

/// The handshake's `0{...}` body.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Handshake<'a> {
    /// The session id (the `sid` of every later polling request and of the upgrade).
    pub sid: &'a str,
    /// Transports the client may upgrade to.
    pub upgrades: &'a [&'a str],
    /// Milliseconds between the server's pings.
    pub ping_interval: u64,
    /// Milliseconds the server waits for a pong.
    pub ping_timeout: u64,
    /// Largest payload (bytes) the server accepts in one frame or polling request.
    pub max_payload: usize,
}

impl Handshake<'_> {
    /// The `open` packet.
    pub fn packet(&self) -> String {
        encode(
            Kind::Open,
            &serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned()),
        )
    }
}

/// The error bodies Engine.IO servers answer refused HTTP requests with (`{code, message}`),
/// which the official client reports as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpError {
    /// `transport` missing or not `polling` / `websocket`.
    UnknownTransport,
    /// `sid` names no live session (or one on another transport).
    UnknownSid,
    /// A handshake that is not a GET.
    BadHandshakeMethod,
    /// Anything else malformed (overlapping polls, bad packets).
    BadRequest,
    /// `EIO` is not `4`.
    UnsupportedProtocolVersion,
}

impl HttpError {
    /// `(code, message)` as Engine.IO numbers and words them.
    pub fn code_and_message(self) -> (u8, &'static str) {
        match self {
            HttpError::UnknownTransport => (0, "Transport unknown"),
            HttpError::UnknownSid => (1, "Session ID unknown"),
            HttpError::BadHandshakeMethod => (2, "Bad handshake method"),
            HttpError::BadRequest => (3, "Bad request"),
            HttpError::UnsupportedProtocolVersion => (5, "Unsupported protocol version"),
        }
    }

    /// The JSON body.
    pub fn body(self) -> String {
        let (code, message) = self.code_and_message();
        serde_json::json!({ "code": code, "message": message }).to_string()
    }
}

/// The transports of Engine.IO v4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// HTTP long-polling.
    Polling,
    /// WebSocket.
    WebSocket,
}

/// The Engine.IO query of a request: `EIO`, `transport` and `sid`.
#[derive(Debug, PartialEq, Eq)]
pub struct Query {
    /// The transport asked for.
    pub transport: TransportKind,
    /// The session, absent on a handshake.
    pub sid: Option<String>,
}

impl Query {
    /// Reads and checks a query string.
    pub fn parse(query: &str) -> Result<Self, HttpError> {
        let (mut eio, mut transport, mut sid) = (None, None, None);
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            match &*key {
                "EIO" => eio = Some(value.into_owned()),
                "transport" => transport = Some(value.into_owned()),
                "sid" => sid = Some(value.into_owned()),
                _ => {}
            }
        }
        if eio.as_deref() != Some("4") {
            return Err(HttpError::UnsupportedProtocolVersion);
        }
        let transport = match transport.as_deref() {
            Some("polling") => TransportKind::Polling,
            Some("websocket") => TransportKind::WebSocket,
            _ => return Err(HttpError::UnknownTransport),
        };
        Ok(Query { transport, sid })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packets_decode_to_their_type_and_data() {
        assert_eq!(
            decode("2probe"),
            Ok(Packet {
                kind: Kind::Ping,
                data: "probe"
            })
        );
        assert_eq!(decode("3").map(|p| p.kind), Ok(Kind::Pong));
        assert_eq!(decode("42[\"a\"]").map(|p| p.data), Ok("2[\"a\"]"));
        assert_eq!(decode("6").map(|p| p.kind), Ok(Kind::Noop));
        assert_eq!(encode(Kind::Message, "0{}"), "40{}");
    }

    #[test]
    fn malformed_and_binary_packets_are_refused_not_a_panic() {
        for bad in ["", "7", "x", "é", " 4", "\u{1e}"] {
            assert_eq!(decode(bad), Err(PacketError::Malformed), "{bad:?}");
        }
        assert_eq!(decode("bAQID"), Err(PacketError::Binary));
    }

    #[test]
    fn payloads_split_on_the_record_separator_within_limits() {
        let packets = decode_payload("2\u{1e}42[\"x\",{}]\u{1e}3", 100, 8).unwrap();
        assert_eq!(
            packets.iter().map(|p| p.kind).collect::<Vec<_>>(),
            [Kind::Ping, Kind::Message, Kind::Pong]
        );
        assert_eq!(
            decode_payload(&"4x".repeat(60), 100, 8),
            Err(PacketError::TooLarge)
        );
        assert_eq!(
            decode_payload("3\u{1e}3\u{1e}3", 100, 2),
            Err(PacketError::TooMany)
        );
        // An empty record (trailing separator) is malformed, as in Engine.IO.
        assert_eq!(
            decode_payload("3\u{1e}", 100, 8),
            Err(PacketError::Malformed)
        );
        assert_eq!(decode_payload("", 100, 8), Err(PacketError::Malformed));
    }

    #[test]
    fn every_prefix_of_real_payloads_decodes_without_a_panic() {
        let payload = "2\u{1e}42[\"é\",{\"😀\":1}]\u{1e}3\u{1e}bAQID\u{1e}6";
        for (i, _) in payload.char_indices() {
            let _ = decode_payload(&payload[..i], 64, 8);
            let _ = decode_payload(&payload[i..], 64, 8);
            let _ = decode(&payload[i..]);
        }
    }

    #[test]
    fn the_handshake_has_the_fields_the_client_reads() {
        let open = Handshake {
            sid: "abc",
            upgrades: &["websocket"],
            ping_interval: 25_000,
            ping_timeout: 20_000,
            max_payload: 16_384,
        }
        .packet();
        let body: serde_json::Value = serde_json::from_str(&open[1..]).unwrap();
        assert!(open.starts_with('0'));
        assert_eq!(body["sid"], "abc");
        assert_eq!(body["upgrades"][0], "websocket");
        assert_eq!(body["pingInterval"], 25_000);
        assert_eq!(body["pingTimeout"], 20_000);
        assert_eq!(body["maxPayload"], 16_384);
    }

    #[test]
    fn queries_need_eio_4_and_a_known_transport() {
        assert_eq!(
            Query::parse("EIO=4&transport=polling&t=abc"),
            Ok(Query {
                transport: TransportKind::Polling,
                sid: None
            })
        );
        assert_eq!(
            Query::parse("EIO=4&transport=websocket&sid=s1").map(|q| q.sid),
            Ok(Some("s1".to_owned()))
        );
        assert_eq!(
            Query::parse("EIO=3&transport=polling"),
            Err(HttpError::UnsupportedProtocolVersion)
        );
        assert_eq!(
            Query::parse("EIO=4&transport=flash"),
            Err(HttpError::UnknownTransport)
        );
        assert_eq!(
            HttpError::UnknownSid.body(),
            r#"{"code":1,"message":"Session ID unknown"}"#
        );
    }
}
