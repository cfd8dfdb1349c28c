//! The generated corpus of `bench build` and `bench search`: help articles from a fixed
//! vocabulary, in English or in Chinese, written twice with the same Markdown, as a kefu
//! site and as a Hugo site with a minimal theme. Deterministic: the same articles on
//! every run.

use super::write;
use anyhow::{Result, bail};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Categories of the generated corpus.
const CATEGORIES: usize = 20;

/// The languages a corpus can be generated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English words of a 500-word vocabulary, with spaces.
    En,
    /// Common Chinese customer-service words, run together as Chinese is written.
    ZhCn,
}

impl Lang {
    /// Every language, in the order the benchmark runs them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The locale code, also the content folder's name.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language of a locale code, as `--lang` takes it.
    pub fn parse(code: &str) -> Result<Self> {
        match Self::ALL.into_iter().find(|lang| lang.code().eq_ignore_ascii_case(code)) {
            Some(lang) => Ok(lang),
            None => bail!("--lang takes en and zh-CN, not {code:?}"),
        }
    }

    /// The kefu site's configuration.
    fn kefu_config(self) -> String {
        let name = match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        };
        let code = self.code();
        format!(
            "name = \"Bench\"\nbase-url = \"https://bench.example.com/\"\ndefault-locale = \"{code}\"\n\n\
             [[locales]]\ncode = \"{code}\"\nname = \"{name}\"\n"
        )
    }

    /// The Hugo site's configuration: the page kinds kefu does not make are off; for
    /// Chinese, `hasCJKLanguage` as a Chinese Hugo site sets it (word counts and
    /// summaries by character).
    fn hugo_config(self) -> String {
        let cjk = self == Lang::ZhCn;
        format!(
            "baseURL = \"https://bench.example.com/\"\ntitle = \"Bench\"\nlanguageCode = \"{}\"\n\
             hasCJKLanguage = {cjk}\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n\n\
             [markup.goldmark.renderer]\nunsafe = false\n",
            self.code()
        )
    }

    /// The title of category `n`.
    fn category_title(self, n: usize) -> String {
        match self {
            Lang::En => format!("Category {n}"),
            Lang::ZhCn => format!("分类 {n}"),
        }
    }
}

/// A minimal Hugo theme doing roughly the work of kefu's templates: title, summary, body,
/// category lists and a home page listing the categories.
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        r#"<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ .Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#,
    ),
    (
        "_default/single.html",
        r#"{{ define "main" }}<article>
<p class="article-category"><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></p>
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
<div class="article-body">{{ .Content }}</div>
</article>{{ end }}
"#,
    ),
    (
        "_default/list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul>{{ end }}
"#,
    ),
    (
        "index.html",
        r#"{{ define "main" }}<h1>{{ .Site.Title }}</h1>
{{ range .Sections }}<section><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<ul>{{ range first 10 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></section>{{ end }}{{ end }}
"#,
    ),
];

/// A small deterministic PRNG (SplitMix64), so every run generates the same corpus.
struct Rng(u64);

impl Rng {
    /// The next 64 random bits.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    /// True one time in `n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.range(1, n) == 1
    }

    /// A word of `vocabulary`, skewed towards the first ones so word frequencies fall
    /// off roughly as in real text.
    fn skewed<'a>(&mut self, vocabulary: &[&'a str]) -> &'a str {
        let n = vocabulary.len();
        vocabulary[self.range(0, n - 1) * self.range(1, n) / n]
    }
}

/// Word roots of the generated text; with [`SUFFIXES`] they make a 500-word vocabulary.
const ROOTS: [&str; 50] = [
    "order", "parcel", "refund", "account", "deliver", "payment", "return", "address", "track", "support", "message",
    "service", "product", "invoice", "cancel", "change", "check", "contact", "request", "update", "ship", "charge",
    "review", "report", "receive", "process", "confirm", "store", "price", "card", "bank", "code", "help", "answer",
    "question", "problem", "week", "number", "email", "phone", "package", "item", "team", "agent", "reply", "form",
    "record", "detail", "warrant", "exchange",
];
/// Endings added to [`ROOTS`].
const SUFFIXES: [&str; 10] = ["", "s", "ed", "ing", "er", "ers", "able", "ment", "al", "ly"];
/// Short words mixed in so sentences read a little like English.
const GLUE: [&str; 24] = [
    "the", "a", "to", "of", "and", "in", "is", "for", "you", "your", "we", "it", "on", "with", "that", "this", "be",
    "can", "or", "if", "not", "are", "at", "from",
];

/// Common words of Chinese customer service, the most frequent first, between spaces
/// (as an array, rustfmt would put each on a line of its own).
const ZH_WORDS: &str = "\
    订单 物流 退款 包裹 快递 客服 售后 退货 换货 发票 优惠券 积分 会员 账户 \
    密码 手机 验证码 地址 收货 发货 配送 签收 支付 付款 银行卡 余额 提现 \
    充值 商品 价格 运费 库存 尺码 颜色 质量 保修 维修 安装 预约 取消 修改 \
    查询 申请 审核 处理 联系 投诉 建议 评价 问题 原因 时间 工作日 小时 金额 \
    信息 记录 详情 页面 系统 状态 提交 确认 成功 失败 自动 人工 在线 电话 \
    邮件 短信 通知 平台 店铺 商家 用户 服务 政策 规则 流程 步骤 方式 渠道 \
    凭证 照片 包装 破损 丢失 延迟 超时 到账 原路 退回 补发 赔偿 保价 核实 \
    登录 绑定 注销 实名 认证 门店 自提 上门 取件 寄回 单号 进度 反馈 客户端 \
    设置 升级 版本 异常 提醒 额度 分期 优惠 活动";
/// Particles and function words mixed in, as in written Chinese.
const ZH_GLUE: &str = "的 了 在 是 我 您 可以 请 如果 需要 已经 没有 我们 就 会 和 或 后 时 也 都 能 将 并";

/// Generates Markdown text from the fixed vocabulary of a language.
struct Text {
    rng: Rng,
    articles: usize,
    lang: Lang,
    /// [`ZH_WORDS`] and [`ZH_GLUE`], split.
    zh_words: Vec<&'static str>,
    zh_glue: Vec<&'static str>,
}

impl Text {
    /// One word: a glue word two times in five, else a vocabulary word.
    fn word(&mut self) -> String {
        match self.lang {
            Lang::En => {
                if self.rng.range(1, 5) <= 2 {
                    return GLUE[self.rng.range(0, GLUE.len() - 1)].into();
                }
                let n = ROOTS.len() * SUFFIXES.len();
                let i = self.rng.range(0, n - 1) * self.rng.range(1, n) / n;
                format!("{}{}", ROOTS[i % ROOTS.len()], SUFFIXES[i / ROOTS.len()])
            }
            Lang::ZhCn if self.rng.range(1, 5) <= 2 => self.zh_glue[self.rng.range(0, self.zh_glue.len() - 1)].into(),
            Lang::ZhCn => self.rng.skewed(&self.zh_words).into(),
        }
    }

    /// `count` words, separated by spaces in English, run together in Chinese.
    fn words(&mut self, count: usize) -> String {
        let separator = if self.lang == Lang::En { " " } else { "" };
        (0..count).map(|_| self.word()).collect::<Vec<_>>().join(separator)
    }

    /// A sentence of `lo` to `hi` words, capitalized in English, without the full stop.
    fn sentence(&mut self, lo: usize, hi: usize) -> String {
        let count = self.rng.range(lo, hi);
        let words = self.words(count);
        let mut chars = words.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or_default();
        format!("{first}{}", chars.as_str())
    }

    /// A paragraph: in English 3 to 6 sentences of 6 to 16 words; in Chinese 25 to 60
    /// words in clauses of 4 to 10, between commas, ending in a full stop.
    fn paragraph(&mut self) -> String {
        if self.lang == Lang::En {
            let sentences: Vec<String> = (0..self.rng.range(3, 6)).map(|_| self.sentence(6, 16) + ".").collect();
            return sentences.join(" ");
        }
        let mut left = self.rng.range(25, 60);
        let mut clauses = Vec::new();
        while left > 0 {
            let count = self.rng.range(4, 10).min(left);
            clauses.push(self.words(count));
            left -= count;
        }
        clauses.join("，") + "。"
    }

    /// A relative link sentence to a random other generated article.
    fn link(&mut self) -> String {
        let target = self.rng.range(0, self.articles - 1);
        let (category, article) = (category_slug(target), article_slug(target));
        match self.lang {
            Lang::En => format!("See [{}](../{category}/{article}.md).", self.words(2)),
            Lang::ZhCn => format!("详见[{}](../{category}/{article}.md)。", self.words(2)),
        }
    }

    /// A bullet list of 3 to 6 items.
    fn list(&mut self) -> String {
        let items: Vec<String> = (0..self.rng.range(3, 6)).map(|_| format!("- {}", self.sentence(4, 10))).collect();
        items.join("\n")
    }

    /// A small table of three columns and 3 to 5 rows.
    fn table(&mut self) -> String {
        let mut table = format!("| {} | {} | {} |\n| --- | --- | --- |", self.word(), self.word(), self.word());
        for _ in 0..self.rng.range(3, 5) {
            let _ = write!(table, "\n| {} | {} | {} |", self.words(2), self.word(), self.words(3));
        }
        table
    }

    /// An English article body of 300 to 600 words: an introduction, then `##` sections
    /// with a paragraph each, a bullet list in the first, sometimes a table in the
    /// second, and 1 to 3 links in all.
    fn body_en(&mut self) -> String {
        let target = self.rng.range(300, 600);
        let links = self.rng.range(1, 3);
        let mut blocks = vec![format!("{} {}", self.paragraph(), self.link())];
        let mut section = 0;
        // Sections run about 60 words: stop when one more would overshoot by more than half.
        while count_words(&blocks) + 30 < target || section < 3 {
            section += 1;
            blocks.push(format!("## {}", self.sentence(3, 6)));
            let paragraph = self.paragraph();
            blocks.push(if section < links { format!("{paragraph} {}", self.link()) } else { paragraph });
            match section {
                1 => blocks.push(self.list()),
                2 if self.rng.one_in(3) => blocks.push(self.table()),
                _ => {}
            }
        }
        blocks.join("\n\n") + "\n"
    }

    /// A Chinese article body: an introduction with a link, then 2 to 4 `##` sections
    /// (questions, as help centers title them) of 2 to 4 paragraphs each, a short list
    /// in the first, and a link in the second when there is one more.
    fn body_zh(&mut self) -> String {
        let links = self.rng.range(1, 2);
        let mut blocks = vec![format!("{}{}", self.paragraph(), self.link())];
        for section in 1..=self.rng.range(2, 4) {
            blocks.push(format!("## {}？", self.sentence(3, 6)));
            for _ in 0..self.rng.range(2, 4) {
                blocks.push(self.paragraph());
            }
            if section == 1 {
                blocks.push(self.list());
            }
            if section < links {
                let link = self.link();
                blocks.last_mut().expect("a section has paragraphs").push_str(&link);
            }
        }
        blocks.join("\n\n") + "\n"
    }

    /// One article: TOML front matter with title, summary and order, then the body.
    fn article(&mut self) -> String {
        let (title, summary) = match self.lang {
            Lang::En => (self.sentence(4, 8), self.sentence(10, 24) + "."),
            Lang::ZhCn => (self.sentence(4, 8) + "？", self.sentence(10, 24) + "。"),
        };
        let order = self.rng.range(1, 20);
        let body = if self.lang == Lang::En { self.body_en() } else { self.body_zh() };
        format!("+++\ntitle = \"{title}\"\nsummary = \"{summary}\"\norder = {order}\n+++\n\n{body}")
    }
}

/// Words of prose in `blocks`, leaving out Markdown's `##`, `-` and `|`.
fn count_words(blocks: &[String]) -> usize {
    blocks.iter().flat_map(|b| b.split_whitespace()).filter(|w| w.chars().any(char::is_alphabetic)).count()
}

/// The folder of generated article `i`: articles go round-robin over the categories.
fn category_slug(i: usize) -> String {
    format!("category-{}", i % CATEGORIES + 1)
}

/// The file stem of generated article `i`.
fn article_slug(i: usize) -> String {
    format!("article-{i:05}")
}

/// The source file of generated article `i` in the kefu site at `site`.
pub fn article_file(site: &Path, lang: Lang, i: usize) -> PathBuf {
    site.join("content").join(lang.code()).join(category_slug(i)).join(format!("{}.md", article_slug(i)))
}

/// Generates `articles` articles in `lang`, writing them as a kefu site at `kefu_site`
/// and as a Hugo site at `hugo_site`, with identical article files.
pub fn generate(kefu_site: &Path, hugo_site: &Path, articles: usize, lang: Lang) -> Result<()> {
    write(&kefu_site.join("site/kefu.toml"), &lang.kefu_config())?;
    write(&hugo_site.join("config.toml"), &lang.hugo_config())?;
    for (path, text) in HUGO_LAYOUTS {
        write(&hugo_site.join("layouts").join(path), text)?;
    }
    let content = kefu_site.join("content").join(lang.code());
    for n in 1..=CATEGORIES {
        let (slug, title) = (format!("category-{n}"), lang.category_title(n));
        write(&content.join(&slug).join("_category.toml"), &format!("title = \"{title}\"\norder = {n}\n"))?;
        let index = format!("+++\ntitle = \"{title}\"\nweight = {n}\n+++\n");
        write(&hugo_site.join("content").join(&slug).join("_index.md"), &index)?;
    }
    // The English seed is the one the corpus always had, so its articles stay the same.
    let seed = if lang == Lang::En { 0x6b65_6675 } else { 0x7a68_636e };
    let (zh_words, zh_glue) = (ZH_WORDS.split_whitespace().collect(), ZH_GLUE.split_whitespace().collect());
    let mut text = Text { rng: Rng(seed), articles, lang, zh_words, zh_glue };
    for i in 0..articles {
        let article = text.article();
        let rel = Path::new(&category_slug(i)).join(format!("{}.md", article_slug(i)));
        write(&content.join(&rel), &article)?;
        write(&hugo_site.join("content").join(&rel), &article)?;
    }
    Ok(())
}
