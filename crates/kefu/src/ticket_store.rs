//! Where `kefu serve` keeps the tickets a site's widget posts in development: a SQLite
//! database at `<site root>/.kefu/tickets.sqlite`, read back by `kefu tickets` and the
//! page at `/api/tickets`.

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The database's path under the site root.
pub const DATABASE: &str = ".kefu/tickets.sqlite";

/// What the first ticket creates; `key` is UNIQUE so that two posts with one key store
/// one ticket however they interleave (NULL keys are all distinct).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at TEXT NOT NULL,
    key TEXT UNIQUE,
    content_type TEXT NOT NULL,
    body_kind TEXT NOT NULL CHECK (body_kind IN ('json', 'form')),
    body TEXT NOT NULL,
    response_status INTEGER NOT NULL,
    response_body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    field TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (ticket_id, position)
);
";

/// Why the ticket database could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Its folder could not be created.
    #[error("{}", path.display())]
    Io {
        /// The folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("ticket database {}", path.display())]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
}

/// A ticket's body: JSON as sent, or the fields of a form in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// JSON text, already checked to parse.
    Json(String),
    /// Form fields (name, value), repeated names kept.
    Fields(Vec<(String, String)>),
}

impl Body {
    /// The `key` a keepalive copy carries in its body: a top-level JSON string, or a form field.
    pub fn key(&self) -> Option<String> {
        match self {
            Body::Json(text) => serde_json::from_str::<serde_json::Value>(text)
                .ok()?
                .get("key")
                .and_then(|k| k.as_str())
                .map(str::to_string),
            Body::Fields(fields) => fields.iter().find(|(name, _)| name == "key").map(|(_, value)| value.clone()),
        }
        .filter(|key| !key.is_empty())
    }

    /// The body as one JSON value: a form's fields as an object, repeated names as arrays.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Body::Json(text) => serde_json::from_str(text).unwrap_or_else(|_| text.as_str().into()),
            Body::Fields(fields) => {
                let mut object = serde_json::Map::new();
                for (name, value) in fields {
                    match object.get_mut(name) {
                        None => {
                            object.insert(name.clone(), value.as_str().into());
                        }
                        Some(serde_json::Value::Array(values)) => values.push(value.as_str().into()),
                        Some(first) => *first = vec![first.take(), value.as_str().into()].into(),
                    }
                }
                object.into()
            }
        }
    }
}

/// A file attached to a multipart ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// The form field it came in.
    pub field: String,
    /// Its file name, as the browser gave it.
    pub name: String,
    /// Its content type, as the browser gave it.
    pub content_type: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A ticket as it arrived, before it is stored.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The idempotency key, from the header or the body.
    pub key: Option<String>,
    /// The media type it was sent as, without parameters.
    pub content_type: String,
    /// Its body.
    pub body: Body,
    /// Its files.
    pub files: Vec<Attachment>,
}

/// What a sender is answered: a new ticket's response, or the first one replayed.
#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: String,
    /// True when the key was seen before and nothing was stored.
    pub replayed: bool,
}

/// An attached file, without its bytes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FileInfo {
    /// The form field it came in.
    pub field: String,
    /// Its file name.
    pub name: String,
    /// Its content type.
    #[serde(rename = "type")]
    pub content_type: String,
    /// Its size in bytes.
    pub size: u64,
}

/// A stored ticket.
#[derive(Debug, Clone)]
pub struct Ticket {
    /// Its number, counting from 1.
    pub id: i64,
    /// When it arrived, RFC 3339 in UTC.
    pub received_at: String,
    /// Its idempotency key.
    pub key: Option<String>,
    /// The media type it was sent as.
    pub content_type: String,
    /// Its body.
    pub body: Body,
    /// Its files, in the order sent.
    pub files: Vec<FileInfo>,
}

/// A ticket's reference as people quote it: `T-00042`.
pub fn reference(id: i64) -> String {
    format!("T-{id:05}")
}

impl Ticket {
    /// Its reference, `T-00042`.
    pub fn reference(&self) -> String {
        reference(self.id)
    }

    /// The ticket as `kefu tickets --json` prints it.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "reference": self.reference(),
            "received_at": self.received_at,
            "key": self.key,
            "content_type": self.content_type,
            "body": self.body.to_json(),
            "files": self.files,
        })
    }

    /// The ticket as `kefu tickets` prints it: a heading line, then `name: value` lines.
    pub fn to_text(&self) -> String {
        let key = self.key.as_deref().unwrap_or("none");
        let mut text = format!("{}  {}  key: {key}  ({})\n", self.reference(), self.received_at, self.content_type);
        for (name, value) in self.fields() {
            text.push_str(&format!("  {name}: {}\n", value.replace('\n', "\n    ")));
        }
        for file in &self.files {
            let FileInfo { field, name, content_type, size } = file;
            text.push_str(&format!("  file {field}: {name} ({content_type}, {size} bytes)\n"));
        }
        text
    }

    /// The body as `name: value` pairs: a JSON object's members (strings unquoted), a
    /// form's fields; any other JSON as one pair named `body`.
    pub fn fields(&self) -> Vec<(String, String)> {
        let show = |value: &serde_json::Value| value.as_str().map_or_else(|| value.to_string(), str::to_string);
        match (&self.body, self.body.to_json()) {
            (Body::Fields(fields), _) => fields.clone(),
            (Body::Json(_), serde_json::Value::Object(members)) => {
                members.iter().map(|(name, value)| (name.clone(), show(value))).collect()
            }
            (Body::Json(_), value) => vec![("body".into(), show(&value))],
        }
    }
}

/// The tickets of one site, opened on first use: serving a site that receives none
/// leaves no database behind.
#[derive(Debug)]
pub struct TicketStore {
    path: PathBuf,
    connection: Mutex<Option<Connection>>,
}

impl TicketStore {
    /// The store of the site at `root`; nothing is opened yet.
    pub fn new(root: &Path) -> Self {
        TicketStore { path: root.join(DATABASE), connection: Mutex::new(None) }
    }

    /// Stores `submission`, unless its key was seen before: then the first response is
    /// returned, marked replayed, and nothing is stored.
    pub fn receive(&self, submission: &Submission) -> Result<Receipt, StoreError> {
        let received_at = jiff::Timestamp::now().round(jiff::Unit::Second).unwrap_or_else(|_| jiff::Timestamp::now());
        let (body_kind, body) = match &submission.body {
            Body::Json(text) => ("json", text.clone()),
            Body::Fields(fields) => ("form", serde_json::to_string(fields).expect("pairs of strings serialize")),
        };
        let receipt = self.with_connection(true, |connection| {
            // IMMEDIATE takes the write lock first, so another kefu writing the same key
            // waits and then finds this ticket, instead of failing half way.
            let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let inserted = transaction.execute(
                "INSERT INTO tickets (received_at, key, content_type, body_kind, body, response_status, response_body)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, '') ON CONFLICT (key) DO NOTHING",
                params![received_at.to_string(), submission.key, submission.content_type, body_kind, body],
            )?;
            if inserted == 0 {
                let (status, body) = transaction.query_row(
                    "SELECT response_status, response_body FROM tickets WHERE key = ?1",
                    [&submission.key],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )?;
                return Ok(Receipt { status, body, replayed: true });
            }
            let id = transaction.last_insert_rowid();
            let response = serde_json::json!({ "id": id, "reference": reference(id), "key": submission.key });
            let receipt = Receipt { status: 201, body: response.to_string(), replayed: false };
            transaction.execute(
                "UPDATE tickets SET response_status = ?2, response_body = ?3 WHERE id = ?1",
                params![id, receipt.status, receipt.body],
            )?;
            for (position, file) in submission.files.iter().enumerate() {
                transaction.execute(
                    "INSERT INTO files (ticket_id, position, field, name, content_type, bytes)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![id, position + 1, file.field, file.name, file.content_type, file.bytes],
                )?;
            }
            transaction.commit()?;
            Ok(receipt)
        })?;
        Ok(receipt.expect("a created database is open"))
    }

    /// Every ticket, newest first; none when nothing was ever received.
    pub fn tickets(&self) -> Result<Vec<Ticket>, StoreError> {
        let rows = self.with_connection(false, |connection| {
            let mut files: BTreeMap<i64, Vec<FileInfo>> = BTreeMap::new();
            let mut statement = connection.prepare(
                "SELECT ticket_id, field, name, content_type, length(bytes) FROM files ORDER BY ticket_id, position",
            )?;
            let rows = statement.query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    FileInfo { field: row.get(1)?, name: row.get(2)?, content_type: row.get(3)?, size: row.get(4)? },
                ))
            })?;
            for row in rows {
                let (ticket, file) = row?;
                files.entry(ticket).or_default().push(file);
            }
            let mut statement = connection
                .prepare("SELECT id, received_at, key, content_type, body_kind, body FROM tickets ORDER BY id DESC")?;
            let rows = statement.query_map([], |row| {
                let id: i64 = row.get(0)?;
                let text: String = row.get(5)?;
                let body = match row.get_ref(4)?.as_str()? {
                    "form" => Body::Fields(serde_json::from_str(&text).map_err(|err| {
                        rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(err))
                    })?),
                    _ => Body::Json(text),
                };
                let files = files.remove(&id).unwrap_or_default();
                Ok(Ticket { id, received_at: row.get(1)?, key: row.get(2)?, content_type: row.get(3)?, body, files })
            })?;
            rows.collect()
        })?;
        Ok(rows.unwrap_or_default())
    }

    /// The `n`th file (from 1) of ticket `id`, with its bytes.
    pub fn file(&self, id: i64, n: i64) -> Result<Option<(FileInfo, Vec<u8>)>, StoreError> {
        let file = self.with_connection(false, |connection| {
            connection
                .query_row(
                    "SELECT field, name, content_type, bytes FROM files WHERE ticket_id = ?1 AND position = ?2",
                    [id, n],
                    |row| {
                        let bytes: Vec<u8> = row.get(3)?;
                        let size = bytes.len() as u64;
                        let info = FileInfo { field: row.get(0)?, name: row.get(1)?, content_type: row.get(2)?, size };
                        Ok((info, bytes))
                    },
                )
                .optional()
        })?;
        Ok(file.flatten())
    }

    /// Runs `work` on the open database, opening it first; `None` when it does not exist
    /// and `create` is false.
    fn with_connection<T>(
        &self,
        create: bool,
        work: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> Result<Option<T>, StoreError> {
        let mut connection = self.connection.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if connection.is_none() {
            if !create && !self.path.is_file() {
                return Ok(None);
            }
            *connection = Some(self.open()?);
        }
        let connection = connection.as_mut().expect("opened above");
        work(connection).map(Some).map_err(|source| StoreError::Sqlite { path: self.path.clone(), source })
    }

    fn open(&self) -> Result<Connection, StoreError> {
        let folder = self.path.parent().expect("DATABASE has a folder");
        std::fs::create_dir_all(folder).map_err(|source| StoreError::Io { path: folder.to_path_buf(), source })?;
        let sqlite = |source| StoreError::Sqlite { path: self.path.clone(), source };
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let connection = Connection::open_with_flags(&self.path, flags).map_err(sqlite)?;
        // `kefu tickets` reads while `kefu serve` writes: WAL lets both, and a writer
        // that finds the database busy waits a little instead of failing.
        connection.busy_timeout(std::time::Duration::from_secs(5)).map_err(sqlite)?;
        connection.pragma_update(None, "journal_mode", "WAL").map_err(sqlite)?;
        connection.pragma_update(None, "foreign_keys", true).map_err(sqlite)?;
        connection.execute_batch(SCHEMA).map_err(sqlite)?;
        Ok(connection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_become_objects_with_arrays_for_repeated_names() {
        let pairs = |p: &[(&str, &str)]| Body::Fields(p.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect());
        let cases = [
            (pairs(&[]), serde_json::json!({})),
            (pairs(&[("a", "1"), ("b", "2")]), serde_json::json!({"a": "1", "b": "2"})),
            (pairs(&[("a", "1"), ("a", "2"), ("a", "3")]), serde_json::json!({"a": ["1", "2", "3"]})),
            (Body::Json("[1, 2]".into()), serde_json::json!([1, 2])),
        ];
        for (body, json) in cases {
            assert_eq!(body.to_json(), json, "{body:?}");
        }
    }

    #[test]
    fn the_key_in_a_body_is_a_top_level_string_or_a_form_field() {
        let cases = [
            (Body::Json(r#"{"key": "k1", "text": "hi"}"#.into()), Some("k1")),
            (Body::Json(r#"{"key": 7}"#.into()), None),
            (Body::Json(r#"{"inner": {"key": "k"}}"#.into()), None),
            (Body::Json(r#"{"key": ""}"#.into()), None),
            (Body::Fields(vec![("key".into(), "k2".into())]), Some("k2")),
            (Body::Fields(vec![("name".into(), "k2".into())]), None),
        ];
        for (body, key) in cases {
            assert_eq!(body.key().as_deref(), key, "{body:?}");
        }
    }
}
