//! Writing the output folder atomically: the new site is written beside the old one and
//! swapped in only when complete, so a failed build leaves the previous output intact.

use crate::error::{Error, IoContext};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
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
    write_files(staging.path(), files.iter().collect())?;
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

/// Writes `files` below `root`, creating each folder once, then the files on every
/// core: a big site is tens of thousands of small files, and one thread writing them
/// one by one was a tenth of its build.
fn write_files(root: &Path, files: Vec<(&String, &Vec<u8>)>) -> Result<(), Error> {
    let dirs: BTreeSet<&str> = files.iter().filter_map(|(rel, _)| Some(rel.rsplit_once('/')?.0)).collect();
    for dir in dirs {
        let path = root.join(dir);
        std::fs::create_dir_all(&path).at(&path)?;
    }
    files.into_par_iter().try_for_each(|(rel, bytes)| {
        let path = root.join(rel);
        std::fs::write(&path, bytes).at(&path)
    })
}

/// A fingerprint of every file written, to tell what changed since.
pub type Fingerprints = BTreeMap<String, u64>;

/// The fingerprints of `files`.
pub fn fingerprints(files: &Files) -> Fingerprints {
    use std::hash::{DefaultHasher, Hash, Hasher};
    files
        .iter()
        .map(|(path, bytes)| {
            let mut hasher = DefaultHasher::new();
            bytes.hash(&mut hasher);
            (path.clone(), hasher.finish())
        })
        .collect()
}

/// Brings `output`, last written with `previous`, up to `files` in place: writes only
/// what changed and removes what is gone. What `kefu serve` does after its first build:
/// rewriting ten thousand unchanged pages for one edited article is what makes a
/// rebuild slow, not rendering them.
pub fn update_in_place(output: &Path, previous: &Fingerprints, files: &Files) -> Result<Fingerprints, Error> {
    let current = fingerprints(files);
    write_files(output, files.iter().filter(|(rel, _)| previous.get(*rel) != current.get(*rel)).collect())?;
    for rel in previous.keys().filter(|rel| !current.contains_key(*rel)) {
        let path = output.join(rel);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::Io { path, source: e }),
            _ => {}
        }
    }
    Ok(current)
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

    #[test]
    fn updates_in_place_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = |pairs: &[(&str, &str)]| -> Files {
            pairs.iter().map(|(k, v)| (k.to_string(), v.as_bytes().to_vec())).collect()
        };
        let first = files(&[("a.html", "a"), ("b/c.html", "c"), ("gone.html", "x")]);
        write_atomically(&out, &first).unwrap();
        let before = std::fs::metadata(out.join("a.html")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let second = files(&[("a.html", "a"), ("b/c.html", "c2"), ("d.html", "d")]);
        let prints = update_in_place(&out, &fingerprints(&first), &second).unwrap();
        assert_eq!(prints, fingerprints(&second));
        assert_eq!(
            std::fs::metadata(out.join("a.html")).unwrap().modified().unwrap(),
            before,
            "unchanged files are not rewritten"
        );
        assert_eq!(std::fs::read_to_string(out.join("b/c.html")).unwrap(), "c2");
        assert_eq!(std::fs::read_to_string(out.join("d.html")).unwrap(), "d");
        assert!(!out.join("gone.html").exists());
    }
}
