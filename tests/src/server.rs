//! A tiny HTTP/1.1 server for the end-to-end tests.
//!
//! The tests start a [`TestServer`] on `127.0.0.1` with an ephemeral port,
//! point a generated SDK client at [`TestServer::url`], queue
//! [`CannedResponse`]s and afterwards look at the [`RecordedRequest`]s that
//! arrived. It is deliberately small and built on the standard library only
//! (plus `serde_json` for [`RecordedRequest::body_json`]):
//!
//! * one thread polls a non-blocking listener, one thread serves each
//!   connection; a connection may carry any number of requests in sequence
//!   (keep-alive), and several connections may be open at once;
//! * every complete request is recorded *before* it is answered, and taking
//!   the next canned response happens under the same lock, so requests and
//!   responses pair up in arrival order across connections;
//! * when the queue is empty the server answers `500` with
//!   [`EXHAUSTED_BODY`];
//! * malformed input, idle connections (no bytes for [`IDLE_TIMEOUT`]) and
//!   clients that hang up simply end that connection; server threads never
//!   panic on input;
//! * dropping the [`TestServer`] stops all of its threads (within a few
//!   tens of milliseconds) and closes the listener before `drop` returns.

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Body of the `500` answer sent once the canned responses are used up.
pub const EXHAUSTED_BODY: &str =
    r#"{"__type":"TestServerExhausted","message":"no canned response left"}"#;

/// A connection that sends no bytes for this long while the server waits
/// for (the rest of) a request is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// Content type used by [`CannedResponse::json`] and the exhausted answer.
const JSON_CONTENT_TYPE: &str = "application/x-amz-json-1.0";
/// How long the accept loop sleeps when no connection is pending.
const ACCEPT_POLL: Duration = Duration::from_millis(5);
/// Granularity of blocking reads, so that threads notice the stop flag.
const READ_SLICE: Duration = Duration::from_millis(25);
/// Upper bound for writing one response to a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest accepted request head (request line, headers, chunk trailers).
const MAX_HEAD: usize = 64 * 1024;
/// Largest accepted request body.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, as sent (e.g. `POST`).
    pub method: String,
    /// The request target, as sent (e.g. `/`).
    pub path: String,
    /// Header names lowercased, values trimmed, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked if it was sent with `Transfer-Encoding: chunked`.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The value of the first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// All values of the headers called `name` (case-insensitive), in order.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON.
    ///
    /// # Panics
    ///
    /// If the body is not valid JSON; the message shows the request and body.
    pub fn body_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body of request {} {} is not valid JSON ({e}): {:?}",
                self.method,
                self.path,
                self.body_text()
            )
        })
    }
}

/// What the server answers to one request.
#[derive(Debug, Clone)]
pub enum CannedResponse {
    /// A complete response: status, headers (Content-Length is added for
    /// you unless `headers` already has one), body.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Sends the status line and headers with `Content-Length:
    /// declared_length`, writes `body` (at most `declared_length - 1` bytes
    /// of it, so the response is always short when `declared_length > 0`),
    /// then closes the connection. Any `Content-Length` in `headers` is
    /// ignored.
    Truncated {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        declared_length: usize,
    },
    /// Waits this long before answering with the inner response (to trigger
    /// client timeouts). If the client hangs up meanwhile (EOF or error on
    /// the socket), the response is dropped and the connection closed; the
    /// response still counts as used.
    Delayed(Duration, Box<CannedResponse>),
    /// Closes the connection without answering (an empty reply).
    Close,
    /// Sends the status line and headers with `Content-Length:
    /// declared_length` and `body` (at most `declared_length - 1` bytes of
    /// it), then does what `then` says instead of finishing the response.
    /// Any `Content-Length` in `headers` is ignored.
    Interrupted {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        declared_length: usize,
        then: Interruption,
    },
}

/// How a [`CannedResponse::Interrupted`] response ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interruption {
    /// Resets the connection (TCP RST, no FIN): the client sees "connection
    /// reset" in the middle of the body.
    Reset,
    /// Sends nothing more for this long (or until the client hangs up),
    /// then closes the connection.
    Stall(Duration),
}

impl CannedResponse {
    /// A [`CannedResponse::Full`] with `content-type:
    /// application/x-amz-json-1.0` and `body`.
    pub fn json(status: u16, body: &str) -> Self {
        CannedResponse::Full {
            status,
            headers: vec![("content-type".to_owned(), JSON_CONTENT_TYPE.to_owned())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A [`CannedResponse::Full`] with no headers and an empty body.
    pub fn empty(status: u16) -> Self {
        CannedResponse::Full {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A [`CannedResponse::Truncated`] JSON response: declares
    /// `declared_length` bytes but sends only `partial_body` before closing.
    pub fn truncated_json(status: u16, partial_body: &str, declared_length: usize) -> Self {
        CannedResponse::Truncated {
            status,
            headers: vec![("content-type".to_owned(), JSON_CONTENT_TYPE.to_owned())],
            body: partial_body.as_bytes().to_vec(),
            declared_length,
        }
    }

    /// Wraps `self` in [`CannedResponse::Delayed`].
    pub fn delayed(self, delay: Duration) -> Self {
        CannedResponse::Delayed(delay, Box::new(self))
    }

    /// A [`CannedResponse::Interrupted`] JSON response: declares
    /// `declared_length` bytes, sends `partial_body`, then `then`.
    pub fn interrupted_json(
        status: u16,
        partial_body: &str,
        declared_length: usize,
        then: Interruption,
    ) -> Self {
        CannedResponse::Interrupted {
            status,
            headers: vec![("content-type".to_owned(), JSON_CONTENT_TYPE.to_owned())],
            body: partial_body.as_bytes().to_vec(),
            declared_length,
            then,
        }
    }

    /// Appends a header to a `Full`, `Truncated` or `Interrupted` response
    /// (also inside `Delayed`). `Close` has no headers and is returned
    /// unchanged.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        match &mut self {
            CannedResponse::Full { headers, .. }
            | CannedResponse::Truncated { headers, .. }
            | CannedResponse::Interrupted { headers, .. } => {
                headers.push((name.to_owned(), value.to_owned()));
            }
            CannedResponse::Delayed(_, inner) => {
                let taken = std::mem::replace(inner.as_mut(), CannedResponse::Close);
                **inner = taken.with_header(name, value);
            }
            CannedResponse::Close => {}
        }
        self
    }

    fn exhausted() -> Self {
        CannedResponse::json(500, EXHAUSTED_BODY)
    }
}

/// A running test server; stops (threads joined, listener closed) on drop.
pub struct TestServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept_thread: Option<JoinHandle<()>>,
}

impl fmt::Debug for TestServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl TestServer {
    /// Starts a server on `127.0.0.1` (ephemeral port) that answers requests
    /// with `responses` in order; once they are used up it answers `500`
    /// with [`EXHAUSTED_BODY`].
    ///
    /// # Panics
    ///
    /// If the listener cannot be bound or the accept thread not spawned.
    pub fn start(responses: Vec<CannedResponse>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("test server: bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("test server: set listener non-blocking");
        let addr = listener
            .local_addr()
            .expect("test server: listener address");
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                queue: responses.into(),
                requests: Vec::new(),
            }),
            stop: AtomicBool::new(false),
        });
        let accept_shared = Arc::clone(&shared);
        let accept_thread = thread::Builder::new()
            .name(format!("test-server-{}", addr.port()))
            .spawn(move || accept_loop(listener, accept_shared))
            .expect("test server: spawn accept thread");
        TestServer {
            addr,
            shared,
            accept_thread: Some(accept_thread),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The listening address (`127.0.0.1:PORT`).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every complete request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// Queues one more response after the ones already queued.
    pub fn push(&self, response: CannedResponse) {
        self.shared.lock().queue.push_back(response);
    }

    /// How many queued responses have not been used yet.
    pub fn remaining(&self) -> usize {
        self.shared.lock().queue.len()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(handle) = self.accept_thread.take() {
            // The accept thread closes the listener and joins the
            // connection threads before it returns.
            let _ = handle.join();
        }
    }
}

struct Shared {
    state: Mutex<State>,
    stop: AtomicBool,
}

struct State {
    queue: VecDeque<CannedResponse>,
    requests: Vec<RecordedRequest>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections: Vec<JoinHandle<()>> = Vec::new();
    while !shared.stopping() {
        match listener.accept() {
            Ok((stream, _)) => {
                let conn_shared = Arc::clone(&shared);
                let spawned = thread::Builder::new()
                    .name("test-server-conn".to_owned())
                    .spawn(move || serve_connection(stream, conn_shared));
                // If the thread cannot be spawned the stream was dropped
                // with the closure, which closes the connection.
                if let Ok(handle) = spawned {
                    connections.push(handle);
                }
                connections.retain(|h| !h.is_finished());
            }
            // WouldBlock (nothing pending) or a transient error such as
            // EMFILE / ECONNABORTED: wait a little and poll again.
            Err(_) => thread::sleep(ACCEPT_POLL),
        }
    }
    drop(listener);
    for handle in connections {
        let _ = handle.join();
    }
}

fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    let configured = stream
        .set_nonblocking(false)
        .and_then(|()| stream.set_read_timeout(Some(READ_SLICE)))
        .and_then(|()| stream.set_write_timeout(Some(WRITE_TIMEOUT)));
    if configured.is_err() {
        return;
    }
    let _ = stream.set_nodelay(true);
    let mut conn = Connection {
        stream,
        buf: Vec::new(),
        pos: 0,
        shared,
        reset: false,
    };
    while let Ok(incoming) = conn.read_request() {
        let head_only = incoming.request.method.eq_ignore_ascii_case("HEAD");
        let response = {
            let mut state = conn.shared.lock();
            state.requests.push(incoming.request);
            state.queue.pop_front()
        };
        let response = response.unwrap_or_else(CannedResponse::exhausted);
        match conn.respond(response, incoming.keep_alive, head_only) {
            Ok(true) => {}
            Ok(false) | Err(Gone) => break,
        }
    }
    if conn.reset {
        // Dropping the socket with a zero linger time sends RST instead of FIN.
        return;
    }
    let _ = conn.stream.flush();
    let _ = conn.stream.shutdown(Shutdown::Both);
}

/// The connection is finished: EOF, I/O error, timeout, malformed input or
/// server stop.
struct Gone;

struct Incoming {
    request: RecordedRequest,
    keep_alive: bool,
}

struct Connection {
    stream: TcpStream,
    /// Bytes read from the socket; `buf[pos..]` is not consumed yet.
    buf: Vec<u8>,
    pos: usize,
    shared: Arc<Shared>,
    /// The connection is to be reset rather than closed.
    reset: bool,
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted
    )
}

impl Connection {
    /// Reads at least one more byte into `buf`.
    fn fill(&mut self) -> Result<(), Gone> {
        let deadline = Instant::now() + IDLE_TIMEOUT;
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if self.shared.stopping() {
                return Err(Gone);
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err(Gone),
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(());
                }
                Err(e) if is_timeout(&e) => {
                    if Instant::now() >= deadline {
                        return Err(Gone);
                    }
                }
                Err(_) => return Err(Gone),
            }
        }
    }

    /// Reads one line, without its `\n` / `\r\n`.
    fn read_line(&mut self) -> Result<Vec<u8>, Gone> {
        loop {
            if let Some(i) = self.buf[self.pos..].iter().position(|&b| b == b'\n') {
                let start = self.pos;
                let mut end = start + i;
                self.pos = end + 1;
                if end > start && self.buf[end - 1] == b'\r' {
                    end -= 1;
                }
                return Ok(self.buf[start..end].to_vec());
            }
            if self.buf.len() - self.pos > MAX_HEAD {
                return Err(Gone);
            }
            self.fill()?;
        }
    }

    /// Reads exactly `n` bytes.
    fn read_exact(&mut self, n: usize) -> Result<Vec<u8>, Gone> {
        while self.buf.len() - self.pos < n {
            self.fill()?;
        }
        let out = self.buf[self.pos..self.pos + n].to_vec();
        self.pos += n;
        Ok(out)
    }

    fn read_request(&mut self) -> Result<Incoming, Gone> {
        self.buf.drain(..self.pos);
        self.pos = 0;

        // Tolerate a few stray empty lines before the request line.
        let mut line = self.read_line()?;
        let mut skipped = 0;
        while line.is_empty() {
            skipped += 1;
            if skipped > 8 {
                return Err(Gone);
            }
            line = self.read_line()?;
        }
        let line = String::from_utf8(line).map_err(|_| Gone)?;
        let mut parts = line.split(' ');
        let (method, path, version) = match (parts.next(), parts.next(), parts.next(), parts.next())
        {
            (Some(m), Some(p), Some(v), None) if !m.is_empty() && !p.is_empty() => (m, p, v),
            _ => return Err(Gone),
        };
        let http10 = match version {
            "HTTP/1.1" => false,
            "HTTP/1.0" => true,
            _ => return Err(Gone),
        };

        let mut headers = Vec::new();
        loop {
            let line = self.read_line()?;
            if line.is_empty() {
                break;
            }
            if self.pos > MAX_HEAD {
                return Err(Gone);
            }
            let line = String::from_utf8_lossy(&line);
            let (name, value) = line.split_once(':').ok_or(Gone)?;
            if name.is_empty() || name.bytes().any(|b| b <= b' ' || b >= 0x7f) {
                return Err(Gone);
            }
            headers.push((
                name.to_ascii_lowercase(),
                value.trim_matches([' ', '\t']).to_owned(),
            ));
        }

        let mut request = RecordedRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            headers,
            body: Vec::new(),
        };

        let codings = request.header_all("transfer-encoding").join(",");
        let chunked = if codings.trim().is_empty() {
            false
        } else {
            let last = codings.rsplit(',').next().unwrap_or("").trim();
            if !last.eq_ignore_ascii_case("chunked") {
                // The body length cannot be determined.
                return Err(Gone);
            }
            true
        };
        let content_length = if chunked {
            0
        } else {
            let mut length = None;
            for value in request.header_all("content-length") {
                for item in value.split(',') {
                    let n: usize = item.trim().parse().map_err(|_| Gone)?;
                    if length.is_some_and(|l| l != n) {
                        return Err(Gone);
                    }
                    length = Some(n);
                }
            }
            length.unwrap_or(0)
        };
        if content_length > MAX_BODY {
            return Err(Gone);
        }

        let expects_continue = request
            .header("expect")
            .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"));
        if expects_continue && (chunked || content_length > 0) {
            self.stream
                .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                .map_err(|_| Gone)?;
        }

        request.body = if chunked {
            self.read_chunked()?
        } else {
            self.read_exact(content_length)?
        };

        let connection = request.header_all("connection").join(",");
        let has_token = |token: &str| {
            connection
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case(token))
        };
        let keep_alive = if has_token("close") {
            false
        } else if http10 {
            has_token("keep-alive")
        } else {
            true
        };
        Ok(Incoming {
            request,
            keep_alive,
        })
    }

    fn read_chunked(&mut self) -> Result<Vec<u8>, Gone> {
        let mut body = Vec::new();
        loop {
            let line = self.read_line()?;
            let line = std::str::from_utf8(&line).map_err(|_| Gone)?;
            let size = line.split(';').next().unwrap_or("").trim();
            if size.is_empty() || !size.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Gone);
            }
            let size = usize::from_str_radix(size, 16).map_err(|_| Gone)?;
            if size == 0 {
                break;
            }
            if size > MAX_BODY - body.len() {
                return Err(Gone);
            }
            body.extend_from_slice(&self.read_exact(size)?);
            if !self.read_line()?.is_empty() {
                return Err(Gone);
            }
        }
        // Trailer section, ended by an empty line.
        let trailer_start = self.pos;
        while !self.read_line()?.is_empty() {
            if self.pos - trailer_start > MAX_HEAD {
                return Err(Gone);
            }
        }
        Ok(body)
    }

    /// Sends `response`; `Ok(true)` if the connection stays open.
    fn respond(
        &mut self,
        mut response: CannedResponse,
        keep_alive: bool,
        head_only: bool,
    ) -> Result<bool, Gone> {
        loop {
            match response {
                CannedResponse::Delayed(delay, inner) => {
                    self.wait(delay)?;
                    response = *inner;
                }
                CannedResponse::Close => return Ok(false),
                CannedResponse::Full {
                    status,
                    headers,
                    body,
                } => {
                    let has_length = headers
                        .iter()
                        .any(|(n, _)| n.eq_ignore_ascii_case("content-length"));
                    let length = (!has_length).then_some(body.len());
                    let mut out = response_head(status, &headers, length, !keep_alive);
                    if !head_only {
                        out.extend_from_slice(&body);
                    }
                    self.stream.write_all(&out).map_err(|_| Gone)?;
                    self.stream.flush().map_err(|_| Gone)?;
                    return Ok(keep_alive);
                }
                CannedResponse::Truncated {
                    status,
                    headers,
                    body,
                    declared_length,
                } => {
                    let headers: Vec<_> = headers
                        .into_iter()
                        .filter(|(n, _)| !n.eq_ignore_ascii_case("content-length"))
                        .collect();
                    let mut out = response_head(status, &headers, Some(declared_length), true);
                    let sent = body.len().min(declared_length.saturating_sub(1));
                    out.extend_from_slice(&body[..sent]);
                    self.stream.write_all(&out).map_err(|_| Gone)?;
                    self.stream.flush().map_err(|_| Gone)?;
                    return Ok(false);
                }
                CannedResponse::Interrupted {
                    status,
                    headers,
                    body,
                    declared_length,
                    then,
                } => {
                    let headers: Vec<_> = headers
                        .into_iter()
                        .filter(|(n, _)| !n.eq_ignore_ascii_case("content-length"))
                        .collect();
                    let mut out = response_head(status, &headers, Some(declared_length), true);
                    let sent = body.len().min(declared_length.saturating_sub(1));
                    out.extend_from_slice(&body[..sent]);
                    self.stream.write_all(&out).map_err(|_| Gone)?;
                    self.stream.flush().map_err(|_| Gone)?;
                    match then {
                        Interruption::Reset => {
                            // Give the client time to read what was sent, so that the
                            // reset arrives in the middle of the body, not before it.
                            thread::sleep(Duration::from_millis(50));
                            socket2::SockRef::from(&self.stream)
                                .set_linger(Some(Duration::ZERO))
                                .map_err(|_| Gone)?;
                            self.reset = true;
                        }
                        Interruption::Stall(duration) => {
                            let _ = self.wait(duration);
                        }
                    }
                    return Ok(false);
                }
            }
        }
    }

    /// Sleeps for `delay`, watching the socket: EOF or an error (the client
    /// hung up) or the server stopping ends the wait with `Gone`. Bytes the
    /// client sends meanwhile (a pipelined request) are kept.
    fn wait(&mut self, delay: Duration) -> Result<(), Gone> {
        let end = Instant::now() + delay;
        let mut chunk = [0u8; 16 * 1024];
        let result = loop {
            if self.shared.stopping() {
                break Err(Gone);
            }
            let now = Instant::now();
            if now >= end {
                break Ok(());
            }
            let slice = (end - now).clamp(Duration::from_millis(1), READ_SLICE);
            if self.stream.set_read_timeout(Some(slice)).is_err() {
                break Err(Gone);
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => break Err(Gone),
                Ok(n) => {
                    if self.buf.len() > MAX_HEAD + MAX_BODY {
                        break Err(Gone);
                    }
                    self.buf.extend_from_slice(&chunk[..n]);
                }
                Err(e) if is_timeout(&e) => {}
                Err(_) => break Err(Gone),
            }
        };
        if self.stream.set_read_timeout(Some(READ_SLICE)).is_err() {
            return Err(Gone);
        }
        result
    }
}

fn response_head(
    status: u16,
    headers: &[(String, String)],
    content_length: Option<usize>,
    close: bool,
) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason_phrase(status));
    for (name, value) in headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    if let Some(length) = content_length {
        head.push_str(&format!("content-length: {length}\r\n"));
    }
    if close {
        head.push_str("connection: close\r\n");
    }
    head.push_str("\r\n");
    head.into_bytes()
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal HTTP/1.1 client over a std `TcpStream`.
    struct Client {
        stream: TcpStream,
        buf: Vec<u8>,
    }

    struct Response {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    }

    impl Response {
        fn header(&self, name: &str) -> Option<&str> {
            self.headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        }
    }

    impl Client {
        fn connect(server: &TestServer) -> Client {
            let stream = TcpStream::connect(server.addr()).expect("connect");
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            Client {
                stream,
                buf: Vec::new(),
            }
        }

        fn send(&mut self, bytes: &[u8]) {
            self.stream.write_all(bytes).expect("send");
        }

        fn post(&mut self, path: &str, body: &str) {
            let request = format!(
                "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
            self.send(request.as_bytes());
        }

        fn fill(&mut self) -> bool {
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => false,
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    true
                }
                Err(e) => panic!("client read failed: {e}"),
            }
        }

        /// Reads one response framed by Content-Length.
        fn response(&mut self) -> Response {
            let head_end = loop {
                if let Some(i) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i;
                }
                assert!(self.fill(), "EOF before the response head");
            };
            let head = String::from_utf8(self.buf[..head_end].to_vec()).unwrap();
            self.buf.drain(..head_end + 4);
            let mut lines = head.split("\r\n");
            let status_line = lines.next().unwrap();
            let mut parts = status_line.splitn(3, ' ');
            assert_eq!(parts.next(), Some("HTTP/1.1"));
            let status = parts.next().unwrap().parse().unwrap();
            let headers: Vec<(String, String)> = lines
                .map(|l| {
                    let (n, v) = l.split_once(':').unwrap();
                    (n.to_owned(), v.trim().to_owned())
                })
                .collect();
            let length: usize = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .map(|(_, v)| v.parse().unwrap())
                .unwrap_or(0);
            while self.buf.len() < length {
                assert!(self.fill(), "EOF inside the response body");
            }
            let body = self.buf.drain(..length).collect();
            Response {
                status,
                headers,
                body,
            }
        }

        /// Reads until EOF (a reset counts as EOF too).
        fn rest(&mut self) -> Vec<u8> {
            let mut rest = std::mem::take(&mut self.buf);
            let mut chunk = [0u8; 4096];
            loop {
                match self.stream.read(&mut chunk) {
                    Ok(0) => return rest,
                    Ok(n) => rest.extend_from_slice(&chunk[..n]),
                    Err(e) if e.kind() == io::ErrorKind::ConnectionReset => return rest,
                    Err(e) => panic!("client read failed: {e}"),
                }
            }
        }
    }

    #[test]
    fn two_requests_on_one_keep_alive_connection() {
        let server = TestServer::start(vec![
            CannedResponse::json(200, r#"{"n":1}"#),
            CannedResponse::json(201, r#"{"n":2}"#).with_header("x-amzn-requestid", "r2"),
        ]);
        let mut client = Client::connect(&server);
        client.post("/", r#"{"a":1}"#);
        let first = client.response();
        assert_eq!(first.status, 200);
        assert_eq!(first.body, br#"{"n":1}"#);
        assert_eq!(first.header("content-type"), Some(JSON_CONTENT_TYPE));
        assert_eq!(first.header("connection"), None);
        client.post("/second", r#"{"a":2}"#);
        let second = client.response();
        assert_eq!(second.status, 201);
        assert_eq!(second.body, br#"{"n":2}"#);
        assert_eq!(second.header("x-amzn-requestid"), Some("r2"));

        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].body, br#"{"a":1}"#);
        assert_eq!(requests[1].path, "/second");
        assert_eq!(server.remaining(), 0);
    }

    #[test]
    fn connection_close_from_client_closes_after_the_response() {
        let server = TestServer::start(vec![CannedResponse::empty(200)]);
        let mut client = Client::connect(&server);
        client.send(b"GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        let response = client.response();
        assert_eq!(response.status, 200);
        assert_eq!(response.header("connection"), Some("close"));
        assert!(client.rest().is_empty());
    }

    #[test]
    fn chunked_request_body_is_decoded() {
        let server =
            TestServer::start(vec![CannedResponse::empty(200), CannedResponse::empty(204)]);
        let mut client = Client::connect(&server);
        client.send(
            b"POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\
              4\r\nWiki\r\n5;ext=1\r\npedia\r\nA\r\n in chunks\r\n0\r\nX-Trailer: t\r\n\r\n",
        );
        assert_eq!(client.response().status, 200);
        // Framing was right: the next request on the connection works.
        client.post("/after", "x");
        assert_eq!(client.response().status, 204);

        let requests = server.requests();
        assert_eq!(requests[0].body, b"Wikipedia in chunks");
        assert_eq!(requests[0].header("transfer-encoding"), Some("chunked"));
        assert_eq!(requests[1].body, b"x");
    }

    #[test]
    fn truncated_sends_fewer_bytes_than_declared_then_eof() {
        let server = TestServer::start(vec![CannedResponse::truncated_json(
            200,
            r#"{"partial":"#,
            100,
        )
        .with_header("x-extra", "1")]);
        let mut client = Client::connect(&server);
        client.post("/", "{}");
        let raw = client.rest();
        let raw = String::from_utf8(raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(head.contains("\r\ncontent-length: 100\r\n"), "{head}");
        assert!(head.contains("\r\nx-extra: 1\r\n"), "{head}");
        assert_eq!(body, r#"{"partial":"#);
        assert!(body.len() < 100);
        assert_eq!(server.requests().len(), 1);
    }

    #[test]
    fn delayed_waits_at_least_the_given_time() {
        let delay = Duration::from_millis(300);
        let server = TestServer::start(vec![CannedResponse::json(200, "{}")
            .delayed(delay)
            .with_header("x-late", "yes")]);
        let mut client = Client::connect(&server);
        let started = Instant::now();
        client.post("/", "{}");
        let response = client.response();
        assert!(started.elapsed() >= delay, "{:?}", started.elapsed());
        assert_eq!(response.status, 200);
        assert_eq!(response.header("x-late"), Some("yes"));
    }

    #[test]
    fn delayed_request_is_recorded_and_client_hang_up_is_tolerated() {
        let server = TestServer::start(vec![
            CannedResponse::json(200, r#"{"late":true}"#).delayed(Duration::from_secs(30)),
            CannedResponse::json(200, r#"{"next":true}"#),
        ]);
        let mut client = Client::connect(&server);
        client.post("/", "{}");
        // Recorded before answering.
        let deadline = Instant::now() + Duration::from_secs(5);
        while server.requests().is_empty() {
            assert!(Instant::now() < deadline, "request not recorded");
            thread::sleep(Duration::from_millis(5));
        }
        drop(client); // the client "times out"
        let mut second = Client::connect(&server);
        second.post("/", "{}");
        let response = second.response();
        assert_eq!(response.body, br#"{"next":true}"#);
        assert_eq!(server.requests().len(), 2);
    }

    #[test]
    fn close_gives_eof_without_a_status_line() {
        let server = TestServer::start(vec![CannedResponse::Close]);
        let mut client = Client::connect(&server);
        client.post("/", "{}");
        assert!(client.rest().is_empty());
        assert_eq!(server.requests().len(), 1);
    }

    #[test]
    fn exhausted_queue_answers_500_and_push_adds_more() {
        let server = TestServer::start(Vec::new());
        let mut client = Client::connect(&server);
        client.post("/", "{}");
        let response = client.response();
        assert_eq!(response.status, 500);
        assert_eq!(response.body, EXHAUSTED_BODY.as_bytes());
        assert_eq!(response.header("content-type"), Some(JSON_CONTENT_TYPE));

        server.push(CannedResponse::json(200, "{}"));
        client.post("/", "{}");
        assert_eq!(client.response().status, 200);
        client.post("/", "{}");
        assert_eq!(client.response().status, 500);
    }

    #[test]
    fn requests_are_recorded_with_lowercased_headers_in_order() {
        let server = TestServer::start(vec![CannedResponse::json(200, "{}")]);
        let mut client = Client::connect(&server);
        let body = r#"{"Catalog":"AWS","Ids":[1,2]}"#;
        client.send(
            format!(
                "POST /path?q=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\
                 X-Amz-Target: Svc.Op\r\nContent-Type: {JSON_CONTENT_TYPE}\r\n\
                 X-Multi: a\r\nx-multi:   b  \r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        );
        assert_eq!(client.response().status, 200);

        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        let request = &requests[0];
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/path?q=1");
        let names: Vec<&str> = request.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "host",
                "x-amz-target",
                "content-type",
                "x-multi",
                "x-multi",
                "content-length"
            ]
        );
        assert_eq!(request.header("X-AMZ-TARGET"), Some("Svc.Op"));
        assert_eq!(request.header_all("x-multi"), ["a", "b"]);
        assert_eq!(request.header("missing"), None);
        assert_eq!(request.body, body.as_bytes());
        assert_eq!(
            request.body_json(),
            serde_json::json!({"Catalog": "AWS", "Ids": [1, 2]})
        );
    }

    #[test]
    #[should_panic(expected = "is not valid JSON")]
    fn body_json_panics_clearly() {
        let request = RecordedRequest {
            method: "POST".to_owned(),
            path: "/".to_owned(),
            headers: Vec::new(),
            body: b"not json".to_vec(),
        };
        let _ = request.body_json();
    }

    #[test]
    fn concurrent_connections_take_responses_in_arrival_order() {
        let server = TestServer::start(vec![
            CannedResponse::json(200, "1"),
            CannedResponse::json(200, "2"),
            CannedResponse::json(200, "3"),
        ]);
        let mut a = Client::connect(&server);
        let mut b = Client::connect(&server);
        a.post("/a", "");
        assert_eq!(a.response().body, b"1");
        b.post("/b", "");
        assert_eq!(b.response().body, b"2");
        a.post("/a", "");
        assert_eq!(a.response().body, b"3");
        let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
        assert_eq!(paths, ["/a", "/b", "/a"]);
    }

    #[test]
    fn malformed_input_closes_only_that_connection() {
        let server = TestServer::start(vec![CannedResponse::json(200, "{}")]);
        let mut bad = Client::connect(&server);
        bad.send(b"this is not http\r\n\r\n");
        assert!(bad.rest().is_empty());
        let mut bad_length = Client::connect(&server);
        bad_length.send(b"POST / HTTP/1.1\r\nContent-Length: nope\r\n\r\n");
        assert!(bad_length.rest().is_empty());

        let mut good = Client::connect(&server);
        good.post("/", "{}");
        assert_eq!(good.response().status, 200);
        assert_eq!(server.requests().len(), 1);
    }

    #[test]
    fn drop_stops_the_listener_promptly() {
        let server = TestServer::start(vec![CannedResponse::json(200, "{}")]);
        let addr = server.addr();
        assert_eq!(server.url(), format!("http://127.0.0.1:{}", addr.port()));
        // An idle keep-alive connection must not delay the drop.
        let mut idle = Client::connect(&server);
        idle.post("/", "{}");
        assert_eq!(idle.response().status, 200);

        let started = Instant::now();
        drop(server);
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(idle.rest().is_empty());
        assert!(TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err());
    }
}
