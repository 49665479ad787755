//! The WebSocket transport under every gateway connection: frames parsed by actix-http's
//! server codec (size limit, masking, continuation order) straight off the TCP socket.
//!
//! Memory is the point: an idle connection holds its socket and codec and no buffer. Reads wait
//! for readiness, take a buffer only while bytes are there and let it go once every whole frame
//! is out of it; writes go from the caller's bytes to the socket (frame header and payload
//! vectored, so a shared event frame is never copied), and only an interrupted frame's unwritten
//! rest is kept, which also makes every method here cancel-safe.

use std::collections::VecDeque;
use std::io::{self, IoSlice};
use std::time::Duration;

use actix_codec::Decoder;
use actix_http::ws::{Codec, Frame, Item, OpCode, ProtocolError};
use actix_web::rt::net::TcpStream;
use actix_web::web::{Bytes, BytesMut};
use bytestring::ByteString;
use tokio::io::AsyncWriteExt;
use tokio::time::Instant;

pub use actix_http::ws::{CloseCode, CloseReason};

/// A client that accepts nothing for this long is dropped (its socket buffers are full).
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Bytes asked of the socket at a time; a larger frame grows the buffer while it arrives.
const READ_CHUNK: usize = 4096;
/// How long closing may take: our close frame out, then the peer's end of the stream in.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);
/// Input read ahead while a write waits, at least (see [`Socket::flush_within`]).
const READ_AHEAD: usize = 32 * 1024;
/// Frames given to one vectored write (two slices each, well under `IOV_MAX`).
const FRAMES_PER_WRITE: usize = 32;

/// A message from the client, fragmented messages already joined.
#[derive(Debug)]
pub enum Message {
    /// A text message (valid UTF-8).
    Text(ByteString),
    /// A binary message.
    Binary(Bytes),
    /// A ping, to be answered with a pong carrying the same bytes.
    Ping(Bytes),
    /// A pong.
    Pong,
    /// The client is closing.
    Close,
}

/// Why a message could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The peer went away (end of stream or a socket error).
    Gone,
    /// A frame, or a fragmented message, is larger than the limit.
    Overflow,
    /// The client broke the protocol (unmasked frame, bad opcode or fragment order, bad UTF-8).
    Protocol,
}

/// Why the connection ends.
#[derive(Debug)]
pub enum End {
    /// The client went away (or closed first).
    Gone,
    /// Close with this code and reason.
    Close(CloseCode, &'static str),
}

impl From<ReadError> for End {
    fn from(err: ReadError) -> Self {
        match err {
            ReadError::Gone => End::Gone,
            ReadError::Overflow => End::Close(CloseCode::Size, "frame too large"),
            ReadError::Protocol => End::Close(CloseCode::Protocol, "protocol error"),
        }
    }
}

/// A server-side WebSocket over a TCP stream whose handshake is done.
pub struct Socket {
    io: TcpStream,
    codec: Codec,
    max_message: usize,
    /// Received bytes not parsed yet; `None` whenever there are none.
    received: Option<BytesMut>,
    /// A fragmented message being joined: whether it is text, and its bytes so far.
    joining: Option<(bool, BytesMut)>,
    /// Frames queued and not (fully) written yet, oldest first; empty and unallocated while
    /// idle.
    unsent: VecDeque<Unsent>,
    /// A message may be ready without the socket becoming readable again.
    more: bool,
    /// The client sent a close frame (it gets one back).
    peer_closed: bool,
}

struct Unsent {
    header: [u8; 10],
    /// Header bytes already written, and the header's length.
    written: u8,
    len: u8,
    payload: Bytes,
}

impl Socket {
    /// Wraps an upgraded stream; `received` is what the client sent after its handshake
    /// request, and `max_message` bounds frames and joined fragmented messages alike.
    pub fn new(io: TcpStream, received: BytesMut, max_message: usize) -> Self {
        let received = (!received.is_empty()).then_some(received);
        Socket {
            io,
            codec: Codec::new().max_size(max_message),
            max_message,
            more: received.is_some(),
            received,
            joining: None,
            unsent: VecDeque::new(),
            peer_closed: false,
        }
    }

    /// Resolves when [`Socket::try_next`] may have a message. Cancel-safe (for `select!`).
    pub async fn ready(&self) -> io::Result<()> {
        if self.more {
            return Ok(());
        }
        self.io.readable().await
    }

    /// The next whole message if one has arrived, `Ok(None)` when the socket has nothing more
    /// for now (wait on [`Socket::ready`] again).
    pub fn try_next(&mut self) -> Result<Option<Message>, ReadError> {
        loop {
            if let Some(buf) = &mut self.received {
                let frame = self.codec.decode(buf);
                if buf.is_empty() {
                    self.received = None;
                }
                if let Some(frame) = frame.map_err(|e| match e {
                    ProtocolError::Overflow => ReadError::Overflow,
                    _ => ReadError::Protocol,
                })? {
                    match self.join(frame)? {
                        Some(msg) => {
                            self.more = true;
                            return Ok(Some(msg));
                        }
                        None => continue,
                    }
                }
            }
            let buf = self.received.get_or_insert_with(BytesMut::new);
            buf.reserve(READ_CHUNK);
            match self.io.try_read_buf(buf) {
                Ok(0) => return Err(ReadError::Gone),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if buf.is_empty() {
                        self.received = None;
                    }
                    self.more = false;
                    return Ok(None);
                }
                Err(_) => return Err(ReadError::Gone),
            }
        }
    }

    /// A frame as a message, or `None` while a fragmented message is still arriving.
    fn join(&mut self, frame: Frame) -> Result<Option<Message>, ReadError> {
        let msg = match frame {
            Frame::Text(bytes) => Message::Text(utf8(bytes)?),
            Frame::Binary(bytes) => Message::Binary(bytes),
            Frame::Ping(bytes) => Message::Ping(bytes),
            Frame::Pong(_) => Message::Pong,
            Frame::Close(_) => {
                self.peer_closed = true;
                Message::Close
            }
            Frame::Continuation(Item::FirstText(part)) => {
                self.joining = Some((true, BytesMut::from(&part[..])));
                return Ok(None);
            }
            Frame::Continuation(Item::FirstBinary(part)) => {
                self.joining = Some((false, BytesMut::from(&part[..])));
                return Ok(None);
            }
            Frame::Continuation(Item::Continue(part)) => {
                self.append(&part)?;
                return Ok(None);
            }
            Frame::Continuation(Item::Last(part)) => {
                self.append(&part)?;
                let (text, whole) = self.joining.take().ok_or(ReadError::Protocol)?;
                let whole = whole.freeze();
                if text {
                    Message::Text(utf8(whole)?)
                } else {
                    Message::Binary(whole)
                }
            }
        };
        Ok(Some(msg))
    }

    fn append(&mut self, part: &[u8]) -> Result<(), ReadError> {
        let (_, so_far) = self.joining.as_mut().ok_or(ReadError::Protocol)?;
        if so_far.len() + part.len() > self.max_message {
            return Err(ReadError::Overflow);
        }
        so_far.extend_from_slice(part);
        Ok(())
    }

    /// Sends a text frame; `payload` must be UTF-8 (a `String`'s or an event frame's bytes).
    pub async fn text(&mut self, payload: impl Into<Bytes>) -> Result<(), End> {
        self.send(OpCode::Text, payload.into()).await
    }

    /// Sends a ping.
    pub async fn ping(&mut self) -> Result<(), End> {
        self.send(OpCode::Ping, Bytes::new()).await
    }

    /// Answers a ping.
    pub async fn pong(&mut self, payload: Bytes) -> Result<(), End> {
        self.send(OpCode::Pong, payload).await
    }

    /// Queues a text frame without writing it: a burst of frames then costs one system call
    /// at [`Socket::flush`].
    pub fn queue_text(&mut self, payload: impl Into<Bytes>) {
        self.queue(OpCode::Text, payload.into());
    }

    /// Frames queued and not written yet.
    pub fn queued(&self) -> usize {
        self.unsent.len()
    }

    fn queue(&mut self, op: OpCode, payload: Bytes) {
        let (header, len) = frame_header(op, payload.len());
        self.unsent.push_back(Unsent {
            header,
            written: 0,
            len,
            payload,
        });
    }

    /// Writes one frame (after any queued ones).
    async fn send(&mut self, op: OpCode, payload: Bytes) -> Result<(), End> {
        self.queue(op, payload);
        self.flush().await
    }

    /// Writes every queued frame; a client that accepts nothing for [`WRITE_TIMEOUT`] is a
    /// slow consumer (closed with 1013).
    pub async fn flush(&mut self) -> Result<(), End> {
        match self.flush_within(WRITE_TIMEOUT).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::TimedOut => Err(End::Close(
                CloseCode::Again,
                "slow consumer: writes stalled",
            )),
            Err(_) => Err(End::Gone),
        }
    }

    /// Writes the queued frames, waiting at most `limit` for the socket to take bytes (the
    /// timer starts only when it does not).
    ///
    /// While it waits, it keeps reading what the client sends (up to a bound): a client that
    /// flushes its own writes before it reads (tungstenite does) would otherwise stop reading
    /// when we stop reading, and both sides would wait on each other until the write timeout.
    async fn flush_within(&mut self, limit: Duration) -> io::Result<()> {
        let mut deadline = None;
        while !self.unsent.is_empty() {
            match self.try_write() {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    let deadline = *deadline.get_or_insert_with(|| Instant::now() + limit);
                    let room = self.received.as_ref().map_or(0, BytesMut::len)
                        < self.max_message.max(READ_AHEAD);
                    let woke = tokio::time::timeout_at(deadline, async {
                        tokio::select! {
                            biased;
                            writable = self.io.writable() => writable.map(|()| false),
                            readable = self.io.readable(), if room => readable.map(|()| true),
                        }
                    });
                    let readable = woke
                        .await
                        .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))??;
                    if readable {
                        self.read_ahead()?;
                    }
                }
                Err(e) => return Err(e),
            }
        }
        // A burst's queue is not kept by an idle connection.
        self.unsent = VecDeque::new();
        Ok(())
    }

    /// One vectored write of the queued frames. Not async, so the slice array lives on the
    /// stack rather than in every connection's future.
    fn try_write(&mut self) -> io::Result<()> {
        let mut bufs = [IoSlice::new(&[]); 2 * FRAMES_PER_WRITE];
        for (frame, pair) in self.unsent.iter().zip(bufs.chunks_exact_mut(2)) {
            pair[0] =
                IoSlice::new(&frame.header[usize::from(frame.written)..usize::from(frame.len)]);
            pair[1] = IoSlice::new(&frame.payload);
        }
        let slices = 2 * self.unsent.len().min(FRAMES_PER_WRITE);
        let mut n = self.io.try_write_vectored(&bufs[..slices])?;
        if n == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        while let Some(frame) = self.unsent.front_mut() {
            let size = frame.remaining();
            if n < size {
                frame.advance(n);
                break;
            }
            n -= size;
            self.unsent.pop_front();
        }
        Ok(())
    }

    /// Moves what the client has sent into the receive buffer, for [`Socket::try_next`].
    fn read_ahead(&mut self) -> io::Result<()> {
        let buf = self.received.get_or_insert_with(BytesMut::new);
        buf.reserve(READ_CHUNK);
        let read = self.io.try_read_buf(buf);
        if buf.is_empty() {
            self.received = None;
        }
        match read {
            Ok(0) => Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(_) => {
                self.more = true;
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Ends the connection: with a close frame for [`End::Close`], with the echo of the
    /// client's close frame for [`End::Gone`] after one; then waits briefly for the client's
    /// end of the stream, so that unread input cannot turn our close into a reset.
    pub async fn finish(mut self, end: End) {
        let payload = match end {
            End::Close(code, why) => close_payload(code, why),
            End::Gone if self.peer_closed => Bytes::new(),
            End::Gone => return,
        };
        let _ = tokio::time::timeout(CLOSE_TIMEOUT, async {
            self.queue(OpCode::Close, payload);
            self.flush_within(CLOSE_TIMEOUT).await?;
            self.io.shutdown().await?;
            let mut sink = [0u8; 512];
            loop {
                self.io.readable().await?;
                match self.io.try_read(&mut sink) {
                    Ok(0) => return io::Result::Ok(()),
                    Ok(_) => {}
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    Err(e) => return Err(e),
                }
            }
        })
        .await;
    }
}

impl Unsent {
    /// Bytes not written yet.
    fn remaining(&self) -> usize {
        usize::from(self.len - self.written) + self.payload.len()
    }

    /// Marks `n` more bytes written; `true` when the frame is out.
    fn advance(&mut self, mut n: usize) -> bool {
        let header_left = usize::from(self.len - self.written);
        let from_header = n.min(header_left);
        // At most 10, so the cast is exact.
        self.written += u8::try_from(from_header).unwrap_or(0);
        n -= from_header;
        self.payload = self.payload.slice(n..);
        self.written == self.len && self.payload.is_empty()
    }
}

/// A server frame's header (final, unmasked) for `len` payload bytes, and its length.
fn frame_header(op: OpCode, len: usize) -> ([u8; 10], u8) {
    let mut header = [0u8; 10];
    header[0] = 0x80 | u8::from(op);
    if let Ok(short) = u8::try_from(len)
        && short < 126
    {
        header[1] = short;
        (header, 2)
    } else if let Ok(medium) = u16::try_from(len) {
        header[1] = 126;
        header[2..4].copy_from_slice(&medium.to_be_bytes());
        (header, 4)
    } else {
        header[1] = 127;
        header[2..10].copy_from_slice(&(len as u64).to_be_bytes());
        (header, 10)
    }
}

/// A close frame's payload: the code, then the reason (cut to fit a control frame's 125 bytes).
fn close_payload(code: CloseCode, why: &str) -> Bytes {
    let mut payload = Vec::with_capacity(2 + why.len());
    payload.extend_from_slice(&u16::from(code).to_be_bytes());
    let mut end = why.len().min(123);
    while !why.is_char_boundary(end) {
        end -= 1;
    }
    payload.extend_from_slice(&why.as_bytes()[..end]);
    Bytes::from(payload)
}

fn utf8(bytes: Bytes) -> Result<ByteString, ReadError> {
    ByteString::try_from(bytes).map_err(|_| ReadError::Protocol)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_http::ws::Parser;

    #[test]
    fn frame_headers_match_the_codecs_encoding() {
        for len in [0, 1, 125, 126, 127, 65_535, 65_536, 70_000] {
            let payload = vec![b'x'; len];
            let mut expected = BytesMut::new();
            Parser::write_message(&mut expected, &payload[..], OpCode::Text, true, false);
            let (header, header_len) = frame_header(OpCode::Text, len);
            let header_len = usize::from(header_len);
            assert_eq!(&expected[..header_len], &header[..header_len], "len {len}");
            assert_eq!(expected.len(), header_len + len, "len {len}");
        }
    }

    #[test]
    fn partial_writes_advance_through_header_then_payload() {
        let (header, len) = frame_header(OpCode::Text, 300);
        let mut unsent = Unsent {
            header,
            written: 0,
            len,
            payload: Bytes::from(vec![b'a'; 300]),
        };
        assert!(!unsent.advance(3));
        assert_eq!((unsent.written, unsent.payload.len()), (3, 300));
        assert!(!unsent.advance(101));
        assert_eq!((unsent.written, unsent.payload.len()), (4, 200));
        assert!(unsent.advance(200));
    }

    #[test]
    fn close_reasons_fit_a_control_frame() {
        let payload = close_payload(CloseCode::Size, &"é".repeat(100));
        assert!(payload.len() <= 125);
        assert_eq!(&payload[..2], &1009u16.to_be_bytes());
        assert!(std::str::from_utf8(&payload[2..]).is_ok());
    }
}
