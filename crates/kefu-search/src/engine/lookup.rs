//! What a query's slot stands for in the dictionary: its own term, the terms it begins
//! (the word being typed), terms a typo away, a synonym's words, and Chinese character
//! pairs with one character corrected to one that sounds or looks alike. Each counts
//! less than the term itself, so that what the visitor typed ranks first.

use super::{Engine, Needs};
use crate::distance::{allowed_typos, within};
use crate::format::{Posting, Synonym};
use crate::query::{self, Slot, SlotKind};
use std::ops::{Range, RangeInclusive};

/// A prefix or corrected word counts less than the word typed in full.
const PREFIX_WEIGHT: f32 = 0.8;
const TYPO_WEIGHT: [f32; 3] = [1.0, 0.6, 0.4];
/// What a synonym's words count for against the words typed. On the labelled queries'
/// tuning half, 0.5 to 0.9 gave the same recall@1: what matters is that it is below 1.
const SYNONYM_WEIGHT: f32 = 0.7;
/// What a character pair with a character corrected counts for against the pair typed.
const CORRECTION_WEIGHT: f32 = 0.7;
/// How many expansions one prefix may have.
const MAX_EXPANSIONS: usize = 40;
/// How many corrections of one character are tried (the commonest in the index first).
const MAX_CORRECTIONS: usize = 8;
/// How many term shards not loaded yet the corrections of one query may fetch: on a big
/// index, each corrected first character lies in another shard.
const MAX_CORRECTION_SHARDS: usize = 4;

/// Why a dictionary term stands for a slot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Why {
    /// It is the slot's own term.
    Exact,
    /// It begins with the word being typed.
    Prefix,
    /// It is that many typos away.
    Typo(u8),
    /// A synonym rule adds it: the index of the rule in the query's synonyms.
    Synonym(u16),
    /// The slot's character pair with `typed` corrected to `meant`.
    Correction {
        /// The character as typed.
        typed: char,
        /// The character of the index it may have been typed for.
        meant: char,
    },
}

impl Why {
    /// What a term found this way counts for.
    fn weight(self) -> f32 {
        match self {
            Why::Exact => 1.0,
            Why::Prefix => PREFIX_WEIGHT,
            Why::Typo(d) => TYPO_WEIGHT[usize::from(d.min(2))],
            Why::Synonym(_) => SYNONYM_WEIGHT,
            Why::Correction { .. } => CORRECTION_WEIGHT,
        }
    }
}

/// A dictionary term a slot matched, with how much it counts.
#[derive(Debug, Clone)]
pub(super) struct Expansion {
    pub shard: usize,
    pub index: usize,
    pub weight: f32,
    pub why: Why,
}

/// Per slot, the terms the synonyms in the query add to it.
pub(super) fn synonym_terms(slots: &[Slot], synonyms: &[(Range<usize>, &Synonym)]) -> Vec<Vec<(String, Why)>> {
    let mut added = vec![Vec::new(); slots.len()];
    for (n, (range, synonym)) in synonyms.iter().enumerate() {
        let why = Why::Synonym(n as u16);
        let terms: Vec<String> = synonym.to.iter().flat_map(|phrase| query::added_terms(phrase)).collect();
        for slot in range.clone() {
            for term in &terms {
                let list: &mut Vec<(String, Why)> = &mut added[slot];
                if !list.iter().any(|(t, _)| t == term) {
                    list.push((term.clone(), why));
                }
            }
        }
    }
    added
}

impl Engine {
    /// The term shards a slot's lookups touch, each once.
    pub(super) fn term_shards_for(&self, slot: &Slot) -> Vec<usize> {
        let mut shards = vec![self.shard_of(&slot.term)];
        if slot.prefix {
            shards.extend(self.shards_in(&slot.raw, &upper_bound(&slot.raw)));
        }
        if slot.fuzzy {
            shards.extend(self.typo_shards(slot));
        }
        super::distinct(shards)
    }

    /// The term shards typos of a slot are looked for in: those of the terms with the
    /// same first letter, or the same first two when the first spans many shards.
    fn typo_shards(&self, slot: &Slot) -> RangeInclusive<usize> {
        let first: String = slot.raw.chars().take(1).collect();
        let range = self.shards_in(&first, &upper_bound(&first));
        if range.clone().count() > 4 {
            let two: String = slot.raw.chars().take(2).collect();
            return self.shards_in(&two, &upper_bound(&two));
        }
        range
    }

    /// The term shard whose range holds `term`.
    pub(super) fn shard_of(&self, term: &str) -> usize {
        self.root.term_shards.partition_point(|first| first.as_str() <= term).saturating_sub(1)
    }

    /// The term shards overlapping `[low, high)`.
    fn shards_in(&self, low: &str, high: &str) -> RangeInclusive<usize> {
        self.shard_of(low)..=self.shard_of(high)
    }

    /// The dictionary term of an expansion.
    pub(super) fn term(&self, e: &Expansion) -> &str {
        &self.terms[e.shard].terms[e.index]
    }

    /// The postings of an expansion's term.
    pub(super) fn postings(&self, e: &Expansion) -> &[Posting] {
        self.terms[e.shard].postings.get(e.index)
    }

    /// Where `term` is in the dictionary, if it is there and its shard is loaded.
    fn find_term(&self, term: &str) -> Option<(usize, usize)> {
        let shard = self.shard_of(term);
        self.terms.get(shard).and_then(|s| s.terms.binary_search_by(|t| t.as_str().cmp(term)).ok()).map(|i| (shard, i))
    }

    /// The dictionary terms a slot matches by itself, exact first.
    pub(super) fn expand(&self, slot: &Slot) -> Vec<Expansion> {
        let mut found = Vec::new();
        let exact = self.find_term(&slot.term);
        if let Some((shard, index)) = exact {
            found.push(Expansion { shard, index, weight: 1.0, why: Why::Exact });
        }
        // Each term once: the exact one may also be a prefix match; the typo scan runs
        // only when nothing else matched, over distinct shards.
        let add = |shard: usize, index: usize, why: Why, found: &mut Vec<Expansion>| {
            if Some((shard, index)) != exact {
                found.push(Expansion { shard, index, weight: why.weight(), why });
            }
        };
        if slot.prefix {
            let mut count = 0;
            for shard in self.shards_in(&slot.raw, &upper_bound(&slot.raw)) {
                let Some(terms) = self.terms.get(shard).map(|s| &s.terms) else { continue };
                let start = terms.partition_point(|t| t.as_str() < slot.raw.as_str());
                let matching = terms[start..].iter().take_while(|t| t.starts_with(&slot.raw)).count();
                for index in start..start + matching.min(MAX_EXPANSIONS - count) {
                    add(shard, index, Why::Prefix, &mut found);
                    count += 1;
                }
            }
        }
        if slot.fuzzy && found.is_empty() {
            let max = allowed_typos(slot.raw.chars().count());
            let first = slot.raw.chars().next();
            for shard in self.term_shards_for(slot) {
                let Some(terms) = self.terms.get(shard).map(|s| &s.terms) else { continue };
                for (index, term) in terms.iter().enumerate().filter(|(_, t)| t.chars().next() == first) {
                    let distance = within(&slot.term, term, max).or_else(|| within(&slot.raw, term, max));
                    if let Some(d) = distance {
                        add(shard, index, Why::Typo(d.min(2) as u8), &mut found);
                    }
                }
            }
        }
        found
    }

    /// Adds `term`, found for a slot by `why`, if the dictionary has it and the slot has
    /// not matched it already.
    pub(super) fn add_looked_up(&self, found: &mut Vec<Expansion>, term: &str, why: Why) {
        if let Some((shard, index)) = self.find_term(term)
            && !found.iter().any(|e| (e.shard, e.index) == (shard, index))
        {
            found.push(Expansion { shard, index, weight: why.weight(), why });
        }
    }

    /// Per slot, the character pairs the index has that a pair it lacks may have been
    /// typed for, one character corrected (see [`crate::confusables`]).
    ///
    /// A character is corrected only when no pair it stands in is in the index: a
    /// wrong character breaks both its pairs, while a pair the index lacks between two
    /// words of a question (递三 in 快递三天) has both characters in pairs it has. Only
    /// corrections whose pair the index has are kept, so nothing blows up.
    pub(super) fn corrections(&self, slots: &[Slot]) -> Result<Vec<Vec<(String, Why)>>, Needs> {
        let mut corrections = vec![Vec::new(); slots.len()];
        let known = |s: &Slot| self.find_term(&s.term).is_some();
        let pair_at = |position: u32| slots.iter().find(|s| s.kind == SlotKind::Pair && s.position == position);
        let mut suspects = Vec::new();
        for (i, slot) in slots.iter().enumerate() {
            if slot.kind != SlotKind::Pair || !slot.is_content() || known(slot) {
                continue;
            }
            let chars: Vec<char> = slot.term.chars().collect();
            let left = slot.position.checked_sub(1).and_then(pair_at).is_some_and(known);
            let right = pair_at(slot.position + 1).is_some_and(known);
            for (at, alone) in [(0, !left), (1, !right)] {
                if alone && !query::never_corrected(chars[at]) {
                    suspects.push((i, at, chars.clone()));
                }
            }
        }
        if suspects.is_empty() {
            return Ok(corrections);
        }
        let Some(file) = self.root.confusables_file() else { return Ok(corrections) };
        let Some(confusables) = &self.confusables else { return Err(Needs(vec![file])) };
        let mut candidates = Vec::new();
        for (i, at, chars) in suspects {
            for meant in confusables.corrections(chars[at]).into_iter().take(MAX_CORRECTIONS) {
                let mut pair = chars.clone();
                pair[at] = meant;
                candidates.push((i, pair.into_iter().collect::<String>(), Why::Correction { typed: chars[at], meant }));
            }
        }
        // The shards not loaded yet that the candidates may fetch, the likelier first.
        let mut fetched = Vec::new();
        candidates.retain(|(_, pair, _)| {
            let shard = self.shard_of(pair);
            if self.terms.has(shard) || fetched.contains(&shard) {
                return true;
            }
            let room = fetched.len() < MAX_CORRECTION_SHARDS;
            if room {
                fetched.push(shard);
            }
            room
        });
        self.require(fetched, true)?;
        for (i, pair, why) in candidates {
            if self.find_term(&pair).is_some() {
                corrections[i].push((pair, why));
            }
        }
        Ok(corrections)
    }
}

/// The smallest string greater than every string starting with `prefix`.
fn upper_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}
