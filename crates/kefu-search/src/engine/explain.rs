//! Why results rank as they do: what each query word looked up and found (expansions,
//! synonyms, corrections, question words), and each result's score taken apart: the
//! matches per field with the field weights, coverage, bonuses, and how strong the
//! evidence is. Authors need it to fix their content, and developers to fix ranking.
//! `kefu search --explain` prints it; the browser never calls it.

use super::lookup::Why;
use super::score::Scored;
use super::{Engine, Hit, PHRASE_BONUS, Prepared, WEIGHTS};
use crate::format::FIELD_COUNT;
use std::fmt;

/// Why a query's results rank as they do.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The query's words and character pairs, and what each looked up.
    pub slots: Vec<SlotReport>,
    /// The results, best first, with the parts of their scores.
    pub results: Vec<Ranked>,
    /// The version of the built-in lexicon the index was built with.
    pub lexicon_version: u16,
}

/// A query word, or CJK character pair, and the dictionary terms it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotReport {
    /// As typed (normalised).
    pub text: String,
    /// What it counts for: 1, or little for a question or function word.
    pub weight: f32,
    /// Whether it is content (not a question word, not a lone CJK character).
    pub content: bool,
    /// The terms it found in the index.
    pub found: Vec<Lookup>,
}

/// A dictionary term a query word stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Lookup {
    /// The term.
    pub term: String,
    /// How the word led to it.
    pub how: How,
    /// What it counts for against the word itself.
    pub weight: f32,
    /// How many documents have it.
    pub docs: usize,
}

/// How a query word led to a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum How {
    /// The word itself.
    Exact,
    /// A word it begins (it is still being typed).
    Prefix,
    /// A word this many typos away.
    Typo(u8),
    /// A synonym rule: what the query has, and what the rule adds.
    Synonym {
        /// The query's words the rule rewrites.
        typed: String,
        /// What they also find.
        to: Vec<String>,
    },
    /// A Chinese character corrected to one that sounds or looks alike.
    Correction {
        /// As typed.
        typed: char,
        /// As the index has it.
        meant: char,
    },
}

/// A result, and the parts of its score.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// The result as [`Engine::search`] gives it.
    pub hit: Hit,
    /// Per query word that matches it, the best of its terms here.
    pub matches: Vec<Match>,
    /// The BM25F sum of the matches.
    pub bm25f: f32,
    /// The share of the query, by rarity, it matches: the score has its square.
    pub coverage: f32,
    /// The title's (or other phrasings') bonus when it holds every query word, else 1.
    pub bonus: f32,
    /// How closely the query's words stand together in it, 0 to 1.
    pub together: f32,
    /// The share of the rarity of the query's content words it matches.
    pub evidence: f32,
    /// Whether it matches a content word or pair at all.
    pub strong: bool,
}

/// A query word's best term in a result.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The query word, by its place in [`Explanation::slots`].
    pub slot: usize,
    /// The term.
    pub term: String,
    /// How the word led to it.
    pub how: How,
    /// How often it occurs in each field: title, other phrasings, headings, body.
    pub tf: [u8; FIELD_COUNT],
    /// What it adds to the BM25F sum.
    pub score: f32,
}

impl Engine {
    /// The explanation of the results `ranked` for a `prepared` query.
    pub(super) fn explanation(&self, prepared: &Prepared<'_>, ranked: Vec<(Hit, Scored)>) -> Explanation {
        let how = |why: Why| match why {
            Why::Exact => How::Exact,
            Why::Prefix => How::Prefix,
            Why::Typo(d) => How::Typo(d),
            Why::Synonym(n) => {
                let (range, synonym) = &prepared.synonyms[usize::from(n)];
                let typed = prepared.slots[range.clone()].iter().map(|s| s.raw.as_str()).collect::<Vec<_>>();
                How::Synonym { typed: typed.join(" "), to: synonym.to.clone() }
            }
            Why::Correction { typed, meant } => How::Correction { typed, meant },
        };
        let slots = prepared
            .slots
            .iter()
            .zip(&prepared.expansions)
            .map(|(slot, found)| SlotReport {
                text: slot.raw.clone(),
                weight: slot.weight,
                content: slot.is_content(),
                found: found
                    .iter()
                    .map(|e| Lookup {
                        term: self.term(e).to_string(),
                        how: how(e.why),
                        weight: e.weight,
                        docs: self.postings(e).len(),
                    })
                    .collect(),
            })
            .collect();
        let results = ranked
            .into_iter()
            .map(|(hit, scored)| {
                let mut matches = Vec::new();
                for (i, (slot, found)) in prepared.slots.iter().zip(&prepared.expansions).enumerate() {
                    let mut best: Option<Match> = None;
                    let (idfs, _) = self.rarities(slot, found);
                    for (e, &idf) in found.iter().zip(&idfs) {
                        let postings = self.postings(e);
                        let mut doc = 0;
                        let Some(p) = postings.iter().find(|p| {
                            doc += p.gap;
                            doc >= hit.doc
                        }) else {
                            continue;
                        };
                        if doc != hit.doc {
                            continue;
                        }
                        let score = self.posting_score(e.weight * slot.weight, idf, doc, p);
                        if best.as_ref().is_none_or(|b| score > b.score) {
                            best = Some(Match {
                                slot: i,
                                term: self.term(e).to_string(),
                                how: how(e.why),
                                tf: p.tf,
                                score,
                            });
                        }
                    }
                    matches.extend(best);
                }
                Ranked {
                    hit,
                    matches,
                    bm25f: scored.bm25f,
                    coverage: scored.coverage,
                    bonus: scored.bonus,
                    together: scored.together,
                    evidence: scored.evidence,
                    strong: scored.strong,
                }
            })
            .collect();
        Explanation { slots, results, lexicon_version: self.root.lexicon_version }
    }
}

impl fmt::Display for How {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            How::Exact => write!(f, "as typed"),
            How::Prefix => write!(f, "completes the word being typed"),
            How::Typo(d) => write!(f, "{d} typo{} away", if *d == 1 { "" } else { "s" }),
            How::Synonym { typed, to } => write!(f, "synonym: {typed} => {}", to.join(", ")),
            How::Correction { typed, meant } => write!(f, "corrected: {typed} → {meant}, alike in sound or shape"),
        }
    }
}

impl fmt::Display for Explanation {
    /// The text `kefu search --explain` prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = ["title", "other phrasings", "headings", "body"];
        let weights: Vec<String> = names.iter().zip(WEIGHTS).map(|(n, w)| format!("{n} ×{w}")).collect();
        writeln!(
            f,
            "query words (field weights: {}; built-in lexicon v{}):",
            weights.join(", "),
            self.lexicon_version
        )?;
        for (i, slot) in self.slots.iter().enumerate() {
            let role = if slot.content {
                String::new()
            } else if slot.weight < 1.0 {
                format!(" (question or function word, ×{})", slot.weight)
            } else {
                " (a lone character: weak evidence)".into()
            };
            writeln!(f, "  [{i}] {}{role}", slot.text)?;
            if slot.found.is_empty() {
                writeln!(f, "      not in the index")?;
            }
            for lookup in &slot.found {
                let docs = lookup.docs;
                writeln!(
                    f,
                    "      {}: {}, ×{}, in {docs} document{}",
                    lookup.term,
                    lookup.how,
                    lookup.weight,
                    plural(docs)
                )?;
            }
        }
        for (rank, r) in self.results.iter().enumerate() {
            writeln!(f, "\n{}. {}  /{}  (score {:.3})", rank + 1, r.hit.title, r.hit.url, r.hit.score)?;
            for m in &r.matches {
                let fields: Vec<String> =
                    names.iter().zip(m.tf).filter(|(_, tf)| *tf > 0).map(|(n, tf)| format!("{n} {tf}")).collect();
                let text = &self.slots[m.slot].text;
                writeln!(f, "   [{}] {text} → {} ({}): {} → {:.3}", m.slot, m.term, m.how, fields.join(", "), m.score)?;
            }
            let phrase = 1.0 + PHRASE_BONUS * r.together;
            writeln!(
                f,
                "   BM25F {:.3} × coverage² {:.3} (of the query by rarity: {:.2}) × bonus {} × words together {:.2} = {:.3}",
                r.bm25f,
                r.coverage * r.coverage,
                r.coverage,
                r.bonus,
                phrase,
                r.hit.score
            )?;
            let strength = if !r.strong {
                "weak: no content word matches, only question words or lone characters".to_string()
            } else if r.hit.weak {
                format!("weak: it matches {:.0}% of what the content words ask", r.evidence * 100.0)
            } else {
                format!("it matches {:.0}% of what the content words ask", r.evidence * 100.0)
            };
            writeln!(f, "   evidence: {strength}")?;
        }
        if self.results.first().is_none_or(|r| r.hit.weak) {
            writeln!(f, "\nno good answer: a way to reach a person serves better than these")?;
        }
        Ok(())
    }
}

/// `s` for a count other than one.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
