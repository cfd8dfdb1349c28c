//! Any text loaded as an article, in TOML or YAML front matter, must give an article or
//! an error with a location inside the text: never a panic.
#![no_main]

use kefu_core::{Article, ParseOptions};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|text: &str| {
    let options = ParseOptions { ignored_keys: vec!["hide_sidebar".into()], unsafe_html: false };
    match Article::parse(Path::new("content/en/orders/late.md"), text, &options) {
        Ok(article) => {
            assert!(article.body_line >= 1);
            for link in &article.rendered.links {
                assert!(article.source_line(link.line) <= text.lines().count() + 1);
            }
        }
        Err(err) => assert!(err.location.line <= text.lines().count() + 1, "{err}"),
    }
});
