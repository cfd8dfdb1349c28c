//! `kefu new <dir>`: a starter site to write a help center from.

use crate::error::{Error, IoContext};
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "site/kefu.toml",
        r##"# kefu site configuration. Every key is checked: a typo is an error.
name = "Help Center"
base-url = "https://help.example.com/"
default-locale = "en"

[[locales]]
code = "en"
name = "English"
description = "Answers to common questions, and how to reach us."

[brand]
color = "#0b6bcb"
"##,
    ),
    (
        "content/en/getting-started/_category.toml",
        "title = \"Getting started\"\ndescription = \"The basics.\"\norder = 1\n",
    ),
    (
        "content/en/getting-started/welcome.md",
        r##"+++
title = "How do I use this help center?"
summary = "Search for your question, browse by topic, or contact us."
questions = ["where do I start", "how to find an answer"]
tags = ["basics"]
order = 1
+++

Type your question in the search box, or browse the topics on the home page.

## Still stuck?

Use the **Help** button at the bottom of every page, or see [how to contact us](contact.md).
"##,
    ),
    (
        "content/en/getting-started/contact.md",
        r##"+++
title = "How do I contact support?"
summary = "Write to us and we answer within one working day."
order = 2
+++

Send us a message with your order number and what happened. We answer within one working day.
"##,
    ),
    (
        "content/en/flows/find-an-answer.md",
        r##"+++
title = "I can't find an answer"
summary = "Two questions, and we point you to the right place."
topic = "general"
+++

## What are you looking for? {#start}

- [How this help center works](#basics)
- [Someone to talk to](#person)

## How this help center works {#basics}

Search from the box on every page, or browse the topics on the home page.

→ article: ../getting-started/welcome.md

## Someone to talk to {#person}

Tell us what happened and your order number, and we answer within one working day.

→ article: ../getting-started/contact.md
"##,
    ),
];

/// Writes a starter site into `dir`, which must be empty or not exist yet.
pub fn create(dir: &Path) -> Result<usize, Error> {
    if dir.exists() && std::fs::read_dir(dir).at(dir)?.next().is_some() {
        return Err(Error::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "the folder is not empty: choose a new or empty one",
            ),
        });
    }
    for (path, text) in FILES {
        let path = dir.join(path);
        let parent = path.parent().expect("starter files live in folders");
        std::fs::create_dir_all(parent).at(parent)?;
        std::fs::write(&path, text).at(&path)?;
    }
    Ok(FILES.len())
}
