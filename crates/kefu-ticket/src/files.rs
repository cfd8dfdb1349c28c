//! The ticket's attachments in the browser: each file the visitor picks is checked against
//! the form's limits (the model's rules), images longer than the limit are scaled down
//! first (so a phone's 12-megapixel photo goes out as a readable 1600 px one), and every
//! file refused says which, why, and the limit.

use js_sys::Array;
use kefu_model::Words;
use kefu_model::ticket::{Attachments, Rejection, size_words};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File};

/// What became of the files picked: the ones taken (scaled where they were images) and
/// what to tell about the others.
pub struct Picked {
    /// The files to attach.
    pub taken: Vec<File>,
    /// One sentence per file refused.
    pub refused: Vec<String>,
}

/// Checks and prepares `picked`, given the `already` files attached.
pub async fn pick(limits: &Attachments, words: &Words, already: usize, picked: Vec<File>) -> Picked {
    let mut result = Picked { taken: vec![], refused: vec![] };
    for file in picked {
        let index = already + result.taken.len();
        // Count and type first: no point scaling what cannot go.
        let early = limits.check(index, &file.name(), &file.type_(), 0);
        let file = match early {
            None if limits.max_edge > 0 && scalable(&file.type_()) => scaled(file, limits.max_edge).await,
            _ => file,
        };
        match early.or_else(|| limits.check(index, &file.name(), &file.type_(), file.size() as u64)) {
            None => result.taken.push(file),
            Some(why) => result.refused.push(refusal(words, limits, why, &file)),
        }
    }
    result
}

/// The hint under the input: how many files, how large.
pub fn hint(limits: &Attachments, words: &Words) -> String {
    words
        .t("ticket_files_hint")
        .replace("{n}", &limits.max_files.to_string())
        .replace("{limit}", &size_words(limits.max_bytes))
}

fn refusal(words: &Words, limits: &Attachments, why: Rejection, file: &File) -> String {
    words
        .t(why.words_key())
        .replace("{file}", &file.name())
        .replace("{types}", &limits.types.join(", "))
        .replace("{size}", &size_words(file.size() as u64))
        .replace("{limit}", &size_words(limits.max_bytes))
        .replace("{n}", &limits.max_files.to_string())
}

/// Raster images the browser can decode and encode again (not SVG, not GIF's frames).
fn scalable(mime: &str) -> bool {
    matches!(mime, "image/jpeg" | "image/png" | "image/webp")
}

/// `file` with its longest edge at most `max_edge` pixels, in its own format; `file` itself
/// when it is small enough or cannot be read as an image.
async fn scaled(file: File, max_edge: u32) -> File {
    match try_scale(&file, max_edge).await {
        Ok(Some(smaller)) => smaller,
        _ => file,
    }
}

async fn try_scale(file: &File, max_edge: u32) -> Result<Option<File>, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(window.create_image_bitmap_with_blob(file)?).await?.dyn_into()?;
    let (width, height) = (bitmap.width(), bitmap.height());
    let longest = width.max(height);
    if longest <= max_edge {
        return Ok(None);
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(max_edge) + u64::from(longest) / 2) / u64::from(longest)).max(1) as u32
    };
    let (w, h) = (scale(width), scale(height));
    let canvas = web_sys::OffscreenCanvas::new(w, h)?;
    let context: web_sys::OffscreenCanvasRenderingContext2d =
        canvas.get_context("2d")?.ok_or(JsValue::NULL)?.dyn_into()?;
    context.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, f64::from(w), f64::from(h))?;
    bitmap.close();
    let options = web_sys::ImageEncodeOptions::new();
    options.set_type(&file.type_());
    options.set_quality(0.85);
    let blob: Blob = JsFuture::from(canvas.convert_to_blob_with_options(&options)?).await?.dyn_into()?;
    let bag = web_sys::FilePropertyBag::new();
    bag.set_type(&blob.type_());
    Ok(Some(File::new_with_blob_sequence_and_options(&Array::of1(&blob), &file.name(), &bag)?))
}
