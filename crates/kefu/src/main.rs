//! The `kefu` command line: a thin layer over the `kefu` library.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// jemalloc, not the system's allocator: a build's threads allocate and free millions of
/// small strings and lists (terms, postings, pages), many freed by another thread than
/// made them, and glibc's malloc spent a seventh of a Chinese build in its own code and
/// lock. 5,000 Chinese articles build in 0.98 s against 1.10 s (medians of 7), at a peak
/// of 180 MB against 162 MB. (Not on MSVC, which jemalloc does not build with.)
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
        /// Show why each result ranks: the terms each query word matched (synonyms,
        /// typo and character corrections included), field weights and score parts.
        #[arg(long, conflicts_with = "json")]
        explain: bool,
        /// How many results.
        #[arg(short = 'n', long, default_value_t = 10)]
        limit: usize,
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Rank the contact channels for a visitor at an instant, with the widget's recommender.
    Contact {
        /// The instant, RFC 3339 (e.g. 2026-12-05T23:30:00+08:00); now when not given.
        #[arg(long)]
        at: Option<jiff::Timestamp>,
        /// The visitor's IANA time zone; the site's contact zone when not given.
        #[arg(long)]
        tz: Option<String>,
        /// How urgent: urgent, normal or low.
        #[arg(long, default_value = "normal", value_parser = ["urgent", "normal", "low"])]
        urgency: String,
        /// What it is about: a topic's id.
        #[arg(long)]
        topic: Option<String>,
        /// How the visitor would rather get in touch: talk, type, async or social.
        #[arg(long, value_parser = ["talk", "type", "async", "social"])]
        prefer: Option<String>,
        /// The locale of the channels' words; the site's default when not given.
        #[arg(short, long)]
        locale: Option<String>,
        /// Print the ranking as JSON.
        #[arg(long)]
        json: bool,
        /// The site's folder, holding site/kefu.toml.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
    },
    /// List the self-help flows of every locale: steps, how their leaves end, the longest
    /// path. With an id, that flow's steps, or with --mermaid its graph.
    Flows {
        /// A flow's id (its file name without .md): show that flow alone.
        id: Option<String>,
        /// Only this locale's flows; for one flow, the site's default locale if not given.
        #[arg(short, long)]
        locale: Option<String>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
        /// Print the flow as a Mermaid flowchart, which GitHub renders in Markdown.
        #[arg(long, requires = "id", conflicts_with = "json")]
        mermaid: bool,
        /// The site's folder, holding site/kefu.toml and content/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
    },
    /// List the tickets `kefu serve` received at /api/tickets, newest first.
    Tickets {
        /// The site's folder, holding site/kefu.toml (and .kefu/tickets.sqlite).
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Print the tickets as JSON.
        #[arg(long)]
        json: bool,
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
        let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        eprintln!(
            "Built {} ({}) into {} in {} ms",
            plural(summary.articles, "article"),
            plural(summary.files, "file"),
            output.display(),
            summary.elapsed.as_millis()
        );
        Ok(output)
    }
}

fn check(root: &std::path::Path) -> Result<()> {
    let problems = kefu::check::check(root).with_context(|| format!("checking {}", root.display()))?;
    stdout(problems.iter().map(|p| format!("{p}\n")).collect());
    if problems.is_empty() {
        eprintln!("No problems found.");
        return Ok(());
    }
    let files: std::collections::BTreeSet<_> = problems.iter().map(|p| &p.location.path).collect();
    eprintln!("{} problem(s) in {} file(s).", problems.len(), files.len());
    std::process::exit(1);
}

fn flows(root: &std::path::Path, id: Option<&str>, locale: Option<String>, json: bool, mermaid: bool) -> Result<()> {
    let site = kefu::Site::load(root).with_context(|| format!("loading {}", root.display()))?;
    let Some(id) = id else {
        let flows = kefu::flows::list(&site, locale.as_deref())?;
        if json {
            let flows: Vec<_> = flows.iter().map(kefu::flows::Summary::to_json).collect();
            stdout(serde_json::to_string_pretty(&flows)? + "\n");
        } else if flows.is_empty() {
            eprintln!("No flows: add one as content/<locale>/flows/<id>.md (README, Flows).");
        } else {
            let mut text = String::new();
            for (i, flow) in flows.iter().enumerate() {
                if i == 0 || flows[i - 1].locale != flow.locale {
                    text.push_str(&format!("{}:\n", flow.locale));
                }
                text.push_str(&format!("  {}\n", flow.to_text()));
            }
            stdout(text);
        }
        return Ok(());
    };
    let locale = locale.unwrap_or_else(|| site.config.default_locale.clone());
    if mermaid {
        stdout(kefu::flows::mermaid(&site, &locale, id)?);
    } else if json {
        stdout(serde_json::to_string_pretty(&kefu::flows::summary(&site, &locale, id)?.to_json())? + "\n");
    } else {
        stdout(kefu::flows::outline(&site, &locale, id)?);
    }
    Ok(())
}

/// Writes a command's answer. A reader that stops early (`kefu contact | head -3`) is
/// not an error: the command has said what was wanted.
fn stdout(text: String) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(err) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && err.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("Error: writing the answer: {err}");
        std::process::exit(1);
    }
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
        Command::Search { query, locale, json, explain, limit, build } => {
            let locale = match locale {
                Some(locale) => locale,
                None => kefu::Site::load_config(&build.root)?.default_locale,
            };
            if explain {
                stdout(kefu::search::explain(&build.output(), &locale, &query, limit)?.to_string());
                return Ok(());
            }
            let hits = kefu::search::search(&build.output(), &locale, &query, limit)?;
            if json {
                let hits: Vec<_> = hits.iter().map(kefu::search::to_json).collect();
                stdout(serde_json::to_string_pretty(&hits)? + "\n");
            } else if hits.is_empty() {
                eprintln!("No results for {query:?} in {locale}.");
            } else {
                if kefu_search::no_good_answer(&hits) {
                    eprintln!("No good answer for {query:?} in {locale}: these rest on weak evidence.");
                }
                stdout(hits.iter().enumerate().map(|(i, hit)| kefu::search::to_text(i + 1, hit) + "\n").collect());
            }
            Ok(())
        }
        Command::Contact { at, tz, urgency, topic, prefer, locale, json, root } => {
            let site = kefu::Site::load(&root)?;
            let zone =
                tz.unwrap_or_else(|| site.config.contact.zone.as_ref().map_or("UTC".into(), |z| z.get_ref().clone()));
            anyhow::ensure!(
                kefu_core::tz::exists(&zone),
                "{zone:?} is not a time zone: use an IANA name such as Asia/Shanghai"
            );
            let locale = locale.unwrap_or_else(|| site.config.default_locale.clone());
            anyhow::ensure!(site.config.locale(&locale).is_some(), "locale {locale:?} is not one of the site's");
            let topics: Vec<_> = site.config.contact.topics.iter().map(|t| t.id.get_ref().as_str()).collect();
            if let Some(topic) = &topic {
                anyhow::ensure!(
                    topics.contains(&topic.as_str()),
                    "topic {topic:?} is not one of: {}",
                    topics.join(", ")
                );
            }
            let ask = kefu::contact::Ask {
                locale,
                at: at.unwrap_or_else(jiff::Timestamp::now).as_second(),
                zone,
                urgency: kefu_core::kefu_model::contact::Urgency::named(&urgency).expect("clap checked it"),
                topic,
                prefer: prefer.as_deref().and_then(kefu_core::kefu_model::contact::Preference::named),
            };
            let (ranking, peak) = kefu::contact::rank(&site, &ask);
            if json {
                let at = kefu_core::kefu_model::time::rfc3339(&kefu_core::tz::Tzdb, &ask.zone, ask.at);
                let json = serde_json::json!({ "at": at, "zone": ask.zone, "peak": peak, "channels": ranking });
                stdout(serde_json::to_string_pretty(&json)? + "\n");
            } else {
                let lines = ranking
                    .iter()
                    .enumerate()
                    .map(|(i, a)| format!("{}. {} ({}): {}\n", i + 1, a.label, a.id, a.reason));
                stdout(peak.map(|p| p + "\n").into_iter().chain(lines).collect());
            }
            Ok(())
        }
        Command::Flows { id, locale, json, mermaid, root } => flows(&root, id.as_deref(), locale, json, mermaid),
        Command::Tickets { root, json } => {
            anyhow::ensure!(root.join("site/kefu.toml").is_file(), "{} holds no site/kefu.toml", root.display());
            let tickets = kefu::ticket_store::TicketStore::new(&root).tickets()?;
            if json {
                let tickets: Vec<_> = tickets.iter().map(kefu::ticket_store::Ticket::to_json).collect();
                stdout(serde_json::to_string_pretty(&tickets)? + "\n");
            } else if tickets.is_empty() {
                eprintln!("No tickets received yet (kefu serve accepts them at /api/tickets)");
            } else {
                stdout(tickets.iter().map(kefu::ticket_store::Ticket::to_text).collect::<Vec<_>>().join("\n"));
            }
            Ok(())
        }
        Command::Build(args) => args.build().map(|_| ()),
        Command::Serve { build, port } => kefu::serve::serve(&build.root, &build.output(), port)
            .with_context(|| format!("serving on 127.0.0.1:{port}")),
    }
}
