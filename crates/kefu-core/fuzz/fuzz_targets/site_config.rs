//! Any text read as `site/kefu.toml` gives a configuration or an error: never a panic.
#![no_main]

use kefu_core::SiteConfig;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|text: &str| {
    if let Ok(config) = SiteConfig::parse(Path::new("site/kefu.toml"), text) {
        assert!(config.base_path().starts_with('/') && config.base_path().ends_with('/'));
    }
});
