//! `kefu serve`: builds the site for its local address, serves it on 127.0.0.1, rebuilds
//! when content or theme change, and reloads open pages (or shows the build error over
//! them) through server-sent events. It also takes the tickets a site's widget posts,
//! at `/api/tickets` (see `receiver`).
//!
//! Every response carries the strict Content-Security-Policy the help center is built
//! for, so a page that breaks it fails here first, not in production.

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy every page of a kefu site works under.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'";

/// The live-reload script, served at `/__kefu/live.js` and added to every HTML page.
const LIVE_JS: &str = include_str!("live.js");
/// How long the files must stay quiet before a rebuild starts: editors save in bursts.
const DEBOUNCE: Duration = Duration::from_millis(80);

/// What open pages are told.
#[derive(Debug, Clone)]
enum Notice {
    Reload,
    BuildError(String),
}

#[derive(Clone)]
struct Live {
    notices: broadcast::Sender<Notice>,
    /// Counts successful builds; pages carry the number they were served with, so a
    /// page that missed a reload (it was itself reloading) still notices.
    generation: Arc<AtomicU64>,
    /// The last build's error, shown to pages that connect while it stands.
    last_error: Arc<Mutex<Option<String>>>,
}

/// Builds the site at `root` into `output` and serves it on 127.0.0.1:`port` (0 picks a
/// free port) until Ctrl-C, rebuilding on changes. Prints the URL on stdout once
/// listening, and `Rebuilt in N ms (M articles)` after each rebuild.
pub fn serve(root: &Path, output: &Path, port: u16) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))))?;
    let address = listener.local_addr()?;
    let base_url = format!("http://{address}/");
    let (notices, _) = broadcast::channel(16);
    let live = Live { notices, generation: Arc::new(AtomicU64::new(0)), last_error: Arc::new(Mutex::new(None)) };

    let rebuild = {
        let (root, output, base_url, live) = (root.to_path_buf(), output.to_path_buf(), base_url.clone(), live.clone());
        // What the output holds, once a first build has written it whole.
        let written: Mutex<Option<crate::output::Fingerprints>> = Mutex::new(None);
        move |first: bool| {
            let started = Instant::now();
            let result = crate::render(&root, Some(&base_url)).and_then(|(files, articles)| {
                let mut written = written.lock().expect("not poisoned");
                *written = Some(match written.as_ref() {
                    Some(previous) if output.is_dir() => crate::output::update_in_place(&output, previous, &files)?,
                    _ => {
                        crate::output::write_atomically(&output, &files)?;
                        crate::output::fingerprints(&files)
                    }
                });
                Ok(articles)
            });
            match result {
                Ok(articles) => {
                    let verb = if first { "Built" } else { "Rebuilt" };
                    println!("{verb} in {} ms ({articles} articles)", started.elapsed().as_millis());
                    *live.last_error.lock().expect("not poisoned") = None;
                    live.generation.fetch_add(1, Ordering::SeqCst);
                    let _ = live.notices.send(Notice::Reload);
                }
                Err(err) => {
                    let message = error_chain(&err);
                    eprintln!("Build failed:\n{message}");
                    *live.last_error.lock().expect("not poisoned") = Some(message.clone());
                    let _ = live.notices.send(Notice::BuildError(message));
                }
            }
        }
    };
    rebuild(true);
    let _watcher = watch(&[root.join("content"), root.join("site")], move || rebuild(false))?;

    let files = ServeDir::new(output)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(output.join("404.html")));
    let app = Router::new()
        .route(
            "/__kefu/live.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], LIVE_JS) }),
        )
        .route("/__kefu/events", get(events))
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(live.clone(), inject_live_reload))
        // After the live-reload layer: the tickets page shows the database, not a build.
        .merge(crate::receiver::router(Arc::new(crate::ticket_store::TicketStore::new(root))))
        .with_state(live)
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, policy(root)))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        // The widget, embedded on other sites, loads its modules, the index and articles
        // from here: public files, for any origin (as the build's `_headers` says).
        .layer(SetResponseHeaderLayer::overriding(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")));
    println!("Serving {} at {base_url} (Ctrl-C to stop)", output.display());
    runtime.block_on(async {
        axum::serve(listener, app).with_graceful_shutdown(async { tokio::signal::ctrl_c().await.unwrap_or(()) }).await
    })?;
    Ok(())
}

/// The policy for this site: the strict one, with the ticket endpoint's origin allowed
/// to be connected to when tickets go to another origin (as a site's own policy must).
/// Read once, when serving starts: a new endpoint takes a restart.
fn policy(root: &Path) -> HeaderValue {
    let endpoint = crate::site::Site::load_config(root).ok().and_then(|c| c.tickets.endpoint.map(|e| e.into_inner()));
    let origin = endpoint.as_deref().and_then(origin);
    let policy = match origin {
        Some(origin) => CONTENT_SECURITY_POLICY.replace("connect-src 'self'", &format!("connect-src 'self' {origin}")),
        None => CONTENT_SECURITY_POLICY.to_string(),
    };
    HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static(CONTENT_SECURITY_POLICY))
}

/// The origin (`scheme://host[:port]`) of an absolute URL.
fn origin(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let end = scheme.len() + 3 + host.len();
    (!host.is_empty() && host.bytes().all(|b| b.is_ascii_graphic())).then(|| &url[..end])
}

/// The server-sent events of one open page.
async fn events(State(live): State<Live>) -> impl IntoResponse {
    let receiver = live.notices.subscribe();
    // First what stands now: the build error, or the build a page should be showing.
    let current = Some(match live.last_error.lock().expect("not poisoned").clone() {
        Some(message) => Notice::BuildError(message),
        None => Notice::Reload,
    });
    let generation = live.generation.clone();
    let stream = futures_util::stream::unfold((current, receiver), move |(pending, mut receiver)| {
        let generation = generation.clone();
        async move {
            let notice = match pending {
                Some(notice) => notice,
                None => loop {
                    match receiver.recv().await {
                        Ok(notice) => break notice,
                        Err(broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(broadcast::error::RecvError::Closed) => return None,
                    }
                },
            };
            let event = match notice {
                Notice::Reload => Event::default().event("build").data(generation.load(Ordering::SeqCst).to_string()),
                Notice::BuildError(message) => Event::default().event("build-error").data(message),
            };
            Some((Ok::<_, std::convert::Infallible>(event), (None, receiver)))
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Adds the live-reload script to every HTML page served, with the build it shows.
async fn inject_live_reload(State(live): State<Live>, mut request: Request<Body>, next: Next) -> Response {
    // Always send the page whole: Last-Modified has one-second precision, and a rebuild
    // within the same second would otherwise be answered "304 Not Modified".
    request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    request.headers_mut().remove(header::IF_NONE_MATCH);
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let html = String::from_utf8_lossy(&bytes);
    let tag =
        format!("<script src=\"/__kefu/live.js?build={}\" defer></script>", live.generation.load(Ordering::SeqCst));
    let html = match html.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]),
        None => format!("{html}{tag}"),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}

/// Watches `dirs` and calls `on_change` once per burst of changes.
fn watch(dirs: &[PathBuf], on_change: impl Fn() + Send + 'static) -> notify::Result<notify::RecommendedWatcher> {
    use notify::Watcher;
    let (sender, receiver) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !matches!(e.kind, notify::EventKind::Access(_))) {
            let _ = sender.send(());
        }
    })?;
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        watcher.watch(dir, notify::RecursiveMode::Recursive)?;
    }
    std::thread::spawn(move || {
        while receiver.recv().is_ok() {
            while receiver.recv_timeout(DEBOUNCE).is_ok() {}
            on_change();
        }
    });
    Ok(watcher)
}

fn error_chain(err: &crate::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(&format!("\n  {cause}"));
        source = cause.source();
    }
    message
}
