//! Writing the output folder atomically: the new site is written beside the old one and
//! swapped in only when complete, so a failed build leaves the previous output intact.

use crate::error::{Error, IoContext};
use std::collections::BTreeMap;
use std::path::Path;

/// The files of a built site, by path relative to the output root (`/`-separated).
pub type Files = BTreeMap<String, Vec<u8>>;

/// Replaces `output` with exactly `files`.
pub fn write_atomically(output: &Path, files: &Files) -> Result<(), Error> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent).at(parent)?;
    let name = output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = tempfile::Builder::new().prefix(&format!(".{name}.new-")).tempdir_in(parent).at(parent)?;
    for (rel, bytes) in files {
        let path = staging.path().join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).at(dir)?;
        }
        std::fs::write(&path, bytes).at(&path)?;
    }
    let staged = staging.keep();
    if output.exists() {
        let trash = tempfile::Builder::new().prefix(&format!(".{name}.old-")).tempdir_in(parent).at(parent)?;
        let old = trash.path().join(&name);
        std::fs::rename(output, &old).at(output)?;
        if let Err(source) = std::fs::rename(&staged, output) {
            // Put the previous site back rather than leave no site at all.
            let _ = std::fs::rename(&old, output);
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Error::Io { path: output.to_path_buf(), source });
        }
        drop(trash);
    } else {
        std::fs::rename(&staged, output).at(output)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = |pairs: &[(&str, &str)]| -> Files {
            pairs.iter().map(|(k, v)| (k.to_string(), v.as_bytes().to_vec())).collect()
        };
        write_atomically(&out, &files(&[("index.html", "one"), ("old/page.html", "x")])).unwrap();
        write_atomically(&out, &files(&[("index.html", "two"), ("en/index.html", "en")])).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert_eq!(std::fs::read_to_string(out.join("en/index.html")).unwrap(), "en");
        assert!(!out.join("old").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["public"]);
    }
}
