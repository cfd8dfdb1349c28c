//! The `kefu` command line: a thin layer over the `kefu` library.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// kefu (客服): a help center in a script tag.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a starter site in a new folder.
    New {
        /// The folder to create; it must not exist or be empty.
        dir: PathBuf,
    },
    /// Build the help center from content/ and site/ into the output folder.
    Build(BuildArgs),
    /// Find broken links and anchors, missing images and translations, and other
    /// problems; exits non-zero if there is any.
    Check {
        /// The site's folder, holding site/kefu.toml and content/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
    },
    /// Search a built site with the engine the search page and the widget run.
    Search {
        /// What to look for.
        query: String,
        /// The locale's index to search; the site's default locale if not given.
        #[arg(short, long)]
        locale: Option<String>,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
        /// How many results.
        #[arg(short = 'n', long, default_value_t = 10)]
        limit: usize,
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Build the help center, then serve it on 127.0.0.1.
    Serve {
        #[command(flatten)]
        build: BuildArgs,
        /// Port to listen on; 0 picks a free one.
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
    },
}

#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// The site's folder, holding site/kefu.toml and content/.
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site; defaults to <root>/public.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

impl BuildArgs {
    fn output(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }

    fn build(&self) -> Result<PathBuf> {
        let output = self.output();
        let summary = kefu::build(&self.root, &output).with_context(|| format!("building {}", self.root.display()))?;
        eprintln!(
            "Built {} articles ({} files) into {} in {} ms",
            summary.articles,
            summary.files,
            output.display(),
            summary.elapsed.as_millis()
        );
        Ok(output)
    }
}

fn check(root: &std::path::Path) -> Result<()> {
    let problems = kefu::check::check(root).with_context(|| format!("checking {}", root.display()))?;
    for problem in &problems {
        println!("{problem}");
    }
    if problems.is_empty() {
        eprintln!("No problems found.");
        return Ok(());
    }
    let files: std::collections::BTreeSet<_> = problems.iter().map(|p| &p.location.path).collect();
    eprintln!("{} problem(s) in {} file(s).", problems.len(), files.len());
    std::process::exit(1);
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::New { dir } => {
            let files = kefu::new::create(&dir)?;
            eprintln!("Created a starter site with {files} files in {}.", dir.display());
            eprintln!("Next: `kefu serve --root {}`, then edit content/ and site/kefu.toml.", dir.display());
            Ok(())
        }
        Command::Check { root } => check(&root),
        Command::Search { query, locale, json, limit, build } => {
            let locale = match locale {
                Some(locale) => locale,
                None => kefu::Site::load_config(&build.root)?.default_locale,
            };
            let hits = kefu::search::search(&build.output(), &locale, &query, limit)?;
            if json {
                let hits: Vec<_> = hits.iter().map(kefu::search::to_json).collect();
                println!("{}", serde_json::to_string_pretty(&hits)?);
            } else if hits.is_empty() {
                eprintln!("No results for {query:?} in {locale}.");
            } else {
                for (i, hit) in hits.iter().enumerate() {
                    println!("{}", kefu::search::to_text(i + 1, hit));
                }
            }
            Ok(())
        }
        Command::Build(args) => args.build().map(|_| ()),
        Command::Serve { build, port } => kefu::serve::serve(&build.root, &build.output(), port)
            .with_context(|| format!("serving on 127.0.0.1:{port}")),
    }
}
