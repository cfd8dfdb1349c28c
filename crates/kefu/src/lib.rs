//! The `kefu` library behind the CLI: load a site from disk, build it into a folder,
//! serve that folder.

mod embedded;
mod error;
mod output;
mod pages;
pub mod serve;
mod site;
mod theme;

pub use error::Error;
pub use site::{LocaleContent, Site};

use std::path::Path;
use std::time::{Duration, Instant};

/// What a build produced.
#[derive(Debug, Clone, Copy)]
pub struct BuildSummary {
    /// Article pages written, over all locales.
    pub articles: usize,
    /// Files written in all.
    pub files: usize,
    /// Wall time of load and build.
    pub elapsed: Duration,
}

/// Loads the site at `root` and writes it to `output`, replacing what was there only
/// when the whole build succeeded.
pub fn build(root: &Path, output: &Path) -> Result<BuildSummary, Error> {
    let started = Instant::now();
    let site = Site::load(root)?;
    let files = pages::render(&site)?;
    output::write_atomically(output, &files)?;
    Ok(BuildSummary { articles: site.articles().count(), files: files.len(), elapsed: started.elapsed() })
}
