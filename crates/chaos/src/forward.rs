//! One TCP forwarder per service, as a Kubernetes Service would be: each new connection goes
//! to the next replica in turn, skipping one that refuses, so a peer URL always reaches a live
//! replica while the other is dead. Open connections die with their replica (callers retry).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};

/// How long one upstream may take to accept before the next is tried.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(500);

/// Starts forwarding `127.0.0.1:listen` (0: any free port) to the `upstreams` (ports on
/// 127.0.0.1); returns the port it listens on.
pub async fn start(listen: u16, upstreams: Vec<u16>) -> anyhow::Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", listen)).await?;
    let port = listener.local_addr()?.port();
    let next = Arc::new(AtomicUsize::new(0));
    let upstreams = Arc::new(upstreams);
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let (next, upstreams) = (next.clone(), upstreams.clone());
            tokio::spawn(async move {
                let first = next.fetch_add(1, Ordering::Relaxed);
                for i in 0..upstreams.len() {
                    let port = upstreams[(first + i) % upstreams.len()];
                    let connect = TcpStream::connect(("127.0.0.1", port));
                    if let Ok(Ok(mut server)) = tokio::time::timeout(CONNECT_TIMEOUT, connect).await
                    {
                        let mut client = client;
                        let _ = client.set_nodelay(true);
                        let _ = server.set_nodelay(true);
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                        return;
                    }
                }
            });
        }
    });
    Ok(port)
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// An upstream that answers each connection with its own name.
    async fn named(name: u8) -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((mut conn, _)) = listener.accept().await {
                let _ = conn.write_all(&[name]).await;
            }
        });
        port
    }

    async fn ask(port: u16) -> Option<u8> {
        let mut conn = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
        let mut buf = [0u8; 1];
        conn.read_exact(&mut buf).await.ok()?;
        Some(buf[0])
    }

    #[tokio::test]
    async fn connections_alternate_between_live_replicas_and_skip_a_dead_one() {
        let (a, b) = (named(b'a').await, named(b'b').await);
        // A port nobody listens on any more: a dead replica.
        let dead = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let both = start(0, vec![a, b]).await.unwrap();
        let mut seen = Vec::new();
        for _ in 0..4 {
            seen.push(ask(both).await.unwrap());
        }
        seen.sort_unstable();
        assert_eq!(seen, b"aabb", "round robin over two live replicas");

        let one = start(0, vec![dead, a]).await.unwrap();
        for _ in 0..4 {
            assert_eq!(ask(one).await, Some(b'a'), "the dead replica is skipped");
        }
        let none = start(0, vec![dead]).await.unwrap();
        assert_eq!(
            ask(none).await,
            None,
            "no live replica: the connection closes"
        );
    }
}
