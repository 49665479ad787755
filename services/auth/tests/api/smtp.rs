//! A real SMTP server for the tests: `tests/smtp/smtp_sink.py` (aiosmtpd, installed by
//! `make test-deps` into `.run/pyenv`), started per test on a free port; the messages it
//! accepted are read back from its directory.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use uuid::Uuid;

/// A running SMTP server; stopped (and its directory removed) on drop.
pub struct SmtpServer {
    child: Child,
    dir: PathBuf,
    pub port: u16,
}

/// One message as it arrived.
#[derive(Debug, Clone)]
pub struct Mail {
    /// Envelope recipients.
    pub rcpt_to: String,
    /// The `Subject` header.
    pub subject: String,
    /// The body, quoted-printable decoded.
    pub body: String,
}

impl Mail {
    /// The `token` query parameter of the first link in the body.
    pub fn token(&self) -> String {
        let start = self.body.find("http").expect("a link in the mail");
        let link: String = self.body[start..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        let url = url::Url::parse(&link).unwrap();
        url.query_pairs()
            .find(|(k, _)| k == "token")
            .map(|(_, v)| v.into_owned())
            .expect("a token in the link")
    }
}

fn python() -> String {
    if let Ok(python) = std::env::var("AUTH_TEST_PYTHON") {
        return python;
    }
    let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.run/pyenv/bin/python3");
    if std::path::Path::new(venv).exists() {
        venv.to_owned()
    } else {
        "python3".to_owned()
    }
}

impl SmtpServer {
    pub fn start() -> Self {
        let dir = std::env::temp_dir().join(format!("auth-smtp-{}", Uuid::new_v4()));
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp/smtp_sink.py");
        let mut child = Command::new(python())
            .arg(script)
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 for the SMTP server (run `make test-deps`)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().unwrap_or_else(|_| {
            panic!("the SMTP server did not start (is aiosmtpd installed? run `make test-deps`); it said {line:?}")
        });
        SmtpServer { child, dir, port }
    }

    /// `smtp://127.0.0.1:<port>` (plain SMTP, as a test relay speaks it).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<Mail> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut names: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| parse(&std::fs::read_to_string(p).unwrap()))
            .collect()
    }

    /// Waits (up to 10 s) for the `n`-th message (1-based) to `to`.
    pub async fn nth_message_to(&self, to: &str, n: usize) -> Mail {
        for _ in 0..200 {
            let found: Vec<Mail> = self
                .messages()
                .into_iter()
                .filter(|m| m.rcpt_to == to)
                .collect();
            if found.len() >= n {
                return found[n - 1].clone();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no message #{n} to {to} arrived; got {:?}", self.messages());
    }

    /// Waits for the first message to `to`.
    pub async fn message_to(&self, to: &str) -> Mail {
        self.nth_message_to(to, 1).await
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn parse(raw: &str) -> Mail {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    // Unfold continued header lines.
    let head = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
            })
            .unwrap_or_default()
    };
    let quoted = header("Content-Transfer-Encoding").eq_ignore_ascii_case("quoted-printable");
    Mail {
        rcpt_to: header("X-Rcpt-To"),
        subject: header("Subject"),
        body: if quoted {
            decode_quoted_printable(body)
        } else {
            body.to_owned()
        },
    }
}

fn decode_quoted_printable(s: &str) -> String {
    let joined = s.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len() + 1
            && let Some(hex) = joined.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
