//! `kefu serve`'s development ticket receiver, spoken to over HTTP as a site's widget
//! speaks to it, and `kefu tickets`, which lists what it received.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

/// A `kefu serve` on a free port over a small site of its own, stopped when dropped.
struct Server {
    child: Child,
    address: String,
    site: tempfile::TempDir,
}

/// An HTTP response, read whole.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Server {
    fn start() -> Server {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("site")).unwrap();
        std::fs::create_dir_all(site.path().join("content/en")).unwrap();
        std::fs::write(
            site.path().join("site/kefu.toml"),
            "name = \"Help\"\nbase-url = \"https://example.com/\"\ndefault-locale = \"en\"\n\n[[locales]]\ncode = \"en\"\nname = \"English\"\n",
        )
        .unwrap();
        std::fs::write(site.path().join("content/en/hello.md"), "+++\ntitle = \"Hello\"\n+++\n\nHi.\n").unwrap();
        // The first build may fail (a kefu built without the widget bundle cannot write
        // sites); serve serves all the same, and the receiver needs no build.
        let mut child = Command::new(env!("CARGO_BIN_EXE_kefu"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("kefu runs");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let address = loop {
            let line = lines.next().expect("kefu serve prints its address").unwrap();
            if let Some((_, url)) = line.split_once(" at http://") {
                break url.split('/').next().unwrap().to_string();
            }
        };
        // Keep reading, so that rebuild messages never fill the pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, address, site }
    }

    fn root(&self) -> &Path {
        self.site.path()
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.address,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        Answer::parse(&raw)
    }

    fn post(&self, content_type: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let mut all = vec![("Content-Type", content_type)];
        all.extend_from_slice(headers);
        self.request("POST", "/api/tickets", &all, body)
    }

    fn tickets(&self, json: bool) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kefu"));
        command.arg("tickets").arg("--root").arg(self.root());
        if json {
            command.arg("--json");
        }
        command.output().expect("kefu runs")
    }

    fn tickets_json(&self) -> Vec<Value> {
        let output = self.tickets(true);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_slice(&output.stdout).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Answer {
    fn parse(raw: &[u8]) -> Answer {
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a whole head");
        let head = String::from_utf8_lossy(&raw[..end]);
        let mut lines = head.split("\r\n");
        let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers: Vec<(String, String)> = lines
            .map(|line| line.split_once(':').unwrap())
            .map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_string()))
            .collect();
        let mut body = raw[end + 4..].to_vec();
        if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
            body = dechunk(&body);
        }
        Answer { status, headers, body }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == &name.to_ascii_lowercase()).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn dechunk(mut chunked: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line = chunked.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&chunked[..line]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&chunked[line + 2..line + 2 + size]);
        chunked = &chunked[line + 4 + size..];
    }
}

const JSON: &str = "application/json";

#[test]
fn the_preflight_lets_any_origin_post_json_with_an_idempotency_key() {
    let server = Server::start();
    let answer = server.request(
        "OPTIONS",
        "/api/tickets",
        &[
            ("Origin", "https://shop.example.com"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type, idempotency-key"),
        ],
        b"",
    );
    assert!(answer.status == 204 || answer.status == 200, "{answer:?}");
    assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
    assert_eq!(answer.header("access-control-allow-methods"), Some("POST, OPTIONS"));
    assert_eq!(answer.header("access-control-allow-headers"), Some("Content-Type, Idempotency-Key"));
    assert_eq!(answer.header("access-control-max-age"), Some("600"));
}

#[test]
fn a_key_quoted_or_not_stores_one_ticket_and_replays_the_first_answer() {
    let server = Server::start();
    let first = server.post(JSON, &[("Idempotency-Key", "8e03978e")], br#"{"email": "a@example.com", "text": "hi"}"#);
    assert_eq!(first.status, 201, "{}", first.text());
    assert_eq!(first.json(), json!({"id": 1, "reference": "T-00001", "key": "8e03978e"}));
    assert_eq!(first.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        first.header("access-control-expose-headers"),
        Some("Retry-After, Idempotency-Key, Idempotent-Replayed")
    );
    assert_eq!(first.header("idempotent-replayed"), None);

    // The IETF draft quotes the key; a retry (even a changed one) stores nothing.
    let again = server.post(JSON, &[("Idempotency-Key", "\"8e03978e\"")], br#"{"text": "hi again"}"#);
    assert_eq!((again.status, &again.body), (201, &first.body));
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.header("access-control-allow-origin"), Some("*"));

    let other = server.post(JSON, &[], br#"{"text": "no key"}"#);
    assert_eq!(other.json(), json!({"id": 2, "reference": "T-00002", "key": null}));

    let tickets = server.tickets_json();
    assert_eq!(tickets.len(), 2, "{tickets:?}");
    assert_eq!(tickets[0]["reference"], "T-00002");
    assert_eq!(tickets[1]["key"], "8e03978e");
    assert_eq!(tickets[1]["content_type"], JSON);
    assert_eq!(tickets[1]["body"], json!({"email": "a@example.com", "text": "hi"}));
    assert_eq!(tickets[1]["files"], json!([]));
    assert!(tickets[1]["received_at"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn keepalive_copies_carry_their_key_in_the_body_as_text_plain_or_a_form_field() {
    let server = Server::start();
    let beacon = server.post("text/plain;charset=UTF-8", &[], br#"{"key": "beacon-1", "text": "sent on unload"}"#);
    assert_eq!(beacon.status, 201, "{}", beacon.text());
    assert_eq!(beacon.json()["key"], "beacon-1");
    let retry = server.post(JSON, &[], br#"{"key": "beacon-1", "text": "sent on unload"}"#);
    assert_eq!((retry.status, &retry.body), (201, &beacon.body));
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));

    let form = server.post("application/x-www-form-urlencoded", &[], b"key=form-1&text=hello");
    assert_eq!(form.json()["key"], "form-1");
    let retry = server.post("application/x-www-form-urlencoded", &[], b"key=form-1&text=hello");
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));

    let tickets = server.tickets_json();
    assert_eq!(tickets.len(), 2, "{tickets:?}");
    assert_eq!(tickets[1]["content_type"], "text/plain");
    assert_eq!(tickets[1]["body"]["text"], "sent on unload");
}

#[test]
fn concurrent_posts_with_one_key_store_one_ticket() {
    let server = Server::start();
    let answers: Vec<Answer> = std::thread::scope(|scope| {
        let posts: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| server.post(JSON, &[("Idempotency-Key", "same")], br#"{"text": "double click"}"#)))
            .collect();
        posts.into_iter().map(|post| post.join().unwrap()).collect()
    });
    assert!(answers.iter().all(|a| a.status == 201 && a.body == answers[0].body), "{answers:?}");
    assert_eq!(answers.iter().filter(|a| a.header("idempotent-replayed").is_none()).count(), 1);
    assert_eq!(server.tickets_json().len(), 1);
}

#[test]
fn forms_and_attached_files_arrive_whole() {
    let server = Server::start();
    let form = server.post("application/x-www-form-urlencoded", &[], b"topic=billing&order=A-1&order=A-2&note=a+b%26c");
    assert_eq!(form.status, 201, "{}", form.text());

    let bytes: Vec<u8> = (0..=255u8).chain([0, 13, 10, 45, 45]).collect();
    let mut body = Vec::new();
    body.extend_from_slice(b"--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nIt broke\r\n");
    body.extend_from_slice(b"--XyZ\r\nContent-Disposition: form-data; name=\"shot\"; filename=\"screen shot.png\"\r\n");
    body.extend_from_slice(b"Content-Type: image/png\r\n\r\n");
    body.extend_from_slice(&bytes);
    // A file input left empty.
    body.extend_from_slice(b"\r\n--XyZ\r\nContent-Disposition: form-data; name=\"more\"; filename=\"\"\r\n");
    body.extend_from_slice(b"Content-Type: application/octet-stream\r\n\r\n\r\n--XyZ--\r\n");
    let multipart = server.post("multipart/form-data; boundary=XyZ", &[], &body);
    assert_eq!(multipart.status, 201, "{}", multipart.text());
    assert_eq!(multipart.json()["reference"], "T-00002");

    let tickets = server.tickets_json();
    assert_eq!(tickets[1]["body"], json!({"topic": "billing", "order": ["A-1", "A-2"], "note": "a b&c"}));
    assert_eq!(tickets[1]["content_type"], "application/x-www-form-urlencoded");
    assert_eq!(tickets[0]["body"], json!({"text": "It broke"}));
    assert_eq!(tickets[0]["content_type"], "multipart/form-data");
    let size = bytes.len();
    assert_eq!(
        tickets[0]["files"],
        json!([{"field": "shot", "name": "screen shot.png", "type": "image/png", "size": size}])
    );

    let file = server.request("GET", "/api/tickets/2/files/1", &[], b"");
    assert_eq!(file.status, 200);
    assert_eq!(file.body, bytes);
    assert_eq!(file.header("x-content-type-options"), Some("nosniff"));
    assert!(file.header("content-disposition").unwrap().starts_with("attachment;"), "{file:?}");
    assert_eq!(server.request("GET", "/api/tickets/2/files/2", &[], b"").status, 404);
}

#[test]
fn what_is_not_a_ticket_is_refused_and_stores_nothing() {
    let server = Server::start();
    let xml = server.post("application/xml", &[], b"<ticket/>");
    assert_eq!(xml.status, 415);
    let message = xml.json()["error"].as_str().unwrap().to_string();
    assert!(message.contains("application/json") && message.contains("multipart/form-data"), "{message}");
    assert_eq!(xml.header("access-control-allow-origin"), Some("*"));

    let broken = server.post(JSON, &[("Idempotency-Key", "k")], br#"{"text": "#);
    assert_eq!(broken.status, 400);
    assert!(broken.json()["error"].as_str().unwrap().contains("not valid JSON"), "{}", broken.text());
    assert_eq!(server.post("text/plain", &[], b"just words").status, 415);

    assert!(!server.root().join(".kefu").exists(), "the database is made by the first ticket");
    let text = server.tickets(false);
    assert!(text.status.success());
    assert!(
        String::from_utf8_lossy(&text.stderr)
            .contains("No tickets received yet (kefu serve accepts them at /api/tickets)")
    );
    assert_eq!(server.tickets_json(), Vec::<Value>::new());

    // The same key, now with good JSON, was never used.
    assert_eq!(server.post(JSON, &[("Idempotency-Key", "k")], b"{}").header("idempotent-replayed"), None);
    assert!(server.root().join(".kefu/tickets.sqlite").is_file());
}

#[test]
fn the_page_and_kefu_tickets_list_tickets_newest_first_with_everything_escaped() {
    let server = Server::start();
    server.post("application/x-www-form-urlencoded", &[("Idempotency-Key", "first")], b"name=Ann&text=Where+is+it%3F");
    server.post(JSON, &[], br#"{"text": "<script>alert(1)</script>", "order": 42}"#);

    let page = server.request("GET", "/api/tickets", &[], b"");
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").unwrap().starts_with("text/html"));
    assert!(page.header("content-security-policy").unwrap().contains("script-src 'self'"));
    let html = page.text();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("style=") && !html.contains("onclick"), "{html}");
    let (newest, oldest) = (html.find("T-00002").unwrap(), html.find("T-00001").unwrap());
    assert!(newest < oldest);
    assert!(html.contains("<dt>name</dt><dd>Ann</dd>"), "{html}");

    let text = server.tickets(false);
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    let blocks: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(blocks.len(), 2, "{text}");
    assert!(blocks[0].starts_with("T-00002  ") && blocks[0].contains("key: none  (application/json)"), "{text}");
    assert!(
        blocks[0].contains("\n  text: <script>alert(1)</script>") && blocks[0].contains("\n  order: 42\n"),
        "{text}"
    );
    assert!(blocks[1].starts_with("T-00001  ") && blocks[1].contains("key: first"), "{text}");
    assert!(blocks[1].contains("\n  name: Ann\n  text: Where is it?\n"), "{text}");
}

#[test]
fn bodies_up_to_25_mib_are_taken() {
    let server = Server::start();
    // Past axum's default of 2 MiB: screenshots are big.
    let big = serde_json::to_vec(&json!({ "text": "x".repeat(3 << 20) })).unwrap();
    assert_eq!(server.post(JSON, &[], &big).status, 201);

    // A body declared too large is refused before it is sent.
    let mut stream = TcpStream::connect(&server.address).unwrap();
    let head = format!(
        "POST /api/tickets HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: {JSON}\r\nContent-Length: {}\r\n\r\n",
        server.address,
        (25 << 20) + 1
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let answer = Answer::parse(&raw);
    assert_eq!(answer.status, 413, "{}", answer.text());
    assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
    assert_eq!(server.tickets_json().len(), 1);
}
