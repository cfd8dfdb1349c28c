//! `kefu serve`'s development ticket receiver at `/api/tickets`: takes the tickets a
//! site's widget posts (JSON, forms, files), once per idempotency key, across origins,
//! and lists them at `GET /api/tickets` for the author to see what arrived.

use crate::ticket_store::{Attachment, Body, Receipt, Submission, TicketStore};
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use std::sync::Arc;

/// The largest body taken: a ticket with screenshots attached.
pub const BODY_LIMIT: usize = 25 * 1024 * 1024;

const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
const IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";
const ACCEPTED: &str =
    "application/json, text/plain holding JSON, application/x-www-form-urlencoded or multipart/form-data";

/// The receiver's routes, for any router state: `/api/tickets` and its files.
pub fn router<S: Clone + Send + Sync + 'static>(store: Arc<TicketStore>) -> Router<S> {
    Router::new()
        .route("/api/tickets", get(page).post(receive).options(preflight))
        .route("/api/tickets/{id}/files/{n}", get(file))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(store)
}

/// Lets a widget on another origin post: it sends JSON and an `Idempotency-Key`, both of
/// which need the browser's permission first.
async fn preflight() -> Response {
    let headers = [
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        (header::ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS"),
        (header::ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type, Idempotency-Key"),
        (header::ACCESS_CONTROL_MAX_AGE, "600"),
    ];
    (StatusCode::NO_CONTENT, headers).into_response()
}

/// Stores a posted ticket, or replays the answer to its key's first post.
async fn receive(State(store): State<Arc<TicketStore>>, request: Request) -> Response {
    let header_key = idempotency_key(request.headers());
    let response = match read(request).await {
        Ok(mut submission) => {
            submission.key = header_key.or_else(|| submission.body.key());
            match tokio::task::spawn_blocking(move || store.receive(&submission)).await {
                Ok(Ok(receipt)) => answer(receipt),
                Ok(Err(err)) => error(StatusCode::INTERNAL_SERVER_ERROR, &chain(&err)),
                Err(err) => error(StatusCode::INTERNAL_SERVER_ERROR, &err.to_string()),
            }
        }
        Err(response) => response,
    };
    cross_origin(response)
}

/// The request's `Idempotency-Key`, with the quotes of the IETF draft's form removed.
fn idempotency_key(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(IDEMPOTENCY_KEY)?.to_str().ok()?.trim();
    let key = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value);
    (!key.is_empty()).then(|| key.to_string())
}

/// The ticket in `request`, without its key yet; or the error response that says why not.
async fn read(request: Request) -> Result<Submission, Response> {
    let content_type = media_type(request.headers());
    if ![FORM, MULTIPART, "application/json", "text/plain"].contains(&content_type.as_str()) {
        let message = format!(
            "{} is not accepted: send {ACCEPTED}",
            if content_type.is_empty() { "no content type" } else { &content_type }
        );
        return Err(error(StatusCode::UNSUPPORTED_MEDIA_TYPE, &message));
    }
    // Refused before it is read: a sender would otherwise upload 25 MiB to learn this.
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > BODY_LIMIT as u64) {
        return Err(too_large());
    }
    if content_type == MULTIPART {
        let multipart = Multipart::from_request(request, &())
            .await
            .map_err(|err| error(err.status(), &format!("malformed multipart body: {}", err.body_text())))?;
        let (fields, files) = read_multipart(multipart).await?;
        return Ok(Submission { key: None, content_type, body: Body::Fields(fields), files });
    }
    let bytes = match Bytes::from_request(request, &()).await {
        Ok(bytes) => bytes,
        Err(BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_))) => {
            return Err(too_large());
        }
        Err(err) => return Err(error(err.status(), &err.body_text())),
    };
    let body = if content_type == FORM {
        Body::Fields(form_urlencoded::parse(&bytes).into_owned().collect())
    } else {
        match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(_) => Body::Json(String::from_utf8_lossy(&bytes).into_owned()),
            // Browsers send keepalive copies (sendBeacon) as text/plain: JSON in plain clothes.
            Err(_) if content_type == "text/plain" => {
                let message = format!("text/plain is accepted only when the body is JSON: send {ACCEPTED}");
                return Err(error(StatusCode::UNSUPPORTED_MEDIA_TYPE, &message));
            }
            Err(err) => return Err(error(StatusCode::BAD_REQUEST, &format!("the body is not valid JSON: {err}"))),
        }
    };
    Ok(Submission { key: None, content_type, body, files: Vec::new() })
}

/// A multipart body's text fields and files, in order.
async fn read_multipart(mut multipart: Multipart) -> Result<(Vec<(String, String)>, Vec<Attachment>), Response> {
    let malformed = |err: axum::extract::multipart::MultipartError| {
        error(err.status(), &format!("malformed multipart body: {}", err.body_text()))
    };
    let (mut fields, mut files) = (Vec::new(), Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field.content_type().unwrap_or("application/octet-stream").to_string();
        let bytes = field.bytes().await.map_err(malformed)?;
        match file_name {
            // A file input left empty still sends a part, named "" and empty.
            Some(file_name) if file_name.is_empty() && bytes.is_empty() => {}
            Some(file_name) => {
                files.push(Attachment { field: name, name: file_name, content_type, bytes: bytes.into() })
            }
            None => fields.push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok((fields, files))
}

/// The request's media type, lower case, without parameters.
fn media_type(headers: &HeaderMap) -> String {
    let value = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// The stored (or first) response, as stored: same status, same bytes.
fn answer(receipt: Receipt) -> Response {
    let status = StatusCode::from_u16(receipt.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let key = serde_json::from_str::<serde_json::Value>(&receipt.body)
        .ok()
        .and_then(|body| body.get("key")?.as_str().and_then(|key| HeaderValue::from_str(key).ok()));
    let mut response = (status, [(header::CONTENT_TYPE, "application/json")], receipt.body).into_response();
    if let Some(key) = key {
        response.headers_mut().insert(IDEMPOTENCY_KEY, key);
    }
    if receipt.replayed {
        response.headers_mut().insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    response
}

fn too_large() -> Response {
    error(StatusCode::PAYLOAD_TOO_LARGE, "the body is larger than 25 MiB")
}

/// `{"error": message}` with `status`.
fn error(status: StatusCode, message: &str) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], serde_json::json!({ "error": message }).to_string())
        .into_response()
}

/// What every answer to a post carries, so the widget on another origin can read it.
fn cross_origin(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("Retry-After, Idempotency-Key, Idempotent-Replayed"),
    );
    response
}

/// The page listing what was received, newest first.
async fn page(State(store): State<Arc<TicketStore>>) -> Response {
    match tokio::task::spawn_blocking(move || store.tickets()).await {
        Ok(Ok(tickets)) => Html(crate::ticket_page::render(&tickets)).into_response(),
        Ok(Err(err)) => error(StatusCode::INTERNAL_SERVER_ERROR, &chain(&err)),
        Err(err) => error(StatusCode::INTERNAL_SERVER_ERROR, &err.to_string()),
    }
}

/// One attached file, as a download: never shown in the help center's origin.
async fn file(State(store): State<Arc<TicketStore>>, Path((id, n)): Path<(i64, i64)>) -> Response {
    match tokio::task::spawn_blocking(move || store.file(id, n)).await {
        Ok(Ok(Some((info, bytes)))) => {
            let headers = [
                (header::CONTENT_TYPE, "application/octet-stream".to_string()),
                (header::CONTENT_DISPOSITION, content_disposition(&info.name)),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            ];
            (headers, bytes).into_response()
        }
        Ok(Ok(None)) => error(StatusCode::NOT_FOUND, &format!("ticket {id} has no file {n}")),
        Ok(Err(err)) => error(StatusCode::INTERNAL_SERVER_ERROR, &chain(&err)),
        Err(err) => error(StatusCode::INTERNAL_SERVER_ERROR, &err.to_string()),
    }
}

/// `attachment` with the file's name: a plain ASCII fallback, and the exact name
/// percent-encoded (RFC 6266), so no name can break the header.
fn content_disposition(name: &str) -> String {
    let plain: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect();
    format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}")
}

fn chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_quoted_or_not() {
        let cases = [
            ("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"", Some("8e03978e-40d5-43e8-bc93-6894a57f9324")),
            ("8e03978e", Some("8e03978e")),
            (" abc ", Some("abc")),
            ("\"\"", None),
            ("", None),
        ];
        for (value, key) in cases {
            let mut headers = HeaderMap::new();
            headers.insert(IDEMPOTENCY_KEY, HeaderValue::from_str(value).unwrap());
            assert_eq!(idempotency_key(&headers).as_deref(), key, "{value:?}");
        }
        assert_eq!(idempotency_key(&HeaderMap::new()), None);
    }

    #[test]
    fn file_names_cannot_break_the_header() {
        assert_eq!(content_disposition("a b.png"), "attachment; filename=\"a b.png\"; filename*=UTF-8''a%20b.png");
        assert_eq!(
            content_disposition("x\"\r\n;.txt"),
            "attachment; filename=\"x____.txt\"; filename*=UTF-8''x%22%0D%0A%3B.txt"
        );
        assert!(content_disposition("截图.png").ends_with("filename*=UTF-8''%E6%88%AA%E5%9B%BE.png"));
    }
}
