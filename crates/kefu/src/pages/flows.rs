//! Flows on the help center's pages: a page per flow, whose steps are sections that CSS
//! `:target` shows one at a time (all of them, top to bottom, where `:has` is missing);
//! the flows listed on the home and contact pages and beside the articles of their
//! topics; and each flow as a document of the search index.

use super::{Crumb, Renderer, Shown};
use crate::error::Error;
use crate::pages::CONTACT_PATH;
use crate::seo;
use crate::site::LocaleContent;
use kefu_core::Article;
use kefu_core::flow::FOLDER;
use kefu_core::kefu_model::contact::Urgency;
use kefu_core::kefu_model::flow::{Choice, End, Flow, Flows, Node};
use kefu_search::{DocRecord, SectionRecord};
use minijinja::{Value, context};
use serde::Serialize;

/// A flow where it is listed.
#[derive(Debug, Serialize)]
pub(super) struct FlowLink {
    title: String,
    summary: String,
    /// Root-relative.
    url: String,
}

/// The flows of one contact topic, as the home page groups them.
#[derive(Debug, Serialize)]
pub(super) struct TopicFlows {
    label: String,
    flows: Vec<FlowLink>,
}

#[derive(Debug, Serialize)]
struct FlowView<'a> {
    title: &'a str,
    summary: &'a str,
    /// The first step's id, where "Start over" leads.
    start: &'a str,
    steps: Vec<StepView<'a>>,
}

#[derive(Debug, Serialize)]
struct StepView<'a> {
    id: &'a str,
    title: &'a str,
    /// Rendered and sanitised by `kefu_core::markdown`, so marked safe for the template.
    html: Value,
    start: bool,
    /// "Step 2 of 4", along the path its "Back" links walk.
    progress: String,
    /// Each choice's label and link.
    choices: Vec<(&'a str, String)>,
    /// The step that leads here: the first in the file whose choices do.
    back: Option<String>,
    end: Option<EndView>,
}

/// How a leaf ends, as links.
#[derive(Debug, Serialize)]
struct EndView {
    /// `resolved`, `article`, `contact` or `ticket`.
    kind: &'static str,
    /// Where its action leads: the article, or the contact page (its `#ticket` section
    /// for a ticket) with the topic and urgency; for `resolved`, the home page.
    href: String,
    /// The article's title, or for a ticket what to include; else empty.
    text: String,
    /// "This didn't solve it": the contact page, with the topic.
    not_solved: String,
}

impl Renderer<'_> {
    /// The page of flow `index` of `locale`.
    pub(super) fn flow_page(&self, locale: &LocaleContent, index: usize) -> Result<String, Error> {
        let flows = &locale.flows;
        let flow = &flows.flows[index];
        let path = format!("{FOLDER}/{}/", flow.id);
        let having = self.locales_having(|l| l.flows.flow(&flow.id).is_some());
        let mut page = self.page(&locale.code, &path, &flow.title, &flow.summary, &having);
        let mut crumbs = vec![Crumb { name: page.t.t("home").to_string(), url: page.home.clone() }];
        if let Some(slug) = self.topic_categories(&flow.topic).first() {
            // The widget suggests that category's articles here, as on its own pages.
            page.topic = slug.clone();
            if locale.category_pages().any(|(c, _)| &c.slug == slug) {
                crumbs
                    .push(Crumb { name: locale.folder_title(slug), url: self.url(&locale.code, &format!("{slug}/")) });
            }
        }
        page.json_ld = Some(seo::breadcrumbs_json_ld(self, &locale.code, &crumbs, &flow.title, &path));

        let parents = first_parents(flows, index);
        let steps = flow
            .steps
            .iter()
            .enumerate()
            .map(|(s, step)| {
                let node = Node { flow: index, step: s };
                let depth = depth(&parents, flow.start, s);
                let progress = page
                    .t
                    .t("flow_progress")
                    .replace("{n}", &depth.to_string())
                    .replace("{total}", &(depth - 1 + flows.longest(node)).to_string());
                StepView {
                    id: &step.id,
                    title: &step.title,
                    html: Value::from_safe_string(step.html.clone()),
                    start: s == flow.start,
                    progress,
                    choices: step
                        .choices
                        .iter()
                        .map(|c| (c.label.as_str(), self.choice_href(flows, index, c)))
                        .collect(),
                    back: parents[s].filter(|_| s != flow.start).map(|p| format!("#{}", flow.steps[p].id)),
                    end: step.end.as_ref().map(|end| self.end_view(locale, flow, end)),
                }
            })
            .collect();
        let start = flow.steps.get(flow.start).map_or("", |s| s.id.as_str());
        let view = FlowView { title: &flow.title, summary: &flow.summary, start, steps };
        self.render("flow.html", context! { page, flow => view, crumbs })
    }

    /// Where `choice`, made in flow `index`, leads: a step of this page, another flow's
    /// step, or another flow's page (its start).
    fn choice_href(&self, flows: &Flows, index: usize, choice: &Choice) -> String {
        match flows.target(index, choice) {
            Some(node) if node.flow == index => format!("#{}", flows.step(node).id),
            Some(node) => {
                let page = format!("{}{}", self.base, flows.flows[node.flow].url);
                match &choice.step {
                    Some(_) => format!("{page}#{}", flows.step(node).id),
                    None => page,
                }
            }
            None => "#".into(), // the load reports a missing target: no page is built
        }
    }

    fn end_view(&self, locale: &LocaleContent, flow: &Flow, end: &End) -> EndView {
        let contact = self.url(&locale.code, CONTACT_PATH);
        let ask = |topic: &str, urgency: Option<Urgency>| {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair("topic", topic);
            if let Some(urgency) = urgency {
                query.append_pair("urgency", urgency.name());
            }
            format!("{contact}?{}", query.finish())
        };
        let (href, text, topic) = match end {
            End::Resolved => (self.url(&locale.code, ""), String::new(), &flow.topic),
            End::Article { title, url } => (format!("{}{url}", self.base), title.clone(), &flow.topic),
            End::Contact { topic, urgency } => (ask(topic, Some(*urgency)), String::new(), topic),
            End::Ticket { topic, urgency, evidence } => {
                (format!("{}#ticket", ask(topic, Some(*urgency))), self.evidence(&locale.code, evidence), topic)
            }
        };
        EndView { kind: end.name(), href, text, not_solved: ask(topic, None) }
    }

    /// "Please include: Order number, Delivery", by the ticket form's labels.
    fn evidence(&self, locale: &str, fields: &[String]) -> String {
        let form = crate::contact::ticket_form(self.site, locale);
        kefu_core::kefu_model::flow::evidence_line(self.site.words(locale), &form, locale, fields).unwrap_or_default()
    }

    /// The categories of contact topic `topic`, as the config lists them.
    fn topic_categories(&self, topic: &str) -> &[String] {
        let topics = &self.site.config.contact.topics;
        topics.iter().find(|t| t.id.get_ref() == topic).map_or(&[], |t| t.categories.as_slice())
    }

    fn flow_link(&self, flow: &Flow) -> FlowLink {
        FlowLink { title: flow.title.clone(), summary: flow.summary.clone(), url: format!("{}{}", self.base, flow.url) }
    }

    /// Every flow of `locale`, in file order.
    pub(super) fn flow_links(&self, locale: &LocaleContent) -> Vec<FlowLink> {
        locale.flows.flows.iter().map(|f| self.flow_link(f)).collect()
    }

    /// The flows of `locale` grouped by contact topic: the config's topics in order, then
    /// any other the flows name (a site without topics).
    pub(super) fn flows_by_topic(&self, locale: &LocaleContent) -> Vec<TopicFlows> {
        let contact = crate::contact::model(self.site, &locale.code);
        let mut topics: Vec<(String, String)> = contact.topics.into_iter().map(|t| (t.id, t.label)).collect();
        for flow in &locale.flows.flows {
            if !topics.iter().any(|(id, _)| id == &flow.topic) {
                topics.push((flow.topic.clone(), flow.topic.clone()));
            }
        }
        topics
            .into_iter()
            .filter_map(|(id, label)| {
                let flows: Vec<FlowLink> = locale.flows.of_topic(&id).map(|f| self.flow_link(f)).collect();
                (!flows.is_empty()).then_some(TopicFlows { label, flows })
            })
            .collect()
    }

    /// The flows an article offers: those whose `articles` name it, then those of the
    /// contact topic its category belongs to.
    pub(super) fn flows_for_article(&self, locale: &LocaleContent, article: &Article) -> Vec<FlowLink> {
        let url = format!("{}{}", self.site.config.locale_prefix(&locale.code), article.path_in_locale());
        let category = article.category();
        let named = locale.flows.flows.iter().filter(|f| f.articles.contains(&url));
        let of_topic = locale
            .flows
            .flows
            .iter()
            .filter(|f| category.is_some_and(|c| self.topic_categories(&f.topic).iter().any(|t| t == c)));
        let mut shown: Vec<&Flow> = Vec::new();
        for flow in named.chain(of_topic) {
            if !shown.iter().any(|f| f.id == flow.id) {
                shown.push(flow);
            }
        }
        shown.into_iter().map(|f| self.flow_link(f)).collect()
    }
}

/// Each step's first parent in flow `index`: the first step of the file whose choices
/// lead to it; `None` for the start and for a step only other flows lead to.
fn first_parents(flows: &Flows, index: usize) -> Vec<Option<usize>> {
    let flow = &flows.flows[index];
    let mut parents = vec![None; flow.steps.len()];
    for (s, step) in flow.steps.iter().enumerate() {
        for choice in &step.choices {
            match flows.target(index, choice) {
                Some(node) if node.flow == index && node.step != flow.start && parents[node.step].is_none() => {
                    parents[node.step] = Some(s);
                }
                _ => {}
            }
        }
    }
    parents
}

/// Step `step`'s place on the path its first parents make, from 1 at the start.
fn depth(parents: &[Option<usize>], start: usize, step: usize) -> usize {
    let (mut depth, mut at) = (1, step);
    // Bounded: the load refuses cycles, but a page should not hang on one.
    while let Some(parent) = parents[at].filter(|_| at != start && depth <= parents.len()) {
        depth += 1;
        at = parent;
    }
    depth
}

/// Each flow of `locale` as a search document at its page, so that a result opens the
/// flow at its start (the widget knows a flow by its page's URL): its title and summary,
/// and as its text the phrasings (`questions`) of the articles that offer it (its
/// `articles`), which ask what it answers. The steps' own text is left out: a flow's
/// steps cover every turn of a problem, and with them the flows came first for
/// questions that an article answers (recall@1 of the labelled queries 0.940 -> 0.891;
/// 0.925 without, README "Flows").
pub(super) fn search_docs(locale: &LocaleContent, prefix: &str, shown: &[Shown<'_>]) -> Vec<DocRecord> {
    locale
        .flows
        .flows
        .iter()
        .map(|flow| {
            let offering: Vec<&str> = shown
                .iter()
                .filter(|s| flow.articles.contains(&format!("{prefix}{}", s.article.path_in_locale())))
                .flat_map(|s| s.article.front.questions.iter().map(String::as_str))
                .collect();
            DocRecord {
                title: flow.title.clone(),
                url: flow.url.clone(),
                summary: flow.summary.clone(),
                questions: Vec::new(),
                sections: vec![SectionRecord {
                    heading: String::new(),
                    anchor: String::new(),
                    text: offering.join("\n"),
                }],
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kefu_core::kefu_model::flow::Step;

    fn step(id: &str, choices: &[&str]) -> Step {
        let choices = choices
            .iter()
            .map(|c| Choice { label: c.to_string(), step: Some(c.to_string()), ..Choice::default() })
            .collect();
        Step { id: id.into(), title: id.into(), choices, ..Step::default() }
    }

    #[test]
    fn back_leads_to_the_first_step_that_leads_here() {
        // a -> b, c; b -> d; c -> d: d's first parent is b, two steps from the start.
        let flow = Flow {
            id: "f".into(),
            steps: vec![step("a", &["b", "c"]), step("b", &["d"]), step("c", &["d"]), step("d", &[])],
            ..Flow::default()
        };
        let flows = Flows { flows: vec![flow] };
        let parents = first_parents(&flows, 0);
        assert_eq!(parents, [None, Some(0), Some(0), Some(1)]);
        assert_eq!([0, 1, 2, 3].map(|s| depth(&parents, 0, s)), [1, 2, 2, 3]);
    }
}
