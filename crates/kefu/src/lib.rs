//! The `kefu` library behind the CLI: load a site from disk, build it into a folder,
//! serve that folder.

pub mod check;
pub mod contact;
mod embedded;
mod error;
pub mod flows;
pub mod new;
pub mod output;
mod pages;
mod receiver;
pub mod search;
mod seo;
pub mod serve;
mod site;
mod theme;
mod ticket_page;
pub mod ticket_store;
mod widget;
mod words;

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
    build_with(root, output, None)
}

/// [`build`], with the site's `base-url` replaced by `base_url` when given: `kefu serve`
/// builds for the address it serves on.
pub fn build_with(root: &Path, output: &Path, base_url: Option<&str>) -> Result<BuildSummary, Error> {
    let started = Instant::now();
    let site = load(root, base_url)?;
    let progress = progress_bar(site.articles().count());
    let files = output::write_with(output, |sink| {
        pages::render(&site, sink, &|| progress.inc(1))?;
        Ok(sink.len())
    })?;
    progress.finish_and_clear();
    Ok(BuildSummary { articles: site.articles().count(), files, elapsed: started.elapsed() })
}

/// Loads and renders the site at `root` in memory: every output file, and the number of
/// articles.
pub fn render(root: &Path, base_url: Option<&str>) -> Result<(output::Files, usize), Error> {
    let site = load(root, base_url)?;
    let progress = progress_bar(site.articles().count());
    let sink = output::Sink::memory();
    pages::render(&site, &sink, &|| progress.inc(1))?;
    progress.finish_and_clear();
    Ok((sink.into_files(), site.articles().count()))
}

/// Loads the site at `root` for a build, with `base_url` when given; pages that would
/// overwrite each other are an error.
fn load(root: &Path, base_url: Option<&str>) -> Result<Site, Error> {
    let mut site = Site::load(root)?;
    if let Some(url) = base_url {
        site.config.base_url = url.to_string();
    }
    let collisions = check::collisions(&site, false);
    if !collisions.is_empty() {
        return Err(Error::Content(collisions));
    }
    Ok(site)
}

/// A progress bar on a terminal, for sites big enough to wait for; hidden otherwise.
fn progress_bar(articles: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if articles < 1000 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(articles as u64);
    let style =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages {elapsed}").expect("a valid template");
    bar.set_style(style);
    bar
}
