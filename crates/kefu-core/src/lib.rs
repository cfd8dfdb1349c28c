//! kefu's content model: the site configuration, articles and their front matter, and
//! the one Markdown entry point.
//!
//! Pure: every function here takes text and returns values or errors that carry the
//! file and line. Reading files and writing pages is the `kefu` crate's business.

mod article;
mod config;
pub mod contact;
mod error;
pub mod flow;
mod front_matter;
pub mod markdown;
pub mod tickets;
pub mod tz;
mod words;

pub use article::{Article, Category, CategoryMeta, ParseOptions};
pub use config::{Brand, ContentConfig, LocaleConfig, MarkdownConfig, NavLink, SearchConfig, SiteConfig};
pub use error::{ContentError, Location};
pub use front_matter::FrontMatter;
pub use kefu_model;
pub use kefu_model::time::Date;
pub use words::parse_words;
