//! Self-help flows: decision trees whose steps are questions with choices, ending in an
//! outcome (resolved, an article, contact or a ticket). What the build checks, the static
//! pages show and the widget's runner walks, written once.
//!
//! `kefu-core` parses the Markdown into a [`Flows`]; [`Flows::problems`] checks the graph;
//! [`Runner`] is the visitor's walk through it, a pure state machine.

use crate::Words;
use crate::codec::{self, DecodeError};
use crate::contact::Urgency;
use crate::ticket::TicketForm;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The first bytes of a flows file.
pub const MAGIC: &[u8; 4] = b"KFFL";
/// Bumped whenever the layout changes; the widget refuses other versions.
pub const VERSION: u16 = 1;

/// Every flow of one locale.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flows {
    /// The flows, by id.
    pub flows: Vec<Flow>,
}

/// One flow: `content/<locale>/flows/<id>.md`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    /// The file's name without `.md`, e.g. `order-not-received`; the same in every locale.
    pub id: String,
    /// What it helps with, e.g. "My order has not arrived".
    pub title: String,
    /// A sentence shown where it is listed.
    pub summary: String,
    /// The contact topic: where it is listed, and what contact and tickets are about.
    pub topic: String,
    /// Its page, relative to the site root, e.g. `en/flows/order-not-received/`.
    pub url: String,
    /// The first step, an index into `steps`.
    pub start: usize,
    /// The steps, in the file's order.
    pub steps: Vec<Step>,
    /// The articles that offer it, by their pages relative to the site root.
    pub articles: Vec<String>,
}

/// A step: a question with choices, or a leaf that ends the flow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Its id, from the heading's `{#id}`; the same in every locale.
    pub id: String,
    /// The heading: the question, or what the leaf says.
    pub title: String,
    /// The text under the heading, as sanitised HTML.
    pub html: String,
    /// The field the answer fills (`status = a | b`), with a value per choice.
    pub field: Option<String>,
    /// The choices; empty for a leaf.
    pub choices: Vec<Choice>,
    /// How a leaf ends; `None` for a step with choices.
    pub end: Option<End>,
    /// The heading's line in the file, from 1.
    pub line: u32,
}

/// A choice: a link to the next step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// What the visitor picks, e.g. "In transit".
    pub label: String,
    /// The value it gives the step's field, when the step names one.
    pub value: Option<String>,
    /// The flow it leads to; `None` for this flow.
    pub flow: Option<String>,
    /// The step it leads to; `None` for the other flow's start.
    pub step: Option<String>,
    /// Its line in the file, from 1.
    pub line: u32,
}

/// How a leaf ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum End {
    /// Solved: thanks, and "did this solve it?".
    Resolved,
    /// An article answers it.
    Article {
        /// The article's title.
        title: String,
        /// Its page, relative to the site root.
        url: String,
    },
    /// A person should help: the recommender picks the channel.
    Contact {
        /// The contact topic.
        topic: String,
        /// How urgent it is.
        urgency: Urgency,
    },
    /// A ticket, prefilled with the answers.
    Ticket {
        /// The contact topic.
        topic: String,
        /// How urgent it is.
        urgency: Urgency,
        /// The ticket fields to ask for (`order`, `attachments`, ...).
        evidence: Vec<String>,
    },
}

impl End {
    /// Its name in events and the CLI: `resolved`, `article`, `contact` or `ticket`.
    pub fn name(&self) -> &'static str {
        match self {
            End::Resolved => "resolved",
            End::Article { .. } => "article",
            End::Contact { .. } => "contact",
            End::Ticket { .. } => "ticket",
        }
    }
}

/// "Please include: Order number, Delivery": the evidence a ticket ending asks for, by the
/// ticket form's labels (`attachments` is no field of its list; an unknown id as it is),
/// joined as `locale` writes a list. `None` when it asks for nothing. The flow page, the
/// flow view and the ticket form all say it so.
pub fn evidence_line(words: &Words, form: &TicketForm, locale: &str, evidence: &[String]) -> Option<String> {
    let labels: Vec<&str> = evidence
        .iter()
        .map(|id| match form.field(id) {
            Some(field) if !field.label.is_empty() => field.label.as_str(),
            _ if id == "attachments" => words.t("field_attachments"),
            _ => id.as_str(),
        })
        .collect();
    let separator = if matches!(crate::locale::language(locale), "zh" | "ja") { "、" } else { ", " };
    (!labels.is_empty()).then(|| words.t("flow_evidence").replace("{items}", &labels.join(separator)))
}

/// A step of some flow: indices into [`Flows::flows`] and that flow's steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Node {
    /// The flow.
    pub flow: usize,
    /// The step.
    pub step: usize,
}

/// A problem of a flow, for the build to report at `line` of the flow's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The flow, an index into [`Flows::flows`].
    pub flow: usize,
    /// The line of its file, from 1.
    pub line: u32,
    /// What is wrong and what to do.
    pub message: String,
}

/// What exists outside the flows, for the checks of what leaves name.
#[derive(Debug, Clone, Copy, Default)]
pub struct Known<'a> {
    /// The contact topics' ids.
    pub topics: &'a [String],
    /// The ticket form's field ids, `attachments` included when it takes files.
    pub ticket_fields: &'a [String],
    /// The ticket form's fields that offer options, with their values: an answer that
    /// fills one must be one of them.
    pub ticket_options: &'a [(String, Vec<String>)],
}

impl Flows {
    /// The file name of `locale`'s flows, in the widget's folder: every step, which the
    /// widget fetches when a walk starts or resumes (its data file has the
    /// [`Flows::outline`]).
    pub fn file_name(locale: &str) -> String {
        format!("flows-{locale}.bin")
    }

    /// The bytes of the file.
    pub fn encode(&self) -> Vec<u8> {
        codec::encode(MAGIC, VERSION, self)
    }

    /// Reads the bytes [`Flows::encode`] wrote.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        codec::decode(MAGIC, VERSION, bytes)
    }

    /// The flows without their steps: enough to list them and to know their pages, which
    /// is all the widget needs until a walk starts. No [`Runner`] walks an outline.
    pub fn outline(&self) -> Flows {
        let flows = self.flows.iter().map(|f| Flow { steps: Vec::new(), start: 0, ..f.clone() }).collect();
        Flows { flows }
    }

    /// The flow `id`.
    pub fn flow(&self, id: &str) -> Option<&Flow> {
        self.index(id).map(|i| &self.flows[i])
    }

    /// The index of the flow `id`.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.flows.iter().position(|f| f.id == id)
    }

    /// The flow of the page `url` (relative to the site root), e.g. a search result's.
    pub fn at_url(&self, url: &str) -> Option<&Flow> {
        self.flows.iter().find(|f| f.url == url)
    }

    /// The flows listed for `topic`, in order.
    pub fn of_topic<'a>(&'a self, topic: &'a str) -> impl Iterator<Item = &'a Flow> + 'a {
        self.flows.iter().filter(move |f| f.topic == topic)
    }

    /// The step at `node`.
    pub fn step(&self, node: Node) -> &Step {
        &self.flows[node.flow].steps[node.step]
    }

    /// Where `choice`, made in flow `flow`, leads; `None` when its target does not exist.
    pub fn target(&self, flow: usize, choice: &Choice) -> Option<Node> {
        let flow = match &choice.flow {
            Some(id) => self.index(id)?,
            None => flow,
        };
        let steps = &self.flows[flow].steps;
        let step = match &choice.step {
            Some(id) => steps.iter().position(|s| &s.id == id)?,
            None => self.flows[flow].start,
        };
        Some(Node { flow, step })
    }

    /// The nodes `node`'s choices lead to (those that exist).
    fn next(&self, node: Node) -> impl Iterator<Item = Node> + '_ {
        self.step(node).choices.iter().filter_map(move |c| self.target(node.flow, c))
    }

    /// The number of steps on the longest path from `node` to a leaf, `node` included.
    /// A plain search: flows are a few dozen steps, and a memo's map costs the widget
    /// more bytes than the search costs time. A cycle (which the checks report) ends a path.
    pub fn longest(&self, node: Node) -> usize {
        self.longest_from(node, &mut Vec::new())
    }

    fn longest_from(&self, node: Node, on_path: &mut Vec<Node>) -> usize {
        if on_path.contains(&node) {
            return 0;
        }
        on_path.push(node);
        let mut deepest = 0;
        for choice in &self.step(node).choices {
            if let Some(next) = self.target(node.flow, choice) {
                deepest = deepest.max(self.longest_from(next, on_path));
            }
        }
        on_path.pop();
        1 + deepest
    }

    /// Every problem of the flows' graph and of what their leaves name.
    pub fn problems(&self, known: Known<'_>) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut report = |flow: usize, line: u32, message: String| problems.push(Problem { flow, line, message });
        for (f, flow) in self.flows.iter().enumerate() {
            if flow.steps.is_empty() {
                report(f, 1, "a flow needs steps: a `## Question {#id}` heading with choices below it".into());
                continue;
            }
            if !known.topics.is_empty() && !known.topics.contains(&flow.topic) {
                report(
                    f,
                    1,
                    format!(
                        "topic {:?} is not a [[contact.topics]] id; topics are: {}",
                        flow.topic,
                        known.topics.join(", ")
                    ),
                );
            }
            let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
            for step in &flow.steps {
                if let Some(first) = seen.insert(&step.id, step.line) {
                    report(
                        f,
                        step.line,
                        format!(
                            "step id {:?} is already used on line {first}: give this step another `{{#id}}`",
                            step.id
                        ),
                    );
                }
                for choice in &step.choices {
                    if self.target(f, choice).is_none() {
                        let what = match (&choice.flow, &choice.step) {
                            (Some(other), _) if self.index(other).is_none() => {
                                format!(
                                    "choice {:?} leads to flow {other:?}, which does not exist in this locale (no flows/{other}.md)",
                                    choice.label
                                )
                            }
                            (Some(other), Some(step)) => {
                                format!(
                                    "choice {:?} leads to step #{step} of flow {other:?}, which has no such step",
                                    choice.label
                                )
                            }
                            (_, step) => format!(
                                "choice {:?} leads to step #{}, which this flow does not have",
                                choice.label,
                                step.as_deref().unwrap_or_default()
                            ),
                        };
                        report(f, choice.line, what);
                    }
                }
                if step.choices.is_empty() && step.end.is_none() {
                    report(
                        f,
                        step.line,
                        format!(
                            "step #{} has neither choices nor an ending: add a list of links to steps, or a last line such as `→ resolved`, `→ article: ../path.md`, `→ contact: <topic>` or `→ ticket: <topic> (<fields>)`",
                            step.id
                        ),
                    );
                }
                if let Some(field) = &step.field {
                    let values = step.choices.iter().filter(|c| c.value.is_some()).count();
                    if values != step.choices.len() {
                        report(
                            f,
                            step.line,
                            format!(
                                "step #{}: `{field} = ...` needs one value per choice ({} choices)",
                                step.id,
                                step.choices.len()
                            ),
                        );
                    }
                    if let Some((_, options)) = known.ticket_options.iter().find(|(id, _)| id == field) {
                        for value in
                            step.choices.iter().filter_map(|c| c.value.as_ref()).filter(|v| !options.contains(v))
                        {
                            report(
                                f,
                                step.line,
                                format!(
                                    "step #{}: {value:?} is not a value of the ticket form's {field:?} field, which this answer fills; its values are: {}",
                                    step.id,
                                    options.join(", ")
                                ),
                            );
                        }
                    }
                }
                match &step.end {
                    Some(End::Contact { topic, .. } | End::Ticket { topic, .. })
                        if !known.topics.is_empty() && !known.topics.contains(topic) =>
                    {
                        report(
                            f,
                            step.line,
                            format!(
                                "step #{} ends in topic {topic:?}, which is not a [[contact.topics]] id; topics are: {}",
                                step.id,
                                known.topics.join(", ")
                            ),
                        );
                    }
                    _ => {}
                }
                if let Some(End::Ticket { evidence, .. }) = &step.end {
                    for field in evidence.iter().filter(|e| !known.ticket_fields.contains(e)) {
                        report(
                            f,
                            step.line,
                            format!(
                                "step #{} asks for {field:?}, which the ticket form does not have; its fields are: {}",
                                step.id,
                                known.ticket_fields.join(", ")
                            ),
                        );
                    }
                }
            }
        }
        self.graph_problems(&mut problems);
        problems.sort_by_key(|p| (p.flow, p.line));
        problems
    }

    /// Unreachable steps and cycles.
    fn graph_problems(&self, problems: &mut Vec<Problem>) {
        // Reachable from any flow's start: a step another flow leads to is an entry too.
        let mut reached = std::collections::BTreeSet::new();
        let mut todo: Vec<Node> = self
            .flows
            .iter()
            .enumerate()
            .filter(|(_, f)| f.start < f.steps.len())
            .map(|(i, f)| Node { flow: i, step: f.start })
            .collect();
        while let Some(node) = todo.pop() {
            if reached.insert(node) {
                todo.extend(self.next(node));
            }
        }
        for (f, flow) in self.flows.iter().enumerate() {
            for (s, step) in flow.steps.iter().enumerate() {
                if !reached.contains(&Node { flow: f, step: s }) {
                    problems.push(Problem {
                        flow: f,
                        line: step.line,
                        message: format!("step #{} cannot be reached from the start: link a choice to it (`[...](#{})`), or remove it", step.id, step.id),
                    });
                }
            }
        }
        // Cycles: a choice that leads back to a step on the path that reached it.
        let mut done = std::collections::BTreeSet::new();
        for (f, flow) in self.flows.iter().enumerate() {
            for s in 0..flow.steps.len() {
                self.find_cycles(Node { flow: f, step: s }, &mut Vec::new(), &mut done, problems);
            }
        }
    }

    fn find_cycles(
        &self,
        node: Node,
        path: &mut Vec<Node>,
        done: &mut std::collections::BTreeSet<Node>,
        problems: &mut Vec<Problem>,
    ) {
        if done.contains(&node) {
            return;
        }
        path.push(node);
        for choice in &self.step(node).choices {
            let Some(next) = self.target(node.flow, choice) else { continue };
            if path.contains(&next) {
                problems.push(Problem {
                    flow: node.flow,
                    line: choice.line,
                    message: format!(
                        "choice {:?} leads back to step #{}, which is on the way here: a path may not visit a step twice; lead it to a step further on",
                        choice.label,
                        self.step(next).id
                    ),
                });
            } else {
                self.find_cycles(next, path, done, problems);
            }
        }
        path.pop();
        done.insert(node);
    }

    /// The problems of `self`, a translation, against `original`: each flow of the original
    /// must exist here with the same step ids and the same answer values.
    pub fn translation_problems(&self, original: &Flows) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (f, flow) in self.flows.iter().enumerate() {
            let Some(theirs) = original.flow(&flow.id) else {
                problems.push(Problem {
                    flow: f,
                    line: 1,
                    message: format!(
                        "flow {:?} has no original in the default locale: add it there, or remove this file",
                        flow.id
                    ),
                });
                continue;
            };
            let mine: Vec<&str> = flow.steps.iter().map(|s| s.id.as_str()).collect();
            let want: Vec<&str> = theirs.steps.iter().map(|s| s.id.as_str()).collect();
            for step in &flow.steps {
                match theirs.steps.iter().find(|s| s.id == step.id) {
                    None => problems.push(Problem {
                        flow: f,
                        line: step.line,
                        message: format!(
                            "step #{} is not in the original; its steps are: {}",
                            step.id,
                            want.join(", ")
                        ),
                    }),
                    Some(orig) => {
                        let targets = |s: &Step| {
                            s.choices
                                .iter()
                                .map(|c| (c.flow.clone(), c.step.clone(), c.value.clone()))
                                .collect::<Vec<_>>()
                        };
                        if targets(step) != targets(orig) || step.field != orig.field {
                            problems.push(Problem { flow: f, line: step.line, message: format!("step #{}'s choices differ from the original's (line {}): translate the labels, keep the targets, the field and its values", step.id, orig.line) });
                        }
                        if step.end.as_ref().map(End::name) != orig.end.as_ref().map(End::name) {
                            problems.push(Problem {
                                flow: f,
                                line: step.line,
                                message: format!(
                                    "step #{} ends differently from the original (line {}): keep the same `→` ending",
                                    step.id, orig.line
                                ),
                            });
                        }
                    }
                }
            }
            for id in want.iter().filter(|id| !mine.contains(id)) {
                problems.push(Problem {
                    flow: f,
                    line: 1,
                    message: format!("step #{id} of the original is missing from this translation"),
                });
            }
        }
        problems
    }

    /// The flows of `original` that `self` (a translation) lacks, by index into `original`.
    pub fn missing_from<'a>(&self, original: &'a Flows) -> impl Iterator<Item = (usize, &'a Flow)> + 'a {
        let have: Vec<String> = self.flows.iter().map(|f| f.id.clone()).collect();
        original.flows.iter().enumerate().filter(move |(_, f)| !have.contains(&f.id))
    }

    /// Flow `flow`'s steps as a Mermaid graph, which GitHub renders: steps as boxes, leaves
    /// as rounded ones named by their ending, choices as labelled arrows.
    pub fn mermaid(&self, flow: usize) -> String {
        let mut out = String::from("flowchart TD\n");
        let f = &self.flows[flow];
        let name = |node: Node| {
            let step = self.step(node);
            if node.flow == flow {
                step.id.replace('-', "_")
            } else {
                format!("{}__{}", self.flows[node.flow].id, step.id).replace('-', "_")
            }
        };
        let text = |s: &str| s.replace('"', "#quot;");
        let mut others = Vec::new();
        for (s, step) in f.steps.iter().enumerate() {
            let node = Node { flow, step: s };
            match &step.end {
                None => out.push_str(&format!("    {}[\"{}\"]\n", name(node), text(&step.title))),
                Some(end) => {
                    out.push_str(&format!("    {}([\"{}<br/>→ {}\"])\n", name(node), text(&step.title), end.name()))
                }
            }
            for choice in &step.choices {
                if let Some(next) = self.target(flow, choice) {
                    if next.flow != flow && !others.contains(&next) {
                        others.push(next);
                    }
                    out.push_str(&format!("    {} -->|\"{}\"| {}\n", name(node), text(&choice.label), name(next)));
                }
            }
        }
        for node in others {
            let other = &self.flows[node.flow];
            out.push_str(&format!(
                "    {}[[\"{}: {}\"]]\n",
                name(node),
                text(&other.title),
                text(&self.step(node).title)
            ));
        }
        out.push_str(&format!("    style {} stroke-width:3px\n", name(Node { flow, step: f.start })));
        out
    }
}

/// A visitor's walk through the flows: the steps visited and the choice made at each.
/// Pure: the widget keeps it in a signal and in sessionStorage ([`Runner::encode`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runner {
    /// The flow it started in.
    flow: usize,
    /// The steps visited, the current one last.
    path: Vec<Node>,
    /// The choice made at each step but the current one.
    chosen: Vec<usize>,
}

/// What a flow hands over to contact or a ticket: where it ended and what was answered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Handover {
    /// The flow it started in.
    pub flow: String,
    /// The flow's title.
    pub title: String,
    /// The contact topic.
    pub topic: String,
    /// How urgent it is.
    pub urgency: Option<Urgency>,
    /// The ticket fields to ask for.
    pub evidence: Vec<String>,
    /// The answers as fields, in the order given.
    pub answers: Vec<(String, String)>,
    /// The path as prose: each question and the answer chosen.
    pub path: Vec<(String, String)>,
}

impl Handover {
    /// The path as lines of text ("question: answer"), for a ticket or a person to read.
    pub fn path_text(&self) -> String {
        self.path.iter().map(|(q, a)| format!("{q}: {a}")).collect::<Vec<_>>().join("\n")
    }
}

impl Runner {
    /// A walk from the start of flow `id`.
    pub fn start(flows: &Flows, id: &str) -> Option<Runner> {
        let flow = flows.index(id)?;
        let start = flows.flows[flow].start;
        (start < flows.flows[flow].steps.len()).then(|| Runner {
            flow,
            path: vec![Node { flow, step: start }],
            chosen: Vec::new(),
        })
    }

    /// The flow it started in.
    pub fn flow<'a>(&self, flows: &'a Flows) -> &'a Flow {
        &flows.flows[self.flow]
    }

    /// The current step.
    pub fn at(&self) -> Node {
        *self.path.last().expect("a runner always has a step")
    }

    /// The current step's content.
    pub fn step<'a>(&self, flows: &'a Flows) -> &'a Step {
        flows.step(self.at())
    }

    /// The flow of the current step (another flow's, after a choice led there).
    pub fn current_flow<'a>(&self, flows: &'a Flows) -> &'a Flow {
        &flows.flows[self.at().flow]
    }

    /// Takes choice `index` of the current step; `false` (and no change) when there is no
    /// such choice, its target is missing, or it leads back to a step already visited.
    pub fn choose(&mut self, flows: &Flows, index: usize) -> bool {
        let at = self.at();
        let Some(choice) = flows.step(at).choices.get(index) else { return false };
        match flows.target(at.flow, choice) {
            Some(next) if !self.path.contains(&next) => {
                self.path.push(next);
                self.chosen.push(index);
                true
            }
            _ => false,
        }
    }

    /// Goes back one step; `false` at the start.
    pub fn back(&mut self) -> bool {
        if self.path.len() < 2 {
            return false;
        }
        self.path.pop();
        self.chosen.pop();
        true
    }

    /// Back to the first step, forgetting every answer.
    pub fn restart(&mut self) {
        self.path.truncate(1);
        self.chosen.clear();
    }

    /// Whether it is at the first step.
    pub fn at_start(&self) -> bool {
        self.path.len() == 1
    }

    /// How the current step ends the flow; `None` while it asks a question.
    pub fn outcome<'a>(&self, flows: &'a Flows) -> Option<&'a End> {
        self.step(flows).end.as_ref()
    }

    /// Step n of the longest path from here: (n, that path's length in steps).
    pub fn progress(&self, flows: &Flows) -> (usize, usize) {
        let n = self.path.len();
        (n, n - 1 + flows.longest(self.at()))
    }

    /// Each question answered and the choice made, as (step, choice) in order.
    pub fn taken<'a>(&'a self, flows: &'a Flows) -> impl Iterator<Item = (&'a Step, &'a Choice)> + 'a {
        self.path.iter().zip(&self.chosen).map(|(&node, &c)| {
            let step = flows.step(node);
            (step, &step.choices[c])
        })
    }

    /// The answers as fields, in the order given; a field answered twice keeps the last.
    pub fn answers(&self, flows: &Flows) -> Vec<(String, String)> {
        let mut answers: Vec<(String, String)> = Vec::new();
        for (step, choice) in self.taken(flows) {
            if let (Some(field), Some(value)) = (&step.field, &choice.value) {
                answers.retain(|(f, _)| f != field);
                answers.push((field.clone(), value.clone()));
            }
        }
        answers
    }

    /// What the current leaf hands over to contact or a ticket; for a resolved or article
    /// leaf ("this didn't solve it"), the flow's topic.
    pub fn handover(&self, flows: &Flows) -> Handover {
        let flow = self.flow(flows);
        let (topic, urgency, evidence) = match self.outcome(flows) {
            Some(End::Contact { topic, urgency }) => (topic.clone(), Some(*urgency), Vec::new()),
            Some(End::Ticket { topic, urgency, evidence }) => (topic.clone(), Some(*urgency), evidence.clone()),
            _ => (self.current_flow(flows).topic.clone(), None, Vec::new()),
        };
        Handover {
            flow: flow.id.clone(),
            title: flow.title.clone(),
            topic,
            urgency,
            evidence,
            answers: self.answers(flows),
            path: self.taken(flows).map(|(s, c)| (s.title.clone(), c.label.clone())).collect(),
        }
    }

    /// The walk as text for sessionStorage: the flow's id and the choices, e.g.
    /// `order-not-received/0.2`.
    pub fn encode(&self, flows: &Flows) -> String {
        let choices: Vec<String> = self.chosen.iter().map(usize::to_string).collect();
        format!("{}/{}", self.flow(flows).id, choices.join("."))
    }

    /// The walk [`Runner::encode`] wrote, replayed on `flows`: as far as its choices still
    /// exist (the content may have changed since).
    pub fn decode(flows: &Flows, text: &str) -> Option<Runner> {
        let (id, choices) = text.split_once('/')?;
        let mut runner = Runner::start(flows, id)?;
        for choice in choices.split('.').filter(|c| !c.is_empty()) {
            let Ok(index) = choice.parse() else { break };
            if !runner.choose(flows, index) {
                break;
            }
        }
        Some(runner)
    }
}

#[cfg(test)]
mod tests;
