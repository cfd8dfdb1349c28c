//! `kefu flows`: the site's self-help flows at a glance (steps, how their leaves end, the
//! longest walk through each), and one flow as a Mermaid graph for a README or a review.

use crate::error::Error;
use crate::site::Site;
use kefu_core::kefu_model::flow::{Flow, Flows, Node};
use serde::Serialize;

/// The ways a leaf ends, in the order they are counted.
const ENDINGS: [&str; 4] = ["resolved", "article", "contact", "ticket"];

/// One flow of one locale, summed up.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The locale it is written in.
    pub locale: String,
    /// Its id: the file name without `.md`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its contact topic.
    pub topic: String,
    /// Its page, relative to the site root.
    pub url: String,
    /// How many steps it has.
    pub steps: usize,
    /// Its leaves by how they end: resolved, article, contact, ticket.
    pub leaves: Vec<(&'static str, usize)>,
    /// The most steps a visitor can walk from its start to a leaf, other flows' steps
    /// included.
    pub longest: usize,
}

impl Summary {
    fn of(locale: &str, flows: &Flows, index: usize) -> Summary {
        let flow: &Flow = &flows.flows[index];
        let leaves = ENDINGS
            .iter()
            .map(|&name| (name, flow.steps.iter().filter(|s| s.end.as_ref().is_some_and(|e| e.name() == name)).count()))
            .collect();
        let longest =
            if flow.start < flow.steps.len() { flows.longest(Node { flow: index, step: flow.start }) } else { 0 };
        Summary {
            locale: locale.to_string(),
            id: flow.id.clone(),
            title: flow.title.clone(),
            topic: flow.topic.clone(),
            url: flow.url.clone(),
            steps: flow.steps.len(),
            leaves,
            longest,
        }
    }

    /// As JSON, leaves as an object by ending.
    pub fn to_json(&self) -> serde_json::Value {
        let leaves: serde_json::Map<String, serde_json::Value> =
            self.leaves.iter().map(|(name, n)| (name.to_string(), (*n).into())).collect();
        serde_json::json!({
            "locale": self.locale,
            "id": self.id,
            "title": self.title,
            "topic": self.topic,
            "url": self.url,
            "steps": self.steps,
            "leaves": leaves,
            "longest": self.longest,
        })
    }

    /// As a line: `order-not-received  My order hasn't arrived  [orders] 10 steps; 6
    /// leaves: 2 resolved, 1 article, 1 contact, 2 ticket; longest path 4 steps`.
    pub fn to_text(&self) -> String {
        let count: usize = self.leaves.iter().map(|(_, n)| n).sum();
        let kinds: Vec<String> =
            self.leaves.iter().filter(|(_, n)| *n > 0).map(|(name, n)| format!("{n} {name}")).collect();
        format!(
            "{}  {}  [{}] {} steps; {count} leaves: {}; longest path {} steps",
            self.id,
            self.title,
            self.topic,
            self.steps,
            kinds.join(", "),
            self.longest
        )
    }
}

/// Every flow of `locale`, or of every locale in the config's order.
pub fn list(site: &Site, locale: Option<&str>) -> Result<Vec<Summary>, Error> {
    if let Some(code) = locale {
        known_locale(site, code)?;
    }
    let summaries = site
        .locales
        .iter()
        .filter(|l| locale.is_none_or(|code| l.code == code))
        .flat_map(|l| (0..l.flows.flows.len()).map(|i| Summary::of(&l.code, &l.flows, i)))
        .collect();
    Ok(summaries)
}

/// Flow `id` of `locale`, summed up.
pub fn summary(site: &Site, locale: &str, id: &str) -> Result<Summary, Error> {
    let (flows, index) = find(site, locale, id)?;
    Ok(Summary::of(locale, flows, index))
}

/// Flow `id` of `locale` as text: its summary, then a line per step with where it leads.
pub fn outline(site: &Site, locale: &str, id: &str) -> Result<String, Error> {
    let (flows, index) = find(site, locale, id)?;
    let flow = &flows.flows[index];
    let mut out = Summary::of(locale, flows, index).to_text() + "\n";
    for (s, step) in flow.steps.iter().enumerate() {
        let start = if s == flow.start { " (start)" } else { "" };
        let next = match &step.end {
            Some(end) => format!("→ {}", end.name()),
            None => {
                let targets: Vec<String> = step
                    .choices
                    .iter()
                    .filter_map(|c| flows.target(index, c))
                    .map(|node| {
                        let id = &flows.step(node).id;
                        if node.flow == index {
                            format!("#{id}")
                        } else {
                            format!("{}#{id}", flows.flows[node.flow].id)
                        }
                    })
                    .collect();
                format!("→ {}", targets.join(" | "))
            }
        };
        out.push_str(&format!("  #{}{start}  {}  {next}\n", step.id, step.title));
    }
    Ok(out)
}

/// Flow `id` of `locale` as a Mermaid flowchart.
pub fn mermaid(site: &Site, locale: &str, id: &str) -> Result<String, Error> {
    let (flows, index) = find(site, locale, id)?;
    Ok(flows.mermaid(index))
}

fn find<'a>(site: &'a Site, locale: &str, id: &str) -> Result<(&'a Flows, usize), Error> {
    let content = known_locale(site, locale)?;
    let flows = &content.flows;
    let index = flows.index(id).ok_or_else(|| Error::Unknown {
        what: format!("flow {id:?} in {locale}"),
        known: if flows.flows.is_empty() {
            "none (add content/<locale>/flows/<id>.md)".into()
        } else {
            flows.flows.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(", ")
        },
    })?;
    Ok((flows, index))
}

fn known_locale<'a>(site: &'a Site, code: &str) -> Result<&'a crate::LocaleContent, Error> {
    site.locale(code).ok_or_else(|| Error::Unknown {
        what: format!("locale {code:?}"),
        known: site.locales.iter().map(|l| l.code.as_str()).collect::<Vec<_>>().join(", "),
    })
}
