//! `kefu serve`: a local web server for the built site, on 127.0.0.1.
//!
//! Every response carries the strict Content-Security-Policy the help center is built
//! for, so a page that breaks it fails here first, not in production.

use axum::Router;
use axum::http::{HeaderValue, header};
use std::net::SocketAddr;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy every page of a kefu site works under.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'";

/// Serves `dir` on 127.0.0.1:`port` until Ctrl-C; port 0 picks a free port. Prints the
/// URL on stdout once listening.
pub async fn serve(dir: &Path, port: u16) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
    let address = listener.local_addr()?;
    let files = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(dir.join("404.html")));
    let app = Router::new()
        .fallback_service(files)
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")));
    println!("Serving {} at http://{address}/ (Ctrl-C to stop)", dir.display());
    axum::serve(listener, app).with_graceful_shutdown(async { tokio::signal::ctrl_c().await.unwrap_or(()) }).await
}
