//! Reading a flow: `content/<locale>/flows/<id>.md`, Markdown whose `##` headings are
//! steps, whose lists of links to steps are choices, and whose leaves end in a line such
//! as `→ ticket: orders, urgent (order, attachments)`. The graph's checks are the model's
//! ([`kefu_model::flow::Flows::problems`]); here, what a single file can get wrong.

use crate::error::ContentError;
use crate::front_matter::{self, Format};
use crate::markdown::{self, RenderOptions};
use kefu_model::contact::Urgency;
use kefu_model::flow::{Choice, End, Flow, Step};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Deserialize;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The folder of a locale that holds its flows.
pub const FOLDER: &str = "flows";

/// A flow as read from its file, with what the build needs beyond the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowFile {
    /// The source file, relative to the site root.
    pub source: PathBuf,
    /// The locale folder it lives in.
    pub locale: String,
    /// The flow. Its `url` is relative to the locale's home (`flows/<id>/`); an article
    /// ending's `url` is the article's path in the locale (`orders/lost-parcel`, with
    /// `#anchor` if written) and its title empty, for the build to resolve; `articles`
    /// are paths as written in the front matter (`<category>/<slug>`).
    pub flow: Flow,
    /// Each step's text as plain text, for search.
    pub text: Vec<String>,
    /// The links in the steps' text, as written, with their lines in the file.
    pub links: Vec<markdown::Link>,
    /// The line of the front matter's `articles`, for problems with them.
    pub articles_line: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    title: String,
    #[serde(default)]
    summary: String,
    topic: String,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    articles: Vec<String>,
}

/// The line that ends a leaf, after its arrow: what it names.
const ENDINGS: &str = "`→ resolved`, `→ article: ../<category>/<slug>.md`, `→ contact: <topic>[, urgent|normal|low]` or `→ ticket: <topic>[, <urgency>] [(<field>, ...)]`";

impl FlowFile {
    /// Parses the flow at `source` (relative to the site root, under
    /// `content/<locale>/flows/`).
    pub fn parse(source: &Path, text: &str, unsafe_html: bool) -> Result<FlowFile, ContentError> {
        let (locale, id) = flow_path(source).ok_or_else(|| {
            ContentError::at(source, text, 0, "a flow must live in content/<locale>/flows/ and end in .md")
        })?;
        let split = front_matter::split(source, text)?;
        let front: Front = parse_front(split.format, split.front)
            .map_err(|(offset, message)| ContentError::at(source, text, split.front_offset + offset, message))?;
        let at_key = |key: &str, message: String| {
            ContentError::at(source, text, split.front_offset + split.front.find(key).unwrap_or(0), message)
        };
        if front.title.trim().is_empty() {
            return Err(at_key("title", "title must not be empty".into()));
        }
        let body_line = text[..split.body_offset].matches('\n').count() + 1;
        let body = split.body;
        let line_of = |offset: usize| body_line + body[..offset].matches('\n').count();
        let error = |offset: usize, message: String| ContentError::at_line(source, line_of(offset), message);

        let mut steps: Vec<Draft> = Vec::new();
        // The top-level block being read: its start offset, and its events.
        let mut depth = 0usize;
        let mut block: Vec<(Event<'_>, Range<usize>)> = Vec::new();
        let mut heading: Option<(usize, Option<String>, String)> = None;
        for (event, range) in Parser::new_ext(body, markdown::extensions()).into_offset_iter() {
            match &event {
                Event::Start(Tag::Heading { level, id, .. }) if depth == 0 => match level {
                    HeadingLevel::H1 => {
                        return Err(error(
                            range.start,
                            "a flow has no `#` heading: its title is in the front matter; steps are `##` headings"
                                .into(),
                        ));
                    }
                    HeadingLevel::H2 => {
                        heading = Some((range.start, id.as_ref().map(|i| i.to_string()), String::new()));
                        continue;
                    }
                    _ => {}
                },
                Event::End(TagEnd::Heading(HeadingLevel::H2)) if heading.is_some() => {
                    let (start, id, title) = heading.take().expect("checked");
                    let title = title.trim().to_string();
                    let id = id.unwrap_or_else(|| markdown::slugify(&title));
                    steps.push(Draft { id, title, line: line_of(start), ..Draft::default() });
                    continue;
                }
                Event::Text(t) | Event::Code(t) if heading.is_some() => {
                    heading.as_mut().expect("checked").2.push_str(t);
                    continue;
                }
                _ if heading.is_some() => continue,
                _ => {}
            }
            if matches!(event, Event::Start(_)) {
                depth += 1;
            }
            let ends = matches!(event, Event::End(_));
            let leaf_block = depth == 0 && !ends; // a rule, or raw HTML: a block of one event
            block.push((event, range));
            if ends {
                depth -= 1;
            }
            if depth == 0 && (ends || leaf_block) {
                let events = std::mem::take(&mut block);
                let Some(step) = steps.last_mut() else {
                    let start = events.first().map_or(0, |(_, r)| r.start);
                    return Err(error(start, "a flow starts with its first step: a `## Question {#id}` heading; put any introduction in `summary`".into()));
                };
                step.read_block(source, body, events, &line_of)?;
            }
        }

        let mut flow = Flow {
            id: id.clone(),
            title: front.title.trim().to_string(),
            summary: front.summary.trim().to_string(),
            topic: front.topic.trim().to_string(),
            url: format!("{FOLDER}/{id}/"),
            start: 0,
            steps: Vec::with_capacity(steps.len()),
            articles: front.articles,
        };
        if let Some(start) = &front.start {
            flow.start = steps.iter().position(|s| &s.id == start).ok_or_else(|| {
                at_key("start", format!("start = {start:?} names no step of this flow; its steps are: {}", ids(&steps)))
            })?;
        }
        let mut plain = Vec::with_capacity(steps.len());
        let mut links = Vec::new();
        for draft in steps {
            let (step, text, step_links) = draft.finish(source, unsafe_html)?;
            flow.steps.push(step);
            plain.push(text);
            links.extend(step_links);
        }
        let articles_line =
            text[..split.front_offset + split.front.find("articles").unwrap_or(0)].matches('\n').count() + 1;
        Ok(FlowFile { source: source.to_path_buf(), locale, flow, text: plain, links, articles_line })
    }
}

fn ids(steps: &[Draft]) -> String {
    steps.iter().map(|s| format!("#{}", s.id)).collect::<Vec<_>>().join(", ")
}

/// A step while it is read.
#[derive(Debug, Default)]
struct Draft {
    id: String,
    title: String,
    line: usize,
    /// The Markdown of its text, block by block, with each block's first line.
    text: Vec<(usize, String)>,
    field: Option<(usize, String, Vec<String>)>,
    choices: Vec<Choice>,
    choices_line: usize,
    end: Option<(usize, End)>,
}

impl Draft {
    /// Takes one top-level block of the step: its choices, its field, its ending or text.
    fn read_block(
        &mut self,
        source: &Path,
        body: &str,
        events: Vec<(Event<'_>, Range<usize>)>,
        line_of: &dyn Fn(usize) -> usize,
    ) -> Result<(), ContentError> {
        let range = events.first().map_or(0..0, |(_, r)| r.clone());
        let line = line_of(range.start);
        let written = body[range.clone()].trim_end();
        let fail = |message: String| -> Result<(), ContentError> { Err(ContentError::at_line(source, line, message)) };
        if let Some((Event::Start(Tag::List(_)), _)) = events.first() {
            let items = list_items(&events);
            let choices: Vec<Option<Choice>> = items.iter().map(|item| choice(item, line_of)).collect();
            let count = choices.iter().filter(|c| c.is_some()).count();
            if count == 0 {
                self.text.push((line, written.to_string()));
                return Ok(());
            }
            if count < choices.len() {
                return fail("this list mixes choices (links to steps: `#id` or `other-flow.md#id`) with other items: make every item a link to a step, or none".into());
            }
            if !self.choices.is_empty() {
                return fail(format!(
                    "step #{} already has its choices (line {}): give a step one list of choices",
                    self.id, self.choices_line
                ));
            }
            self.choices = choices.into_iter().flatten().collect();
            self.choices_line = line;
            return Ok(());
        }
        if let Some((Event::Start(Tag::Paragraph), _)) = events.first() {
            let plain = written.trim();
            if let Some(rest) = plain.strip_prefix('→').or_else(|| plain.strip_prefix("->")) {
                if self.end.is_some() {
                    return fail(format!("step #{} already ends: give a leaf one `→` line", self.id));
                }
                let end = ending(rest.trim()).map_err(|message| ContentError::at_line(source, line, message))?;
                self.end = Some((line, end));
                return Ok(());
            }
            if let Some((field, values)) = answer_line(plain) {
                if self.field.is_some() {
                    return fail(format!(
                        "step #{} already names its field: give a step one `field = a | b` line",
                        self.id
                    ));
                }
                self.field = Some((line, field, values));
                return Ok(());
            }
        }
        if self.end.is_some() {
            return fail(format!("the `→` line ends step #{}: it must be the step's last line", self.id));
        }
        self.text.push((line, written.to_string()));
        Ok(())
    }

    fn finish(self, source: &Path, unsafe_html: bool) -> Result<(Step, String, Vec<markdown::Link>), ContentError> {
        let at = |line: usize, message: String| ContentError::at_line(source, line, message);
        if !self.choices.is_empty()
            && let Some((line, _)) = &self.end
        {
            return Err(at(
                *line,
                format!(
                    "step #{} has choices (line {}) and an ending: a step asks a question or ends the flow, not both",
                    self.id, self.choices_line
                ),
            ));
        }
        let mut choices = self.choices;
        let field = match self.field {
            None => None,
            Some((line, field, values)) => {
                if values.len() != choices.len() {
                    return Err(at(
                        line,
                        format!(
                            "`{field} = ...` gives {} values, and step #{} has {} choices: give one value per choice, in order",
                            values.len(),
                            self.id,
                            choices.len()
                        ),
                    ));
                }
                choices.iter_mut().zip(values).for_each(|(c, v)| c.value = Some(v));
                Some(field)
            }
        };
        let end = match self.end {
            Some((line, End::Article { url, title })) => Some(End::Article { url: article_path(&url).ok_or_else(|| at(line, format!("{url:?} is not an article of this locale: write a path relative to the flow, such as `../orders/lost-parcel.md`")))?, title }),
            other => other.map(|(_, end)| end),
        };
        // The text renders as an article two folders deep (`flows/<id>/`) would.
        let markdown: String = self.text.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n\n");
        let rendered = markdown::render(&markdown, &RenderOptions { page_depth: 2, unsafe_html });
        // Lines of the joined text back to the file's: each block starts where it did.
        let mut starts = Vec::new();
        let mut at_line = 1;
        for (line, text) in &self.text {
            starts.push((at_line, *line));
            at_line += text.matches('\n').count() + 2;
        }
        let links = rendered
            .links
            .into_iter()
            .map(|mut link| {
                let (joined, file) =
                    starts.iter().rev().find(|(j, _)| *j <= link.line).copied().unwrap_or((1, self.line));
                link.line = file + (link.line - joined);
                link
            })
            .collect();
        let text = rendered.sections.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ");
        let step =
            Step { id: self.id, title: self.title, html: rendered.html, field, choices, end, line: self.line as u32 };
        Ok((step, text, links))
    }
}

/// The events of each item of the list `events` (which starts and ends the list).
fn list_items<'a, 'e>(events: &'a [(Event<'e>, Range<usize>)]) -> Vec<&'a [(Event<'e>, Range<usize>)]> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, (event, _)) in events.iter().enumerate().skip(1) {
        match event {
            Event::Start(Tag::Item) if depth == 0 => start = i,
            Event::End(TagEnd::Item) if depth == 1 => items.push(&events[start..=i]),
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    items
}

/// The choice a list item is: exactly one link to a step, and nothing else.
fn choice(item: &[(Event<'_>, Range<usize>)], line_of: &dyn Fn(usize) -> usize) -> Option<Choice> {
    let mut link = None;
    let mut label = String::new();
    let mut in_link = false;
    for (event, range) in item {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if link.is_none() => {
                link = Some((dest_url.to_string(), range.start));
                in_link = true;
            }
            Event::End(TagEnd::Link) => in_link = false,
            Event::Start(Tag::Item | Tag::Paragraph | Tag::Emphasis | Tag::Strong) | Event::End(_) => {}
            Event::Text(t) | Event::Code(t) if in_link => label.push_str(t),
            Event::Text(t) if t.trim().is_empty() => {}
            Event::SoftBreak => {}
            _ => return None,
        }
    }
    let (dest, offset) = link?;
    let (flow, step) = step_target(&dest)?;
    Some(Choice { label: label.trim().to_string(), value: None, flow, step, line: line_of(offset) as u32 })
}

/// Where a link to a step leads: `#id` (this flow), `other.md#id` or `other.md` (its start).
fn step_target(dest: &str) -> Option<(Option<String>, Option<String>)> {
    let (file, anchor) = markdown::split_anchor(dest);
    let anchor = anchor.filter(|a| !a.is_empty()).map(str::to_string);
    if file.is_empty() {
        return anchor.map(|a| (None, Some(a)));
    }
    let name = file.strip_prefix("./").unwrap_or(file).strip_suffix(".md")?;
    let valid = !name.is_empty() && !name.contains('/') && !name.contains(':');
    valid.then(|| (Some(name.to_string()), anchor))
}

/// `field = a | b | c`: the field a step's answer fills, and a value per choice.
fn answer_line(text: &str) -> Option<(String, Vec<String>)> {
    if text.contains('\n') {
        return None;
    }
    let (field, values) = text.split_once('=')?;
    let field = field.trim();
    let word = |s: &str| {
        !s.is_empty()
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    };
    let values: Vec<String> = values.split('|').map(|v| v.trim().to_string()).collect();
    (word(field) && values.iter().all(|v| !v.is_empty() && !v.contains(char::is_whitespace)))
        .then(|| (field.to_string(), values))
}

/// A leaf's ending, from the text after its arrow.
fn ending(text: &str) -> Result<End, String> {
    let (kind, rest) = text.split_once(':').map_or((text.trim(), ""), |(k, r)| (k.trim(), r.trim()));
    let urgency = |name: Option<&str>| match name.map(str::trim) {
        None | Some("") => Ok(Urgency::Normal),
        Some(name) => Urgency::named(name).ok_or_else(|| format!("urgency {name:?} is not urgent, normal or low")),
    };
    match kind {
        "resolved" if rest.is_empty() => Ok(End::Resolved),
        "article" if !rest.is_empty() => Ok(End::Article { url: rest.to_string(), title: String::new() }),
        "contact" if !rest.is_empty() => {
            let mut parts = rest.split(',');
            let topic = parts.next().unwrap_or_default().trim().to_string();
            let urgency = urgency(parts.next())?;
            match parts.next() {
                Some(extra) => {
                    Err(format!("`→ contact:` takes a topic and an urgency; {:?} is one too many", extra.trim()))
                }
                None => Ok(End::Contact { topic, urgency }),
            }
        }
        "ticket" if !rest.is_empty() => {
            let (head, evidence) = match rest.split_once('(') {
                Some((head, tail)) => {
                    let inside = tail.trim_end().strip_suffix(')').ok_or("close the list of fields with `)`")?;
                    (head, inside.split(',').map(|f| f.trim().to_string()).filter(|f| !f.is_empty()).collect())
                }
                None => (rest, Vec::new()),
            };
            let mut parts = head.split(',');
            let topic = parts.next().unwrap_or_default().trim().to_string();
            let urgency = urgency(parts.next())?;
            match parts.next() {
                Some(extra) if !extra.trim().is_empty() => Err(format!(
                    "`→ ticket:` takes a topic, an urgency and (fields); {:?} is one too many",
                    extra.trim()
                )),
                _ => Ok(End::Ticket { topic, urgency, evidence }),
            }
        }
        _ => Err(format!("a leaf ends in one of {ENDINGS}; `→ {text}` is none of them")),
    }
}

/// `../orders/lost-parcel.md#anchor`, written in `flows/`, as the article's path in the
/// locale: `orders/lost-parcel#anchor`.
fn article_path(written: &str) -> Option<String> {
    let (file, anchor) = markdown::split_anchor(written);
    let file = file.strip_suffix(".md")?;
    let mut parts: Vec<&str> = vec![FOLDER];
    for part in file.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    if parts.first() == Some(&FOLDER) || parts.is_empty() {
        return None;
    }
    let path = parts.join("/");
    Some(match anchor {
        Some(a) if !a.is_empty() => format!("{path}#{a}"),
        _ => path,
    })
}

/// The locale and id of `content/<locale>/flows/<id>.md`.
fn flow_path(source: &Path) -> Option<(String, String)> {
    let parts: Vec<String> = source.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    match parts.as_slice() {
        [content, locale, folder, file] if content == "content" && folder == FOLDER => {
            Some((locale.clone(), file.strip_suffix(".md")?.to_string()))
        }
        _ => None,
    }
}

fn parse_front(format: Format, front: &str) -> Result<Front, (usize, String)> {
    match format {
        Format::Toml => {
            toml::from_str(front).map_err(|e| (e.span().map_or(0, |s| s.start), e.message().trim_end().to_string()))
        }
        Format::Yaml => {
            serde_saphyr::from_str(front).map_err(|e| (0, e.to_string().lines().next().unwrap_or_default().to_string()))
        }
    }
}

#[cfg(test)]
mod tests;
