//! The theme: templates and static assets, from the site's own `site/templates` and
//! `site/assets` where a file exists there, else from the defaults in the binary.

use crate::embedded;
use crate::error::{Error, IoContext};
use std::collections::BTreeMap;
use std::path::Path;

/// The template environment of a site.
pub fn templates(site_dir: &Path) -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    let own = site_dir.join("templates");
    env.set_loader(move |name| {
        let path = own.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Ok(embedded::TEMPLATES.get_file(name).and_then(|f| f.contents_utf8()).map(str::to_owned))
            }
            Err(e) => {
                Err(minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, format!("{}: {e}", path.display())))
            }
        }
    });
    env.set_formatter(html_formatter);
    env
}

/// Escapes `& < > " '` only: minijinja's default also escapes `/`, which makes every
/// URL in the output unreadable without making it any safer.
fn html_formatter(
    out: &mut minijinja::Output<'_>,
    state: &minijinja::State<'_, '_>,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    let plain_string = matches!(state.auto_escape(), minijinja::AutoEscape::Html)
        && !value.is_safe()
        && !value.is_undefined()
        && !value.is_none();
    if !plain_string {
        return minijinja::escape_formatter(out, state, value);
    }
    let text = value.to_string();
    let mut rest = text.as_str();
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.write_str(&rest[..i])?;
        out.write_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        })?;
        rest = &rest[i + 1..];
    }
    out.write_str(rest)?;
    Ok(())
}

/// Every static asset, by its path relative to the output root: the defaults, then
/// `built` (the widget bundle, whose minified scripts replace the defaults' sources), then
/// the site's own files on top. A site file identical to the default it would replace
/// is that default (the sample site's `site/` is the default theme itself).
pub fn assets(
    site_dir: &Path,
    built: impl IntoIterator<Item = (String, Vec<u8>)>,
) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let mut files = BTreeMap::new();
    collect_embedded(&embedded::ASSETS, &mut files);
    files.extend(built);
    let own = site_dir.join("assets");
    if own.is_dir() {
        for entry in walkdir::WalkDir::new(&own).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Io { path: own.clone(), source: e.into() })?;
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&own).expect("walkdir stays under its root");
                let key = rel.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/");
                let bytes = std::fs::read(entry.path()).at(entry.path())?;
                if embedded::ASSETS.get_file(&key).is_some_and(|default| default.contents() == bytes) {
                    continue;
                }
                files.insert(key, bytes);
            }
        }
    }
    Ok(files)
}

fn collect_embedded(dir: &include_dir::Dir<'static>, files: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        files.insert(file.path().to_string_lossy().replace('\\', "/"), file.contents().to_vec());
    }
    for sub in dir.dirs() {
        collect_embedded(sub, files);
    }
}
