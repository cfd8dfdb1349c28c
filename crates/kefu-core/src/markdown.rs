//! The one Markdown entry point: every piece of Markdown kefu renders goes through
//! [`render`], so options, heading ids, link rewriting and sanitising live in one place.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::HashSet;

/// The Markdown extensions kefu enables. Not smart punctuation: it would turn the
/// `--flag` in a heading into `–flag` and break its GitHub-style anchor.
pub fn extensions() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// How to render one article.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// How many folders deep the article's page is below its locale's root, e.g. 2 for
    /// `refunds/policy/`; links to `.md` files are rewritten relative to it.
    pub page_depth: usize,
    /// Pass raw HTML through as written instead of sanitising it.
    pub unsafe_html: bool,
}

/// A rendered article body and what was learnt while rendering it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML body, sanitised unless the site opted out.
    pub html: String,
    /// Every heading, in order, with its id.
    pub headings: Vec<Heading>,
    /// Every link and image, as the author wrote it.
    pub links: Vec<Link>,
    /// The question-and-answer pairs when the article is a list of questions: every
    /// second-level heading is a question. Empty otherwise.
    pub faq: Vec<QuestionAnswer>,
    /// The plain text, cut at second- and third-level headings: the text before the
    /// first heading, then one section per heading. What search indexes.
    pub sections: Vec<Section>,
}

/// A part of the body under one heading, as plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's text; empty for the text before the first heading.
    pub heading: String,
    /// The heading's id.
    pub id: String,
    /// The plain text.
    pub text: String,
}

/// A heading of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The id, from `{#id}` or derived from the text; unique within the article.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
}

/// A link or image in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Whether this is an image.
    pub image: bool,
    /// The destination as written.
    pub dest: String,
    /// Line in the Markdown body, from 1.
    pub line: usize,
}

/// One entry of an FAQ article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionAnswer {
    /// The question: a second-level heading's text.
    pub question: String,
    /// The answer's plain text: everything up to the next second-level heading.
    pub answer: String,
}

/// Renders an article body.
pub fn render(markdown: &str, options: &RenderOptions) -> Rendered {
    let mut out = Rendered { sections: vec![Section::default()], ..Rendered::default() };
    let mut used_ids = HashSet::new();
    let mut has_raw_html = false;
    let line_of = line_index(markdown);

    let mut events: Vec<Event<'_>> = Vec::new();
    // Index into `events` of the open heading, and its text so far.
    let mut open_heading: Option<(usize, String)> = None;
    let mut faq_open: Option<QuestionAnswer> = None;
    let mut all_h2_are_questions = true;

    for (event, range) in Parser::new_ext(markdown, extensions()).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                open_heading = Some((events.len(), String::new()));
                Event::Start(Tag::Heading { level, id, classes, attrs })
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, text)) = open_heading.take() {
                    let text = text.trim().to_string();
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let wanted = id.as_deref().map_or_else(|| slugify(&text), str::to_string);
                        let unique = unique_id(wanted, &mut used_ids);
                        *id = Some(CowStr::from(unique.clone()));
                        out.headings.push(Heading { level: level as u8, id: unique, text: text.clone() });
                    }
                    if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                        let id = out.headings.last().map(|h| h.id.clone()).unwrap_or_default();
                        out.sections.push(Section { heading: text.clone(), id, text: String::new() });
                    }
                    if level == HeadingLevel::H2 {
                        all_h2_are_questions &= text.ends_with(['?', '？']);
                        out.faq.extend(faq_open.take());
                        faq_open = Some(QuestionAnswer { question: text, answer: String::new() });
                    }
                }
                Event::End(TagEnd::Heading(level))
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                out.links.push(Link { image: false, dest: dest_url.to_string(), line: line_of(range.start) });
                let dest_url = rewrite_link(&dest_url, options.page_depth).map_or(dest_url, CowStr::from);
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                out.links.push(Link { image: true, dest: dest_url.to_string(), line: line_of(range.start) });
                let dest_url = rewrite_image(&dest_url).map_or(dest_url, CowStr::from);
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                has_raw_html = true;
                Event::Html(raw)
            }
            other => other,
        };
        if let Event::Text(text) | Event::Code(text) = &event {
            if let Some((_, heading)) = &mut open_heading {
                heading.push_str(text);
            } else {
                out.sections.last_mut().expect("never empty").text.push_str(text);
                if let Some(entry) = &mut faq_open {
                    entry.answer.push_str(text);
                }
            }
        }
        let section = out.sections.last_mut().expect("never empty");
        if matches!(
            &event,
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock)
                | Event::SoftBreak
                | Event::HardBreak
        ) && open_heading.is_none()
            && !section.text.is_empty()
            && !section.text.ends_with(' ')
        {
            section.text.push(' ');
        }
        if let (Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) | Event::SoftBreak, Some(entry)) =
            (&event, &mut faq_open)
            && !entry.answer.ends_with(' ')
        {
            entry.answer.push(' ');
        }
        events.push(event);
    }
    out.faq.extend(faq_open);
    let h2_count = out.headings.iter().filter(|h| h.level == 2).count();
    if !(all_h2_are_questions && h2_count >= 2) {
        out.faq.clear();
    }
    out.faq.iter_mut().for_each(|qa| qa.answer = qa.answer.trim().to_string());
    out.sections.iter_mut().for_each(|s| s.text = s.text.trim_end().to_string());

    out.html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out.html, events.into_iter());
    if has_raw_html && !options.unsafe_html {
        out.html = sanitizer().clean(&out.html).to_string();
    }
    out
}

/// A function from byte offset to line number (from 1) in `text`.
fn line_index(text: &str) -> impl Fn(usize) -> usize + '_ {
    let starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    move |offset| starts.partition_point(|&s| s <= offset)
}

/// The id of a heading, as GitHub derives it, so anchors that work in a repository's
/// preview work on the site: lower case; letters, digits, `-` and `_` of any script
/// kept; each space becomes `-`; everything else dropped.
pub fn slugify(text: &str) -> String {
    let slug: String = text
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect();
    if slug.is_empty() { "section".into() } else { slug }
}

fn unique_id(wanted: String, used: &mut HashSet<String>) -> String {
    let mut id = wanted.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{wanted}-{n}");
        n += 1;
    }
    id
}

/// Whether `dest` points inside the site (no scheme, not protocol-relative).
pub fn is_internal(dest: &str) -> bool {
    !(dest.is_empty()
        || dest.starts_with("//")
        || dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:"))
}

/// Splits `path#anchor`.
pub fn split_anchor(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (dest, None),
    }
}

/// A link to an article's source (`../refunds/policy.md#fees`) becomes a link to its
/// page, relative to the page of the article that links: pages sit one folder deeper
/// than their source files.
fn rewrite_link(dest: &str, page_depth: usize) -> Option<String> {
    if !is_internal(dest) {
        return None;
    }
    let (path, anchor) = split_anchor(dest);
    let stem = path.strip_suffix(".md")?;
    let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    let page = match stem.strip_prefix('/') {
        Some(from_root) => format!("{}{from_root}/", "../".repeat(page_depth)),
        None => format!("../{stem}/"),
    };
    Some(format!("{page}{anchor}"))
}

/// A relative image path is relative to the source file; the page is one folder deeper.
fn rewrite_image(dest: &str) -> Option<String> {
    (is_internal(dest) && !dest.starts_with('/') && !dest.starts_with("data:")).then(|| format!("../{dest}"))
}

/// The sanitiser for raw HTML: ammonia's safe defaults, plus what kefu's own Markdown
/// output uses (heading ids, code classes, task-list checkboxes, footnotes).
fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id", "class"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .link_rel(None);
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        render(markdown, &RenderOptions { page_depth: 2, unsafe_html: false }).html
    }

    #[test]
    fn table_of_renderings() {
        let cases = [
            ("**粗体** and `code`", "<p><strong>粗体</strong> and <code>code</code></p>\n"),
            (
                "| a |\n|---|\n| b |",
                "<table><thead><tr><th>a</th></tr></thead><tbody>\n<tr><td>b</td></tr>\n</tbody></table>\n",
            ),
            ("- [x] done", "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\ndone</li>\n</ul>\n"),
            ("## 七天无理由退货", "<h2 id=\"七天无理由退货\">七天无理由退货</h2>\n"),
            ("## Who pays? {#fees}", "<h2 id=\"fees\">Who pays?</h2>\n"),
            ("```sql\nSELECT 1;\n```", "<pre><code class=\"language-sql\">SELECT 1;\n</code></pre>\n"),
            ("[p](../refunds/policy.md#fees)", "<p><a href=\"../../refunds/policy/#fees\">p</a></p>\n"),
            ("[p](lost.md)", "<p><a href=\"../lost/\">p</a></p>\n"),
            ("[p](/system-variables.md#x)", "<p><a href=\"../../system-variables/#x\">p</a></p>\n"),
            ("[p](https://example.com/a.md)", "<p><a href=\"https://example.com/a.md\">p</a></p>\n"),
            ("![box](images/box.png)", "<p><img src=\"../images/box.png\" alt=\"box\" /></p>\n"),
        ];
        for (markdown, expected) in cases {
            assert_eq!(html(markdown), expected, "{markdown}");
        }
    }

    #[test]
    fn footnotes_survive_sanitising() {
        let out = html("Text[^1] <kbd>Ctrl</kbd>\n\n[^1]: Note.\n");
        assert!(out.contains("<kbd>Ctrl</kbd>"), "{out}");
        assert!(out.contains("class=\"footnote-definition\""), "{out}");
    }

    #[test]
    fn raw_html_is_sanitised_unless_the_site_opts_out() {
        let source =
            "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">x</a>";
        let safe = html(source);
        assert!(!safe.contains("<script") && !safe.contains("onerror") && !safe.contains("javascript:"), "{safe}");
        assert!(safe.contains("<img src=\"x\">"), "{safe}");
        let raw = render(source, &RenderOptions { page_depth: 2, unsafe_html: true }).html;
        assert!(raw.contains("<script>alert(1)</script>"), "{raw}");
    }

    #[test]
    fn headings_get_unique_stable_ids() {
        let out = render("# Refunds\n## How long?\n## How long?\n### 費用 & Fees\n## ???", &RenderOptions::default());
        let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["refunds", "how-long", "how-long-1", "費用--fees", "section"]);
    }

    #[test]
    fn links_are_recorded_with_their_lines() {
        let out = render("Intro\n\nSee [a](a.md) and\n![i](i.png)\n", &RenderOptions::default());
        let links: Vec<_> = out.links.iter().map(|l| (l.image, l.dest.as_str(), l.line)).collect();
        assert_eq!(links, [(false, "a.md", 3), (true, "i.png", 4)]);
    }

    #[test]
    fn a_list_of_questions_is_an_faq() {
        let faq = render(
            "Intro.\n\n## 可以退货吗？\n\n可以，**七天**内。\n\n## How long?\n\n- 1–3 days\n- then the bank\n",
            &RenderOptions::default(),
        )
        .faq;
        assert_eq!(faq.len(), 2);
        assert_eq!(faq[0].question, "可以退货吗？");
        assert_eq!(faq[0].answer, "可以，七天内。");
        assert_eq!(faq[1].answer, "1–3 days then the bank");
        let not_faq = render("## 可以退货吗？\n\nYes.\n\n## Fees\n\nSome.\n", &RenderOptions::default()).faq;
        assert!(not_faq.is_empty());
    }

    #[test]
    fn plain_text_sections_for_search() {
        let out = render(
            "Intro **bold**\nline.\n\n## First {#one}\n\n- a\n- b\n\n### Sub\n\nText.\n",
            &RenderOptions::default(),
        );
        let sections: Vec<_> =
            out.sections.iter().map(|s| (s.heading.as_str(), s.id.as_str(), s.text.as_str())).collect();
        assert_eq!(sections, [("", "", "Intro bold line."), ("First", "one", "a b"), ("Sub", "sub", "Text.")]);
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Who pays the fees?"), "who-pays-the-fees");
        assert_eq!(slugify("tidb_ddl_version 从 v7.6.0 版本开始引入"), "tidb_ddl_version-从-v760-版本开始引入");
    }
}
