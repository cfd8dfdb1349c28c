//! HTTP GET through the browser's `fetch`: all the widget needs from the network.
//! (gloo-net did the same for 2.6 KB more of gzipped wasm and JS glue, measured.)

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

/// Fetches `url`; an HTTP error status is an error.
async fn get(url: &str) -> Result<Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(|e| format!("{url}: {}", message(&e)))?;
    let response: Response = response.dyn_into().map_err(|_| "not a response")?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    Ok(response)
}

/// The body of `url` as text.
pub async fn text(url: &str) -> Result<String, String> {
    let text = get(url).await?.text().map_err(|e| message(&e))?;
    let text = JsFuture::from(text).await.map_err(|e| message(&e))?;
    text.as_string().ok_or_else(|| format!("{url}: not text"))
}

/// What a JavaScript error says: its message, or the thrown string. (Not `{:?}`: Rust's
/// Debug formatting would add kilobytes to the module.)
pub fn message(error: &wasm_bindgen::JsValue) -> String {
    error
        .as_string()
        .or_else(|| error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "unknown error".into())
}
