//! The errors of loading and building a site.

use kefu_core::ContentError;
use std::path::PathBuf;

/// Why a site could not be loaded or built.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The content has problems; every one found is listed.
    #[error("{} problem(s) in the content:\n{}", .0.len(), list(.0))]
    Content(Vec<ContentError>),
    /// A template failed to parse or render.
    #[error("template {name}")]
    Template {
        /// The template's name, e.g. `article.html`.
        name: String,
        /// minijinja's error, with the template line.
        source: minijinja::Error,
    },
    /// A built search index could not be read.
    #[error("{}: {message}", path.display())]
    Index {
        /// The index file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A name given on the command line names nothing the site has.
    #[error("there is no {what}; there are: {known}")]
    Unknown {
        /// What was asked for, e.g. `flow "refunds" in en`.
        what: String,
        /// What there is instead.
        known: String,
    },
    /// The binary was compiled without the widget bundle.
    #[error("this kefu binary was built without the widget bundle: run `cargo xtask widget`, then rebuild kefu")]
    WidgetMissing,
}

fn list(errors: &[ContentError]) -> String {
    errors.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n")
}

/// Adds the path to an I/O error.
pub(crate) trait IoContext<T> {
    fn at(self, path: impl Into<PathBuf>) -> Result<T, Error>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, path: impl Into<PathBuf>) -> Result<T, Error> {
        self.map_err(|source| Error::Io { path: path.into(), source })
    }
}
