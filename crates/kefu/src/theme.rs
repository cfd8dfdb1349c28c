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
            Err(e) => Err(minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, format!("{}: {e}", path.display()))),
        }
    });
    env
}

/// Every static asset, by its path relative to the output root: the defaults, then the
/// site's own files on top.
pub fn assets(site_dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let mut files = BTreeMap::new();
    collect_embedded(&embedded::ASSETS, &mut files);
    let own = site_dir.join("assets");
    if own.is_dir() {
        for entry in walkdir::WalkDir::new(&own).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Io { path: own.clone(), source: e.into() })?;
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&own).expect("walkdir stays under its root");
                let key = rel.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/");
                files.insert(key, std::fs::read(entry.path()).at(entry.path())?);
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
