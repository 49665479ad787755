//! A TCP link between two services that a test can break: put it in front of a peer (point the
//! caller's peer URL at [`FaultyLink::url`]) and switch its [`LinkMode`] to play an outage.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the link does with connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum LinkMode {
    /// Forwards both ways.
    Up = 0,
    /// Accepts and closes at once: the caller sees the peer as unreachable.
    Refuse = 1,
    /// Forwards requests but never returns the answers: the peer acted, the answer was lost.
    LoseAnswers = 2,
}

/// A TCP forwarder to one peer. Changing the mode drops the connections already open, so a
/// caller's pooled keep-alive connection cannot slip past an outage.
pub struct FaultyLink {
    addr: SocketAddr,
    mode: Arc<AtomicU8>,
    live: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl FaultyLink {
    /// Starts forwarding from a free local port to `upstream`.
    pub async fn start(upstream: SocketAddr) -> FaultyLink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("binding the link: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("the link's address: {e}"));
        let mode = Arc::new(AtomicU8::new(LinkMode::Up as u8));
        let live = Arc::new(Mutex::new(Vec::new()));
        let (shared, tasks) = (mode.clone(), live.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                // Reading the mode and registering the pipe under the lock `set` takes: a
                // connection accepted while the mode changes is either dropped by `set` or
                // gets the new mode, never kept with the old one (a pooled Redis connection
                // slipped past an outage that way).
                let Ok(mut tasks) = tasks.lock() else { break };
                let mode = shared.load(Ordering::SeqCst);
                tasks.retain(|t: &JoinHandle<()>| !t.is_finished());
                tasks.push(tokio::spawn(pipe(client, upstream, mode)));
            }
        });
        FaultyLink { addr, mode, live }
    }

    /// Where callers connect.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>/`, for a peer URL.
    pub fn url(&self) -> url::Url {
        format!("http://{}/", self.addr)
            .parse()
            .unwrap_or_else(|e| panic!("the link's URL: {e}"))
    }

    /// Switches the mode for new connections and drops the open ones.
    pub fn set(&self, mode: LinkMode) {
        if let Ok(mut tasks) = self.live.lock() {
            self.mode.store(mode as u8, Ordering::SeqCst);
            for task in tasks.drain(..) {
                task.abort();
            }
        }
    }
}

async fn pipe(mut client: TcpStream, upstream: SocketAddr, mode: u8) {
    if mode == LinkMode::Refuse as u8 {
        return;
    }
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return;
    };
    if mode == LinkMode::Up as u8 {
        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
        return;
    }
    let (mut client_read, _client_write) = client.split();
    let (mut server_read, mut server_write) = server.split();
    let forward = tokio::io::copy(&mut client_read, &mut server_write);
    let swallow = async {
        let mut buf = [0u8; 4096];
        while let Ok(n) = server_read.read(&mut buf).await {
            if n == 0 {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        tokio::join!(forward, swallow)
    })
    .await;
}
