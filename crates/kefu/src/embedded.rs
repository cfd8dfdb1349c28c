//! What the `kefu` binary carries inside it: the default theme (`site/templates`,
//! `site/assets`) and the widget bundle built by `cargo xtask widget`.

use include_dir::{Dir, include_dir};

/// The default templates; a site's own `site/templates/<name>` overrides one.
pub static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../site/templates");

/// The default words of pages and widget, one file per language; `en.toml` lists them all.
pub static WORDS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../site/words");

/// The default static assets, copied to the output root; a site's own
/// `site/assets/<path>` overrides one.
pub static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../site/assets");

/// The widget's files and their bytes, written to `<output>/kefu/` (the list is
/// build.rs's). `None` when this binary was compiled before the widget was built.
pub fn widget() -> Option<&'static [(&'static str, &'static [u8])]> {
    #[cfg(kefu_widget)]
    return Some(include!(concat!(env!("OUT_DIR"), "/widget.rs")));
    #[cfg(not(kefu_widget))]
    None
}
